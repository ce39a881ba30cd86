"""The attendee's and manager's pages, reached from the links in the emails
(training/links.py), the certificate check, and the open data.

Every page of one booking is found by its signed link, only on its own
partnership's site, and is never kept by the edge or a browser's shared
cache (``never_cache``): it names a person.
"""

import csv
import io

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_http_methods
from wagtail.models import Site

from site_core.models import Partnership

from . import booking as bookings
from . import links
from .figures import open_data_rows
from .forms import EvaluationForm, ManagerDecisionForm
from .models.records import Booking, Status


def _booking(request, token, salt=links.ATTENDEE):
    reference = links.reference_from(token, salt)
    site = Site.find_for_request(request)
    found = (
        Booking.objects.select_related("session__course", "partnership__site", "agency")
        .filter(reference=reference, partnership__site=site, personal_data_removed_at=None)
        .first()
        if reference
        else None
    )
    if found is None:
        raise Http404
    return found


def _page(request, template, booking, status=200, **context):
    context.update(
        {"booking": booking, "session": booking.session, "course": booking.session.course}
    )
    context.setdefault("token", links.token(booking))
    return render(request, f"training/{template}", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def booking_page(request, token):
    """The attendee's booking: what is booked, and cancel or accept an offer."""
    booking = _booking(request, token)
    done = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "cancel" and booking.can_cancel:
            booking = bookings.cancel(booking)
            done = "cancelled"
        elif action == "accept" and booking.status == Status.OFFERED:
            booking = bookings.accept_offer(booking)
            done = "accepted" if booking.status != Status.OFFERED else "too_late"
        elif action not in ("cancel", "accept"):
            return _page(request, "booking.html", booking, status=400, done="unknown")
    return _page(request, "booking.html", booking, done=done)


@never_cache
def booked(request, token):
    """Straight after booking: check your email."""
    return _page(request, "booked.html", _booking(request, token))


@never_cache
def confirm(request, token):
    booking = bookings.confirm_email(_booking(request, token))
    return _page(request, "booking.html", booking, done="confirmed")


@never_cache
@require_http_methods(["GET", "POST"])
def manager(request, token):
    booking = _booking(request, token, links.MANAGER)
    form = ManagerDecisionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and booking.status == Status.AWAITING_MANAGER:
            booking = bookings.manager_decides(booking, form.cleaned_data["decision"] == "approve")
        elif not form.is_valid():
            status = 400
    return _page(request, "manager.html", booking, status=status, form=form, token=token)


@never_cache
def certificate(request, token):
    booking = _booking(request, token)
    if booking.status != Status.ATTENDED:
        raise Http404
    return _page(request, "certificate.html", booking, verify_url=links.verify_url(booking))


@never_cache
@require_http_methods(["GET", "POST"])
def evaluation(request, token):
    booking = _booking(request, token)
    if booking.status != Status.ATTENDED:
        raise Http404
    if hasattr(booking, "evaluation"):
        return _page(request, "evaluation.html", booking, sent=True)
    form = EvaluationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            form.instance.booking = booking
            form.save()
            return redirect(request.path)
        return _page(request, "evaluation.html", booking, status=400, form=form)
    return _page(request, "evaluation.html", booking, form=form)


@never_cache
def verify(request, reference):
    """Anyone shown a certificate can check it here: whether it is genuine."""
    site = Site.find_for_request(request)
    booking = (
        Booking.objects.select_related("session__course", "partnership")
        .filter(reference=reference, partnership__site=site, status=Status.ATTENDED)
        .first()
    )
    if booking is None:
        raise Http404
    return render(
        request,
        "training/verify.html",
        {"booking": booking, "session": booking.session, "course": booking.session.course},
    )


@cache_control(public=True, max_age=0, s_maxage=3600)
def open_data(request):
    """Training figures of this site's partnership, counts only, small ones suppressed."""
    partnership = Partnership.for_request(request)
    if partnership is None:
        raise Http404
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["period", "measure", "breakdown", "value", "suppressed"])
    for period, measure, breakdown, value, suppressed in open_data_rows(partnership):
        writer.writerow([period, measure, breakdown, value, "true" if suppressed else "false"])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="training.csv"'
    return response
