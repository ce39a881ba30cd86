"""Open data (Popolo JSON, CSV) and signing out of the members' area."""

import json

from django.contrib.auth import logout
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_POST
from wagtail.models import Site

from site_core.models import Partnership

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
    from .models import MembersAreaPage, is_board_member

    site = Site.find_for_request(request)
    if site is not None and request.user.is_authenticated:
        partnership = Partnership.for_site(site)
        if partnership is not None and is_board_member(request.user, partnership):
            members = MembersAreaPage.objects.live().descendant_of(site.root_page).first()
            if members is not None:
                return redirect(members.get_url(request))
    return redirect("/")
