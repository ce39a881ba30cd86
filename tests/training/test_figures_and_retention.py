"""The year's figures, counted from the bookings: into the evidence without
retyping, open data with small numbers suppressed; retention removes
personal details and keeps every count."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from evidence.models import IndicatorValue
from tests.factories.governance import AgencyFactory
from tests.factories.training import BookingFactory, CourseSessionFactory, EvaluationFactory
from training import retention
from training.figures import to_evidence, year_figures
from training.models import AttendeeRole, Booking, SessionPart, Status

pytestmark = pytest.mark.django_db

YEAR = "2025-26"


@pytest.fixture
def last_year(course, partnership, agency):
    starts = timezone.make_aware(timezone.datetime(2025, 10, 7, 9, 30))
    session = CourseSessionFactory(
        course=course,
        partnership=partnership,
        capacity=12,
        parts=[SessionPart(starts=starts, ends=starts + timedelta(hours=3))],
    )
    school = AgencyFactory(partnership=partnership, name="Testshire Schools")
    for _ in range(6):
        EvaluationFactory(
            booking__session=session,
            booking__agency=agency,
            booking__status=Status.ATTENDED,
            confidence_before=2,
            confidence_after=4,
        )
    for _ in range(2):
        BookingFactory(
            session=session,
            agency=school,
            role=AttendeeRole.SAFEGUARDING_LEAD,
            status=Status.ATTENDED,
        )
    BookingFactory(session=session, status=Status.DID_NOT_ATTEND, charge=Decimal(50))
    BookingFactory(session=session, status=Status.CANCELLED, joined_waiting_list=True)
    return session


def test_the_years_figures(last_year, partnership):
    f = year_figures(partnership, YEAR)
    assert (f.sessions, f.places_offered, f.places_booked) == (1, 12, 9)
    assert (f.attended, f.did_not_attend, f.waiting_list) == (8, 1, 1)
    assert f.attendance_rate == Decimal("88.9")
    assert f.by_agency == {"Testshire Police": 6, "Testshire Schools": 2}
    assert f.by_role == {"Designated or named safeguarding lead": 2, "Practitioner": 6}
    assert (f.evaluations, f.confidence_before, f.confidence_after) == (
        6,
        Decimal("2.00"),
        Decimal("4.00"),
    )
    assert year_figures(partnership, "2024-25").places_offered == 0


def test_the_figures_feed_the_evidence(last_year, partnership, other_partnership):
    to_evidence(partnership, YEAR)
    to_evidence(partnership, YEAR)  # again: updated, not doubled
    values = {
        v.indicator.code: v.value for v in IndicatorValue.objects.filter(partnership=partnership)
    }
    assert values["training-places-offered"] == 12
    assert values["training-places-booked"] == 9
    assert values["training-attendance-rate"] == Decimal("88.90")
    assert values["training-confidence-after"] == 4
    assert not IndicatorValue.objects.filter(partnership=other_partnership).exists()
    # A year with no sessions on the site keeps what was typed in from its report.
    assert to_evidence(partnership, "2024-25") == []
    call_command("training_figures_to_evidence", YEAR, "--partnership", "TSCP", verbosity=0)


def test_open_data_counts_only_with_small_numbers_suppressed(client, last_year):
    response = client.get("/open-data/training.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by = {(r["measure"], r["breakdown"]): r for r in rows}
    assert by[("places_offered", "")]["value"] == "12"
    assert by[("attended_by_agency", "Testshire Police")]["value"] == "6"
    small = by[("attended_by_agency", "Testshire Schools")]
    assert small["value"] == "" and small["suppressed"] == "true"
    assert by[("did_not_attend", "")]["suppressed"] == "true"
    assert by[("attendance_rate_percent", "")]["value"] == "88.9"
    body = response.content.decode()
    assert "@" not in body and "Sam Practitioner" not in body


def test_retention_removes_personal_details_and_keeps_counts(last_year, partnership, session):
    current = BookingFactory(session=session, access_needs="Wheelchair user")
    before = year_figures(partnership, YEAR)
    three_years_on = last_year.ends_at + timedelta(days=365 * 3 + 1)
    assert retention.remove_personal_data(last_year.ends_at + timedelta(days=30)) == 0
    assert retention.remove_personal_data(three_years_on) == 10
    old = Booking.objects.filter(session=last_year)
    assert not old.exclude(name="").exists()
    assert not old.exclude(email="").exists()
    assert not old.exclude(access_needs="").exists()
    assert not old.filter(evaluation__comments__gt="").exists()
    assert year_figures(partnership, YEAR) == before
    current.refresh_from_db()
    assert current.name and current.access_needs == "Wheelchair user"


def test_retention_follows_the_setting(settings, last_year):
    settings.TRAINING_RETENTION_YEARS = 1
    assert retention.remove_personal_data(last_year.ends_at + timedelta(days=400)) == 10


def test_housekeeping_runs_on_the_task_queue(last_year):
    call_command("training_housekeeping", verbosity=0)
    # The retention period has not passed for a session of last year.
    assert Booking.objects.filter(session=last_year).exclude(name="").count() == 10
