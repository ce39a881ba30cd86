"""Reading the evidence for pages, reports and open data, always for one
partnership."""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery

from .models.records import Indicator, IndicatorValue, Unit
from .periods import parse_period


@dataclass
class Series:
    """An indicator with its values, oldest first."""

    indicator: Indicator
    values: list = field(default_factory=list)

    @property
    def latest(self):
        return self.values[-1] if self.values else None

    @property
    def year_before_latest(self):
        latest = self.latest
        if latest is None:
            return None
        wanted = parse_period(latest.period).year_before().label
        return next((v for v in self.values if v.period == wanted), None)

    @property
    def summary(self):
        """One line, e.g. "up 12% on last year", or "" when there is nothing fair to say."""
        return change_summary(self.latest, self.year_before_latest, self.indicator.unit)


def change_summary(now, before, unit):
    if now is None or before is None:
        return ""
    if now.is_suppressed or before.is_suppressed:
        # A change from or to a small count would give the count away.
        return "Not compared with last year: small numbers are not shown"
    if now.value == before.value:
        return "no change on last year"
    direction = "up" if now.value > before.value else "down"
    if unit == Unit.PERCENT:
        points = abs(now.value - before.value)
        return f"{direction} {points:.1f}".rstrip("0").rstrip(".") + (
            " percentage points on last year"
        )
    if before.value == 0:
        return f"{direction} from nought last year"
    percent = round(abs(now.value - before.value) * 100 / before.value)
    return f"{direction} {percent}% on last year"


def _values(queryset):
    return queryset.select_related("indicator").order_by(
        "indicator_id", "period_start", "-period_end"
    )


def series_for(indicators):
    """[Series] for ``indicators`` (one query for all their values)."""
    indicators = list(indicators)
    by_id = {i.pk: Series(i) for i in indicators}
    for value in _values(IndicatorValue.objects.filter(indicator__in=by_id)):
        value.indicator = by_id[value.indicator_id].indicator
        by_id[value.indicator_id].values.append(value)
    return [by_id[i.pk] for i in indicators]


def latest_for_plan(plan):
    """{plan indicator id: Series holding only its latest value} for the plan's
    indicators that have evidence: the plan shows the latest value only, so
    the older periods (7 of 8 on a plan of quarterly figures) are never read."""
    # Each indicator's latest value, the last one series_for would list.
    newest = (
        IndicatorValue.objects.filter(indicator=OuterRef("pk"))
        .order_by("-period_start", "period_end", "-pk")
        .values("pk")[:1]
    )
    indicators = list(
        Indicator.objects.filter(plan_indicator__page=plan).annotate(newest_value=Subquery(newest))
    )
    by_id = {i.pk: Series(i) for i in indicators}
    newest_ids = [i.newest_value for i in indicators if i.newest_value is not None]
    for value in IndicatorValue.objects.filter(pk__in=newest_ids):
        value.indicator = by_id[value.indicator_id].indicator
        by_id[value.indicator_id].values.append(value)
    return {i.plan_indicator_id: by_id[i.pk] for i in indicators}


def by_theme(partnership):
    """[(theme, [Series])] for the dashboard."""
    indicators = Indicator.objects.filter(partnership=partnership).order_by("theme", "code")
    groups = {}
    for series in series_for(indicators):
        groups.setdefault(series.indicator.theme or "Other measures", []).append(series)
    return list(groups.items())
