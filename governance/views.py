"""Open data (Popolo JSON, CSV) and signing out of the members' area."""

from django.contrib.auth import logout
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST
from wagtail.models import Site

from site_core.models import Partnership

from .popolo import memberships_csv, popolo


def _partnership(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site answers at this address.")
    return Partnership.for_site(site)


@cache_control(public=True, max_age=60 * 10)
def governance_json(request):
    response = JsonResponse(popolo(_partnership(request)), json_dumps_params={"indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@cache_control(public=True, max_age=60 * 10)
def governance_csv(request):
    response = HttpResponse(memberships_csv(_partnership(request)), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="memberships.csv"'
    return response


@require_POST
def sign_out(request):
    logout(request)
    return redirect("/")
