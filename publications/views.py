"""Readers' requests for a document in a format they can use.

(The listings and the plan serve themselves: publications/models/listing.py,
publications/models/plan.py, with publications/filters.py.)
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import send_mail
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Site

from accounts.ratelimits import client_address, limit
from site_core.models import Partnership

from .forms import AccessibleFormatRequestForm
from .models import (
    AccessibleFormatRequest,
    PublicationDocumentLink,
    PublicationPage,
)


def _requestable_document(request, document_id):
    """A public, not-fully-accessible document attached to a live, public publication
    of this site (never a members' paper, whatever page links it)."""
    site = Site.find_for_request(request)
    document = get_object_or_404(
        get_document_model(), pk=document_id, fully_accessible=False, public=True
    )
    pages = (
        PublicationPage.objects.live()
        .public()
        .filter(pk__in=PublicationDocumentLink.objects.filter(document=document).values("page_id"))
    )
    if site is not None:
        pages = pages.in_site(site)
    page = pages.first()
    if page is None:
        raise Http404("No public publication offers this document.")
    return document, page


def _too_many_requests(request, form):
    """Five requests an hour from one address, or for one email address.

    Each request is an email to the partnership's inbox: without a limit a
    script could fill it. The form keeps what was typed and says why.
    """
    rule = limit("accessible-format")
    if not rule.exceeded(f"address:{client_address(request)}", form.cleaned_data["email"]):
        return False
    form.add_error(
        None,
        f"You have sent several requests in a short time. Please wait {rule.minutes} "
        "minutes before sending another, or contact the partnership by phone or email "
        "(see Contact us).",
    )
    return True


def request_accessible_format(request, document_id):
    document, page = _requestable_document(request, document_id)
    if request.GET.get("sent") == "1":
        return render(
            request,
            "publications/accessible_format_sent.html",
            {"document": document, "publication": page},
        )
    form = AccessibleFormatRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and _too_many_requests(request, form):
            status = 429
        elif form.is_valid():
            record = AccessibleFormatRequest.objects.create(
                document=document,
                page=page,
                partnership=Partnership.for_request(request),
                **form.cleaned_data,
            )
            # Each partnership's requests go to its own inbox, never another's.
            partnership = record.partnership
            recipient = partnership.requests_email or getattr(
                settings, "ACCESSIBLE_FORMAT_REQUEST_EMAIL", ""
            )
            if recipient:
                # Through the task queue (operations/mail.py): the reader never waits
                # for the mail server.
                send_mail(
                    subject=f"{partnership.short_name}: accessible format request: "
                    f"{document.title}",
                    message=(
                        f"{record.name} <{record.email}> asked for “{document.title}” as "
                        f"{record.get_format_display()}.\n\n{record.details}\n\n"
                        f"Publication: {page.full_url}\nHandle it in the admin under "
                        "Publications > Accessible format requests."
                    ),
                    from_email=None,
                    recipient_list=[recipient],
                )
            url = reverse("publications:accessible_format", args=[document.pk])
            return redirect(f"{url}?{urlencode({'sent': '1'})}")
        else:
            status = 400
    return render(
        request,
        "publications/accessible_format_form.html",
        {"document": document, "publication": page, "form": form},
        status=status,
    )
