"""Open data (Popolo JSON, CSV), signing out of the members' area, and a member's
private calendar feed."""

import json

from django.contrib.auth import logout
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_POST
from wagtail.models import Site

from site_core.models import Partnership

from . import calendars, my_boards
from .models import MemberAccount, MembersAreaPage, is_board_member
from .models.members import hash_token
from .popolo import memberships_csv, popolo


def _open_data(request, name, build):
    """``build(partnership)`` for this site's partnership (the edge keeps it
    for a while: the views' Cache-Control)."""
    if Site.find_for_request(request) is None:
        raise Http404("No site answers at this address.")
    partnership = Partnership.for_request(request)
    return build(partnership)


def _popolo_json(partnership):
    return json.dumps(popolo(partnership), cls=DjangoJSONEncoder, ensure_ascii=False)


@cache_control(public=True, max_age=60 * 10)
def governance_json(request):
    data = _open_data(request, "popolo-json", _popolo_json)
    response = HttpResponse(data.encode(), content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@cache_control(public=True, max_age=60 * 10)
def governance_csv(request):
    data = _open_data(request, "memberships-csv", memberships_csv)
    response = HttpResponse(data.encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="memberships.csv"'
    return response


@require_POST
def sign_out(request):
    logout(request)
    return redirect("/")


@never_cache
def signed_in(request):
    """Where the public sign-in page lands without a ``next`` (LOGIN_REDIRECT_URL):
    a board member's own members' area on this partnership's site, anyone else
    the home page (the members' area would only ask them to sign in again)."""

    site = Site.find_for_request(request)
    if site is not None and request.user.is_authenticated:
        partnership = Partnership.for_site(site)
        if partnership is not None and is_board_member(request.user, partnership):
            members = MembersAreaPage.objects.live().descendant_of(site.root_page).first()
            if members is not None:
                return redirect(members.get_url(request))
    return redirect("/")


def private_feed(request, token):
    """The member's own feed: every meeting (public and members-only) of the
    bodies they sit on, in the partnership of this site only.

    Answers 404 for an unknown or revoked token, a token used on another
    partnership's site, and a member who has lost the partnership's roles.
    """
    if not token or len(token) > 100 or Site.find_for_request(request) is None:
        raise Http404
    partnership = Partnership.for_request(request)
    account = (
        MemberAccount.objects.select_related("person", "user")
        .filter(calendar_token_hash=hash_token(token), person__partnership=partnership)
        .first()
    )
    if account is None or not account.user.is_active:
        raise Http404
    if not is_board_member(account.user, partnership):
        raise Http404
    members_page = MembersAreaPage.objects.live().descendant_of(partnership.site.root_page).first()
    meetings = my_boards.meetings_of(my_boards.member_bodies(account.person)).order_by("date")
    entries = []
    for meeting in meetings:
        url = ""
        if members_page is not None:
            url = my_boards.members_sub_url(
                members_page, request, "meeting_detail", full=True, meeting_id=meeting.pk
            )
        entries.append((meeting, url))
    cal = calendars.calendar(f"My meetings: {partnership.short_name or partnership.name}", entries)
    return calendars.response(cal, private=True)
