"""The training figures of one partnership for one financial year (April to
March, as the annual report's): places offered and booked, attendance,
attendees by agency and role, waiting lists, evaluation scores.

They are counted from the bookings, so nobody retypes them: ``to_evidence``
writes them as evidence indicator values (the annual report's training key
figures can then be linked to those indicators), and the open data gives
the same counts with small numbers suppressed. Counts survive the removal
of personal details after the retention period (training/retention.py).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Avg, Count, Sum

from evidence.models import Indicator, IndicatorValue, Unit, small_number_threshold
from evidence.periods import parse_period

from .models.records import AttendeeRole, Booking, CourseSession, Evaluation, Status

BOOKED = [Status.CONFIRMED, Status.ATTENDED, Status.DID_NOT_ATTEND]
OTHER_ORGANISATIONS = "Other organisations"


@dataclass
class YearFigures:
    period: str
    sessions: int = 0
    places_offered: int = 0
    places_booked: int = 0
    attended: int = 0
    did_not_attend: int = 0
    waiting_list: int = 0
    evaluations: int = 0
    confidence_before: Decimal | None = None
    confidence_after: Decimal | None = None
    by_agency: dict = field(default_factory=dict)
    by_role: dict = field(default_factory=dict)

    @property
    def attendance_rate(self):
        """Attended as a percentage of places booked whose attendance is marked."""
        marked = self.attended + self.did_not_attend
        if not marked:
            return None
        return (Decimal(self.attended) * 100 / marked).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _average(value):
    return None if value is None else Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP)


def year_figures(partnership, period_label):
    period = parse_period(period_label)
    sessions = CourseSession.objects.filter(
        partnership=partnership,
        cancelled=False,
        starts_at__date__gte=period.start,
        starts_at__date__lte=period.end,
    )
    bookings = Booking.objects.filter(session__in=sessions)
    totals = sessions.aggregate(count=Count("pk"), capacity=Sum("capacity"))
    statuses = dict(
        bookings.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    attended = bookings.filter(status=Status.ATTENDED)
    by_agency = {}
    for name, _other, n in (
        attended.values_list("agency__name", "other_agency").annotate(n=Count("pk")).order_by()
    ):
        key = name or OTHER_ORGANISATIONS
        by_agency[key] = by_agency.get(key, 0) + n
    roles = dict(AttendeeRole.choices)
    by_role = {
        roles.get(role, role): n
        for role, n in attended.values_list("role").annotate(n=Count("pk")).order_by()
    }
    scores = Evaluation.objects.filter(booking__in=bookings).aggregate(
        n=Count("pk"), before=Avg("confidence_before"), after=Avg("confidence_after")
    )
    return YearFigures(
        period=period.label,
        sessions=totals["count"] or 0,
        places_offered=totals["capacity"] or 0,
        places_booked=sum(statuses.get(s, 0) for s in BOOKED),
        attended=statuses.get(Status.ATTENDED, 0),
        did_not_attend=statuses.get(Status.DID_NOT_ATTEND, 0),
        waiting_list=bookings.filter(joined_waiting_list=True).count(),
        evaluations=scores["n"],
        confidence_before=_average(scores["before"]),
        confidence_after=_average(scores["after"]),
        by_agency=dict(sorted(by_agency.items())),
        by_role=dict(sorted(by_role.items())),
    )


def years_with_sessions(partnership):
    """The financial years the partnership has sessions in, newest first."""
    labels = set()
    for starts in (
        CourseSession.objects.filter(partnership=partnership)
        .exclude(starts_at=None)
        .values_list("starts_at", flat=True)
    ):
        first = starts.year if starts.month >= 4 else starts.year - 1
        labels.add(f"{first}-{str(first + 1)[-2:]}")
    return sorted(labels, reverse=True)


# -- into the evidence ------------------------------------------------------------

INDICATORS = [
    # code, name, unit, the figure
    ("training-places-offered", "Training places offered", Unit.COUNT, "places_offered"),
    ("training-places-booked", "Training places booked", Unit.COUNT, "places_booked"),
    ("training-attended", "Practitioners who attended training", Unit.COUNT, "attended"),
    (
        "training-attendance-rate",
        "Training attendance rate (attended, of places booked and marked)",
        Unit.PERCENT,
        "attendance_rate",
    ),
    ("training-waiting-list", "Training waiting-list entries", Unit.COUNT, "waiting_list"),
    (
        "training-confidence-before",
        "Attendees' confidence before training (average, 1 to 5)",
        Unit.NUMBER,
        "confidence_before",
    ),
    (
        "training-confidence-after",
        "Attendees' confidence after training (average, 1 to 5)",
        Unit.NUMBER,
        "confidence_after",
    ),
]
SOURCE = "Training bookings and evaluations on this site"


@transaction.atomic
def to_evidence(partnership, period_label):
    """Write the year's figures as evidence indicator values (creating the
    indicators the first time). Running it again updates the same values."""
    figures = year_figures(partnership, period_label)
    if not figures.sessions:
        # A year run before the site took bookings keeps the figures typed
        # in from its annual report.
        return []
    written = []
    for code, name, unit, attribute in INDICATORS:
        value = getattr(figures, attribute)
        if value is None:
            continue
        indicator, _ = Indicator.objects.get_or_create(
            partnership=partnership,
            code=code,
            defaults={"name": name, "unit": unit, "theme": "Training", "source": SOURCE},
        )
        record, _ = IndicatorValue.objects.update_or_create(
            indicator=indicator, period=figures.period, defaults={"value": Decimal(value)}
        )
        written.append(record)
    return written


# -- open data -------------------------------------------------------------------------


def _count(n):
    """A count as open data shows it: blank and suppressed when small."""
    if 0 < n < small_number_threshold():
        return "", True
    return str(n), False


def open_data_rows(partnership):
    """Counts only, every year: a rate or average is left out when the count
    behind it is small, as the count itself would be."""
    threshold = small_number_threshold()
    rows = []
    for label in years_with_sessions(partnership):
        f = year_figures(partnership, label)
        for measure, n in [
            ("sessions", f.sessions),
            ("places_offered", f.places_offered),
            ("places_booked", f.places_booked),
            ("attended", f.attended),
            ("did_not_attend", f.did_not_attend),
            ("waiting_list_entries", f.waiting_list),
            ("evaluations", f.evaluations),
        ]:
            rows.append((label, measure, "", *_count(n)))
        marked = f.attended + f.did_not_attend
        small = marked < threshold
        rows.append(
            (label, "attendance_rate_percent", "", "" if small else str(f.attendance_rate), small)
        )
        for measure, value in [
            ("confidence_before_average", f.confidence_before),
            ("confidence_after_average", f.confidence_after),
        ]:
            hidden = f.evaluations < threshold or value is None
            rows.append((label, measure, "", "" if hidden else str(value), hidden))
        for agency, n in f.by_agency.items():
            rows.append((label, "attended_by_agency", agency, *_count(n)))
        for role, n in f.by_role.items():
            rows.append((label, "attended_by_role", role, *_count(n)))
    return rows
