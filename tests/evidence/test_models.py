from datetime import date
from decimal import Decimal

import pytest

from evidence.data import series_for
from evidence.models import Polarity, Status, Unit, status_for
from evidence.periods import PeriodError, parse_period
from tests.factories.evidence import IndicatorFactory, IndicatorValueFactory


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("2023-24", "2023-24", date(2023, 4, 1), date(2024, 3, 31)),
        ("2023/24", "2023-24", date(2023, 4, 1), date(2024, 3, 31)),
        ("2023-2024", "2023-24", date(2023, 4, 1), date(2024, 3, 31)),
        ("2023-24 Q1", "2023-24 Q1", date(2023, 4, 1), date(2023, 6, 30)),
        ("2023-24 q2", "2023-24 Q2", date(2023, 7, 1), date(2023, 9, 30)),
        ("2023-24 Q4", "2023-24 Q4", date(2024, 1, 1), date(2024, 3, 31)),
        ("1999-00", "1999-00", date(1999, 4, 1), date(2000, 3, 31)),
    ],
)
def test_periods_are_financial_years_and_their_quarters(text, label, start, end):
    period = parse_period(text)
    assert (period.label, period.start, period.end) == (label, start, end)


@pytest.mark.parametrize("text", ["", "2023", "2023-25", "2023-24 Q5", "Q2 2023", "２０２３-24"])
def test_a_bad_period_says_what_a_good_one_looks_like(text):
    with pytest.raises(PeriodError, match="2023-24 Q2"):
        parse_period(text)


@pytest.mark.parametrize(
    ("value", "target", "polarity", "status"),
    [
        (80, 75, Polarity.HIGHER, Status.MET),
        (75, 75, Polarity.HIGHER, Status.MET),
        (70, 75, Polarity.HIGHER, Status.NOT_MET),
        (10, 12, Polarity.LOWER, Status.MET),
        (12, 12, Polarity.LOWER, Status.MET),
        (15, 12, Polarity.LOWER, Status.NOT_MET),
        (15, None, Polarity.LOWER, Status.NO_TARGET),
        (15, None, Polarity.HIGHER, Status.NO_TARGET),
    ],
)
def test_status_comes_from_target_and_which_way_is_better(value, target, polarity, status):
    assert status_for(Decimal(value), None if target is None else Decimal(target), polarity) == (
        status
    )


@pytest.fixture
def indicator(partnership):
    return IndicatorFactory(partnership=partnership, polarity=Polarity.LOWER)


def test_a_value_knows_its_status_and_its_dates(indicator):
    value = IndicatorValueFactory(indicator=indicator, period="2022/23 Q3", value=9, target=10)
    value.refresh_from_db()
    assert value.period == "2022-23 Q3"
    assert value.period_start == date(2022, 10, 1)
    assert value.get_status_display() == "Target met"
    assert value.partnership == indicator.partnership


@pytest.mark.parametrize(
    ("number", "shown"), [(0, "0"), (1, "fewer than 5"), (4, "fewer than 5"), (5, "5")]
)
def test_small_counts_are_suppressed(indicator, number, shown):
    value = IndicatorValueFactory(indicator=indicator, value=number)
    assert value.public_value == shown


def test_the_threshold_is_a_setting(indicator, settings):
    settings.SMALL_NUMBER_THRESHOLD = 10
    value = IndicatorValueFactory(indicator=indicator, value=7)
    assert value.public_value == "fewer than 10"


def test_percentages_are_never_suppressed(partnership):
    indicator = IndicatorFactory(partnership=partnership, unit=Unit.PERCENT)
    assert IndicatorValueFactory(indicator=indicator, value=3).public_value == "3%"


@pytest.mark.parametrize(
    ("before", "now", "unit", "summary"),
    [
        (100, 112, Unit.COUNT, "up 12% on last year"),
        (100, 90, Unit.COUNT, "down 10% on last year"),
        (50, 50, Unit.COUNT, "no change on last year"),
        (60, 64.5, Unit.PERCENT, "up 4.5 percentage points on last year"),
        (3, 40, Unit.COUNT, "Not compared with last year: small numbers are not shown"),
    ],
)
def test_one_line_summary_compares_with_the_year_before(partnership, before, now, unit, summary):
    indicator = IndicatorFactory(partnership=partnership, unit=unit)
    IndicatorValueFactory(indicator=indicator, period="2022-23", value=Decimal(before))
    IndicatorValueFactory(indicator=indicator, period="2023-24", value=Decimal(str(now)))
    (series,) = series_for([indicator])
    assert series.summary == summary


def test_quarters_compare_with_the_same_quarter_a_year_before(partnership):
    indicator = IndicatorFactory(partnership=partnership)
    IndicatorValueFactory(indicator=indicator, period="2022-23 Q2", value=200)
    IndicatorValueFactory(indicator=indicator, period="2023-24 Q1", value=10)
    IndicatorValueFactory(indicator=indicator, period="2023-24 Q2", value=150)
    (series,) = series_for([indicator])
    assert series.latest.period == "2023-24 Q2"
    assert series.summary == "down 25% on last year"


@pytest.mark.parametrize(
    ("number", "target", "status"),
    [
        (3, 2, Status.WITHHELD),  # "met" would say 1 or 2 is ruled out
        (4, 4, Status.WITHHELD),
        (3, 5, Status.MET),  # lower is better: any count under 5 meets 5, so nothing is given away
        (3, None, Status.NO_TARGET),
        (12, 2, Status.NOT_MET),  # not a small number: shown as it is
    ],
)
def test_a_small_counts_status_never_narrows_it_down(indicator, number, target, status):
    value = IndicatorValueFactory(indicator=indicator, value=number, target=target)
    assert value.status == status
