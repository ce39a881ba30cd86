"""A course's or event's sessions, the bookings for them, and attendees'
evaluations: records of one partnership each (``partnership_lookup``), kept
in the admin by its training officers.

A session's places are counted from its bookings; the database guarantees
they never exceed its capacity (training/booking.py locks the session's row
while counting and adding). Attendees' personal details (name, email
addresses, access needs, free text) are removed after the retention period,
leaving the counts (training/retention.py).
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from site_core.tenancy import partnership_for_page


class Level(models.TextChoices):
    SINGLE_AGENCY = "single_agency", "Single-agency"
    INTRODUCTORY = "introductory", "Multi-agency introductory"
    ADVANCED = "advanced", "Multi-agency advanced"
    BRIEFING = "briefing", "Briefing, forum or learning event"


class Audience(models.TextChoices):
    EVERYONE = "everyone", "Everyone who works with children and families"
    EDUCATION = "education", "Schools, colleges and early years"
    HEALTH = "health", "Health staff"
    POLICE = "police", "Police"
    SOCIAL_CARE = "social_care", "Children's social care and early help"
    VOLUNTARY = "voluntary", "Voluntary and community sector"
    MANAGERS = "managers", "Managers and designated safeguarding leads"


class AttendeeRole(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    MANAGER = "manager", "Manager or supervisor"
    SAFEGUARDING_LEAD = "safeguarding_lead", "Designated or named safeguarding lead"
    STUDENT = "student", "Student or trainee"
    VOLUNTEER = "volunteer", "Volunteer"
    OTHER = "other", "Other"


class Mode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"


class SessionQuerySet(models.QuerySet):
    def with_places(self):
        """Each session with ``places_taken`` (bookings that hold a place)."""
        return self.annotate(
            places_taken=Count("bookings", filter=Q(bookings__status__in=HOLDS_PLACE))
        )

    def upcoming(self, now=None):
        return self.filter(cancelled=False, starts_at__gte=now or timezone.now())


class CourseSession(ClusterableModel):
    """One run of a course or event: when (one or several parts), where, who
    trains, how many places, and when booking opens and closes."""

    partnership = models.ForeignKey(
        "site_core.Partnership", on_delete=models.CASCADE, related_name="training_sessions"
    )
    course = models.ForeignKey(
        "training.CoursePage",
        on_delete=models.CASCADE,
        related_name="sessions",
        help_text="The course or event page (of this partnership) this session belongs to.",
    )
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    venue = models.CharField(
        max_length=200, blank=True, help_text="For a session in person. Shown publicly."
    )
    venue_accessibility = models.TextField(
        max_length=1000,
        blank=True,
        help_text="Step-free access, hearing loop, accessible toilets, parking. Shown publicly.",
    )
    joining_link = models.URLField(
        blank=True,
        help_text="For an online session. Sent only to confirmed attendees, never shown publicly.",
    )
    trainer = models.CharField(max_length=150, blank=True, help_text="Shown publicly.")
    capacity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    booking_opens = models.DateTimeField(
        null=True, blank=True, help_text="Blank: booking is open as soon as it is published."
    )
    booking_closes = models.DateTimeField(
        null=True, blank=True, help_text="Blank: booking closes when the session starts."
    )
    cancelled = models.BooleanField(
        default=False, help_text="Cancelled sessions are not listed and take no bookings."
    )
    # The first part's start and the last part's end, kept on save for listings.
    starts_at = models.DateTimeField(null=True, editable=False)
    ends_at = models.DateTimeField(null=True, editable=False)

    partnership_lookup = "partnership"
    admin_search_fields = ["course__title", "venue", "trainer"]

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = "training session"

    def __str__(self):
        when = timezone.localtime(self.starts_at).strftime("%-d %B %Y") if self.starts_at else ""
        return f"{self.course.title}, {when}".rstrip(", ")

    def clean(self):
        super().clean()
        errors = {}
        if self.course_id and self.partnership_id:
            owner = partnership_for_page(self.course)
            if owner is None or owner.pk != self.partnership_id:
                errors["course"] = "Choose a course or event of this session's own partnership."
        if self.mode == Mode.IN_PERSON and not self.venue:
            errors["venue"] = "Say where the session is held, or choose online."
        if self.mode == Mode.ONLINE and self.venue:
            errors["venue"] = "An online session has no venue: leave it blank."
        if self.booking_opens and self.booking_closes and self.booking_closes <= self.booking_opens:
            errors["booking_closes"] = "Booking must close after it opens."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Parts are saved with the session (ClusterableModel): read them now.
        parts = list(self.parts.all())
        starts = min((p.starts for p in parts if p.starts), default=None)
        ends = max((p.ends for p in parts if p.ends), default=None)
        if (starts, ends) != (self.starts_at, self.ends_at):
            self.starts_at, self.ends_at = starts, ends
            type(self).objects.filter(pk=self.pk).update(starts_at=starts, ends_at=ends)

    # -- what readers and the booking form ask ----------------------------------

    def booking_url(self):
        return self.course.url + self.course.reverse_subpage("book", args=[self.pk])

    @property
    def is_online(self):
        return self.mode == Mode.ONLINE

    def places_left(self):
        taken = getattr(self, "places_taken", None)
        if taken is None:
            taken = self.bookings.filter(status__in=HOLDS_PLACE).count()
        return max(0, self.capacity - taken)

    def booking_state(self, now=None):
        """ "open", "not_yet", "closed" or "cancelled"."""
        now = now or timezone.now()
        if self.cancelled:
            return "cancelled"
        if self.booking_opens and now < self.booking_opens:
            return "not_yet"
        closes = self.booking_closes or self.starts_at
        if closes is None or now >= closes:
            return "closed"
        return "open"


class SessionPart(Orderable):
    """One date and time range of a session (a course over two mornings has two)."""

    session = ParentalKey(CourseSession, on_delete=models.CASCADE, related_name="parts")
    starts = models.DateTimeField()
    ends = models.DateTimeField()

    class Meta(Orderable.Meta):
        verbose_name = "date and time"

    def __str__(self):
        return f"{timezone.localtime(self.starts):%-d %B %Y, %H:%M}"

    def clean(self):
        super().clean()
        if self.starts and self.ends and self.ends <= self.starts:
            raise ValidationError({"ends": "The end must be after the start."})


class Status(models.TextChoices):
    UNCONFIRMED = "unconfirmed", "Email address not confirmed yet"
    AWAITING_MANAGER = "awaiting_manager", "Waiting for their manager's approval"
    CONFIRMED = "confirmed", "Booked"
    WAITING = "waiting", "On the waiting list"
    OFFERED = "offered", "Offered a place"
    CANCELLED = "cancelled", "Cancelled"
    LAPSED = "lapsed", "Place not taken up in time"
    DECLINED = "declined", "Not approved by their manager"
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"


# Bookings that hold one of the session's places. A place is held from the
# moment of booking (the email address still to be confirmed), so two people
# can never be told the same place is theirs.
HOLDS_PLACE = [
    Status.UNCONFIRMED,
    Status.AWAITING_MANAGER,
    Status.CONFIRMED,
    Status.OFFERED,
    Status.ATTENDED,
    Status.DID_NOT_ATTEND,
]
# Bookings the attendee may still cancel.
CANCELLABLE = [
    Status.UNCONFIRMED,
    Status.AWAITING_MANAGER,
    Status.CONFIRMED,
    Status.WAITING,
    Status.OFFERED,
]


class Booking(models.Model):
    """A practitioner's place on a session (or their place on its waiting list)."""

    partnership = models.ForeignKey(
        "site_core.Partnership", on_delete=models.CASCADE, related_name="+", editable=False
    )
    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="bookings")
    # The attendee's links (signed) and the certificate's check name the booking by this.
    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=150)
    email = models.EmailField("work email address")
    agency = models.ForeignKey(
        "governance.Agency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="One of the partnership's agencies.",
    )
    other_agency = models.CharField(
        "other organisation", max_length=150, blank=True, help_text="When it is not listed."
    )
    role = models.CharField(max_length=20, choices=AttendeeRole.choices)
    access_needs = models.TextField(max_length=1000, blank=True)
    manager_email = models.EmailField("manager's work email address", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UNCONFIRMED)
    # Once on the waiting list (for the yearly figures), whatever happened next.
    joined_waiting_list = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    email_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    manager_decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    offer_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    charge = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="A charge under the partnership's policy (e.g. for not attending). Recorded "
        "only: no payment is taken here.",
    )
    charge_note = models.CharField(max_length=200, blank=True)
    personal_data_removed_at = models.DateTimeField(null=True, blank=True, editable=False)

    partnership_lookup = "partnership"
    admin_search_fields = ["name", "email", "session__course__title"]

    class Meta:
        ordering = ["session", "created_at", "pk"]

    def __str__(self):
        who = self.name or "Attendee (details removed)"
        return f"{who}: {self.session}"

    def save(self, *args, **kwargs):
        self.partnership_id = self.session.partnership_id
        if self.status == Status.WAITING:
            self.joined_waiting_list = True
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if (
            self.agency_id
            and self.session_id
            and self.agency.partnership_id != self.session.partnership_id
        ):
            raise ValidationError({"agency": "Choose one of this partnership's agencies."})

    @property
    def holds_place(self):
        return self.status in HOLDS_PLACE

    @property
    def can_cancel(self):
        return self.status in CANCELLABLE

    @property
    def organisation(self):
        return self.agency.name if self.agency_id else self.other_agency


class Evaluation(models.Model):
    """An attendee's evaluation: confidence before and after, and what they say."""

    SCALE = [(n, str(n)) for n in range(1, 6)]

    partnership = models.ForeignKey(
        "site_core.Partnership", on_delete=models.CASCADE, related_name="+", editable=False
    )
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="evaluation")
    confidence_before = models.PositiveSmallIntegerField(
        choices=SCALE, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    confidence_after = models.PositiveSmallIntegerField(
        choices=SCALE, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comments = models.TextField(max_length=2000, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)

    partnership_lookup = "partnership"
    admin_search_fields = ["comments", "booking__session__course__title"]

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"Evaluation of {self.booking.session}"

    def save(self, *args, **kwargs):
        self.partnership_id = self.booking.partnership_id
        super().save(*args, **kwargs)
