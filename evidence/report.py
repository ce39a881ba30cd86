"""Annual report key figures that are indicators: this year beside the year before."""

from .models import IndicatorValue, KeyFigureIndicator
from .periods import Period


def key_figure_comparisons(report):
    """[(key figure, this year's value or None, last year's value or None)]."""
    links = list(
        KeyFigureIndicator.objects.filter(key_figure__page=report).select_related(
            "key_figure", "indicator"
        )
    )
    if not links:
        return []
    this_year = Period(report.reporting_year).label
    last_year = Period(report.reporting_year - 1).label
    values = {
        (v.indicator_id, v.period): v
        for v in IndicatorValue.objects.filter(
            indicator__in=[link.indicator for link in links], period__in=[this_year, last_year]
        ).select_related("indicator")
    }
    return [
        (
            link.key_figure,
            link.indicator,
            values.get((link.indicator_id, this_year)),
            values.get((link.indicator_id, last_year)),
        )
        for link in sorted(links, key=lambda link: link.key_figure.sort_order or 0)
    ]
