"""Open data: indicators, values and recommendations as CSV (UTF-8) and JSON,
with stable ids, for the partnership whose site answers the request. Small
counts are suppressed exactly as on the pages; private notes never appear."""

import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.views.decorators.cache import cache_control
from wagtail.models import Site

from site_core.labels import record_labels
from site_core.models import Partnership

from .models import Indicator, IndicatorValue
from .recommendations import tracked_for


def indicators(partnership):
    rows = Indicator.objects.filter(partnership=partnership).select_related("plan_indicator")
    return [
        {
            "id": i.code,
            "name": i.name,
            "plan_indicator_number": i.plan_indicator.number if i.plan_indicator else "",
            "theme": i.theme,
            "polarity": i.polarity,
            "unit": i.unit,
            "source": i.source,
        }
        for i in rows
    ]


def plain(number):
    """120 for Decimal('120.00'), never '1.2E+2'."""
    return format(number.normalize(), "f")


def values(partnership):
    labels = record_labels(IndicatorValue)
    rows = (
        IndicatorValue.objects.filter(partnership=partnership)
        .select_related("indicator")
        .order_by("indicator__code", "period_start", "-period_end")
    )
    return [
        {
            "id": f"{v.indicator.code}/{v.period}",
            "indicator_id": v.indicator.code,
            "period": v.period,
            "period_start": v.period_start.isoformat(),
            "period_end": v.period_end.isoformat(),
            "value": "" if v.is_suppressed else plain(v.value),
            "suppressed": v.is_suppressed,
            "target": "" if v.target is None else plain(v.target),
            "status": v.status,
            "source": v.shown_source,
            "notes": v.notes,
            # "Demo indicator value" for a figure the demo invented; blank for real data.
            "label": labels.get(v.pk, ""),
        }
        for v in rows
    ]


def recommendations(partnership, history=False):
    """One row per recommendation; ``history`` (the API) adds its public
    updates, newest first: date, status and evidence note, never the private
    note."""

    tracked = tracked_for(partnership.site.root_page, members=False)
    rows = [
        {
            "id": f"{t.review.pk}/{t.recommendation.pk}",
            "review": t.review.title,
            "review_url": t.review.full_url or "",
            "number": t.recommendation.number,
            "recommendation": t.recommendation.text,
            "agency": t.agency,
            "due": t.due.isoformat() if t.due else "",
            "status": t.status,
            "overdue": t.is_overdue,
            "latest_update": t.updates[0].date.isoformat() if t.updates else "",
            "latest_evidence": t.updates[0].evidence_note if t.updates else "",
        }
        for t in tracked
    ]
    if history:
        for row, t in zip(rows, tracked, strict=True):
            row["updates"] = [
                {"date": u.date.isoformat(), "status": u.status, "evidence_note": u.evidence_note}
                for u in t.updates
            ]
    return rows


DATASETS = {"indicators": indicators, "values": values, "recommendations": recommendations}


def _csv(rows):
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return out.getvalue()


@cache_control(public=True, max_age=60 * 10)
def open_data(request, name, fmt):
    if name not in DATASETS or fmt not in ("csv", "json"):
        raise Http404(
            "No such dataset: choose indicators, values or recommendations, .csv or .json"
        )
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site answers at this address.")
    partnership = Partnership.for_request(request)

    def build():
        rows = DATASETS[name](partnership)
        if fmt == "csv":
            return _csv(rows)
        return json.dumps({name: rows}, cls=DjangoJSONEncoder, ensure_ascii=False)

    data = build()
    if fmt == "csv":
        response = HttpResponse(data.encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        response = HttpResponse(data.encode("utf-8"), content_type="application/json")
        response["Access-Control-Allow-Origin"] = "*"
    return response
