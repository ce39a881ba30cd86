"""Open data (Popolo JSON, CSV) and signing out of the members' area."""

import json

from django.contrib.auth import logout
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST
from wagtail.models import Site

from site_core.cache import remember
from site_core.models import Partnership

from .popolo import memberships_csv, popolo


def _partnership(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site answers at this address.")
    return Partnership.for_request(request)


@cache_control(public=True, max_age=60 * 10)
def governance_json(request):
    partnership = _partnership(request)
    # The whole record set (a megabyte at benchmark size) is built once per
    # change to content, not once per download; and once a day, because whether
    # a membership is current depends on the date.
    data = remember(
        f"popolo-json:{partnership.pk}:{timezone.localdate()}",
        lambda: json.dumps(popolo(partnership), cls=DjangoJSONEncoder, ensure_ascii=False),
    )
    response = HttpResponse(data.encode(), content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@cache_control(public=True, max_age=60 * 10)
def governance_csv(request):
    partnership = _partnership(request)
    data = remember(
        f"memberships-csv:{partnership.pk}:{timezone.localdate()}",
        lambda: memberships_csv(partnership),
    )
    response = HttpResponse(data, content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="memberships.csv"'
    return response


@require_POST
def sign_out(request):
    logout(request)
    return redirect("/")
