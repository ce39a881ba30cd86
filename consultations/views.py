"""Receiving a reader's answers.

**No cookie, so no CSRF token.** The answers are sent to this view, which is
exempt from Django's CSRF check: CSRF stops another site making a signed-in
person's browser act for them, and answering is anonymous and acts for
nobody (the view never reads who is signed in), so a forged answer is no
more than anyone could send by hand. What stops floods is the rate limit,
the honeypot and the time check (consultations/forms.py), none of which
needs a cookie. The page with the form therefore sets no cookie either and
stays shareable at the edge like any public page.

**Nothing about the sender is kept**: not the user, not the address (the
rate limit counts a hash of it in the cache, for minutes), not the time of
day. See ConsultationResponse.
"""

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Site

from accounts.ratelimits import client_address, limit
from site_core.models import Partnership
from site_core.visibility import is_public

from .forms import answer_form, started_token
from .models import Answer, ConsultationPage, ConsultationResponse

RATE_LIMIT = "consultation-answer"


def _consultation(request, page_id):
    """A live, public consultation of the site asked for; any other is a 404."""
    page = get_object_or_404(ConsultationPage.objects.live(), pk=page_id)
    site = Site.find_for_request(request)
    if site is None or not page.path.startswith(site.root_page.path) or not is_public(page):
        raise Http404("No such consultation on this site.")
    return page


@csrf_exempt
@require_POST
def answer(request, page_id, audience):
    page = _consultation(request, page_id)
    version = page.version_for(audience)
    if version is None:
        raise Http404("This consultation has no such version.")
    form = answer_form(version)(request.POST)
    if not page.is_open:
        form.add_error(None, f"This consultation is {page.get_status_display().lower()}.")
        return _again(request, page, version, form, status=410)
    if form.caught_by_honeypot:
        # A script: thanked like anyone else, so it learns nothing, and nothing is kept.
        return redirect(page.url + page.reverse_subpage("thanks", args=[version.slug]))
    if not form.is_valid():
        return _again(request, page, version, form, status=400)
    refused = form.too_quick_or_stale()
    if refused:
        form.add_error(None, refused)
        return _again(request, page, version, form, status=400)
    rule = limit(RATE_LIMIT)
    if rule.exceeded(f"address:{client_address(request)}"):
        form.add_error(
            None,
            f"Many answers have been sent from your connection in a short time. Wait "
            f"{rule.minutes} minutes, then send again: your answers are still here.",
        )
        return _again(request, page, version, form, status=429, retry_after=rule.seconds)
    _keep(page, version, form)
    return redirect(page.url + page.reverse_subpage("thanks", args=[version.slug]))


def _again(request, page, version, form, status, retry_after=None):
    """The form again, with what was typed and what is wrong, and a fresh start
    time so that sending again passes the time check."""
    data = form.data.copy()
    data["started"] = started_token()
    form.data = data
    response = page.render_version(request, version, form, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@transaction.atomic
def _keep(page, version, form):
    response = ConsultationResponse.objects.create(
        partnership=Partnership.for_site(page.get_site()),
        consultation=page,
        audience=version.audience,
    )
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question_id=child.id,
            question=form.fields[f"q_{child.id}"].label[:300],
            kind=_kind(child.block_type),
            value=str(value),
        )
        for child, values in form.answers()
        for value in values
    )
    return response


def _kind(block_type):
    return {"free_text": "text", "contact_detail": "contact"}.get(block_type, block_type)
