"""Demo evidence: the figures the seed documents give, entered as values for
their years, and a few invented values that show the charts (each marked
illustrative, so the pages label it).

From the seeds (all for the year April 2022 to March 2023): Sunderland ran
100 training sessions and 1,933 places were booked; East Sussex trained 552
staff on 42 online courses and held 3 rapid reviews; South Tees completed 3
rapid reviews and started 2 practice reviews. Review counts are counts of
reviews the partnerships publish, not of children, so they are not
suppressed (Unit.NUMBER); training places are counts of staff.
Idempotent: records are found by their stable codes and periods.
"""

from decimal import Decimal

from demo.illustrative import mark
from demo.sites import upsert_page
from evidence.models import Indicator, IndicatorValue, KeyFigureIndicator, Polarity, Unit
from evidence.pages import IndicatorDashboardPage, RecommendationsPage
from publications.models import AnnualReportPage, KeyFigure, PlanPage, PublicationIndexPage

FROM_SEEDS = {
    "sunderland": [
        # (code, name, theme, unit, period, value, key figure label it backs)
        (
            "training-sessions",
            "Training sessions run",
            "Learning and training",
            Unit.NUMBER,
            "2022-23",
            100,
            "training sessions run",
        ),
        (
            "training-places-booked",
            "Places booked on training",
            "Learning and training",
            Unit.COUNT,
            "2022-23",
            1933,
            "professionals booked on training",
        ),
    ],
    "east-sussex": [
        (
            "staff-trained",
            "Staff from partner agencies trained",
            "Learning and training",
            Unit.COUNT,
            "2022-23",
            552,
            "staff trained",
        ),
        ("rapid-reviews", "Rapid reviews held", "Reviews", Unit.NUMBER, "2022-23", 3, None),
    ],
    "south-tees": [
        (
            "rapid-reviews",
            "Rapid reviews completed",
            "Reviews",
            Unit.NUMBER,
            "2022-23",
            3,
            "rapid reviews completed",
        ),
        (
            "practice-reviews-started",
            "Child safeguarding practice reviews started",
            "Reviews",
            Unit.NUMBER,
            "2022-23",
            2,
            "child safeguarding practice reviews started",
        ),
    ],
}

# Invented to show charts on the 2018-19 plan's indicators; never real data.
ILLUSTRATIVE = [
    # (plan indicator number, polarity, unit, target, values for 2015-16 .. 2018-19)
    ("19", Polarity.HIGHER, Unit.PERCENT, 95, [88, 91, 93, 96]),
    ("20", Polarity.HIGHER, Unit.PERCENT, 100, [97, 99, 98, 100]),
    ("21", Polarity.HIGHER, Unit.PERCENT, 100, [90, 94, 95, 97]),
]
ILLUSTRATIVE_YEARS = ["2015-16", "2016-17", "2017-18", "2018-19"]
NOTE = "Invented for the demo to show the charts; the plan published no values."


def _value(indicator, period, value, target=None):
    record = IndicatorValue.objects.filter(indicator=indicator, period=period).first()
    if record is None:
        record = IndicatorValue(indicator=indicator, period=period)
    record.value = Decimal(value)
    record.target = None if target is None else Decimal(target)
    record.save()
    return record


def _pages(demo):
    index = PublicationIndexPage.objects.descendant_of(demo.home).first()
    parent = index or demo.home
    upsert_page(
        parent,
        IndicatorDashboardPage,
        "indicators",
        title="Indicators over time",
        summary="The figures we track, year by year, with charts and the data behind them.",
    )
    upsert_page(
        parent,
        RecommendationsPage,
        "recommendations",
        title="Recommendations and progress",
        summary="Every recommendation of our reviews and inspections, and how far each has got.",
    )


def load(built):
    for key, rows in FROM_SEEDS.items():
        demo = built.get(key)
        if demo is None:
            continue
        report = AnnualReportPage.objects.descendant_of(demo.home).filter(reporting_year=2022)
        figures = {f.label: f for f in KeyFigure.objects.filter(page__in=report)}
        for code, name, theme, unit, period, value, figure_label in rows:
            indicator, _ = Indicator.objects.update_or_create(
                partnership=demo.partnership,
                code=code,
                defaults={"name": name, "theme": theme, "unit": unit, "source": "Annual report"},
            )
            _value(indicator, period, value)
            if figure_label in figures:
                KeyFigureIndicator.objects.update_or_create(
                    key_figure=figures[figure_label], defaults={"indicator": indicator}
                )
        _pages(demo)

    demo = built.get("sunderland")
    plan = demo and PlanPage.objects.descendant_of(demo.home).first()
    if plan is None:
        return
    plan_indicators = {i.number: i for i in plan.indicators.all()}
    for number, polarity, unit, target, numbers in ILLUSTRATIVE:
        plan_indicator = plan_indicators.get(number)
        if plan_indicator is None:
            continue
        indicator, _ = Indicator.objects.update_or_create(
            partnership=demo.partnership,
            code=number,
            defaults={
                "name": plan_indicator.description,
                "plan_indicator": plan_indicator,
                "theme": "Child protection",
                "polarity": polarity,
                "unit": unit,
            },
        )
        for period, value in zip(ILLUSTRATIVE_YEARS, numbers, strict=True):
            mark(_value(indicator, period, value, target), NOTE)
