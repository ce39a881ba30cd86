"""The public training pages: the training and events listing (with its
filters and iCalendar feed) and a course's or event's page (its upcoming
sessions, places left, and the booking form).

Course and event pages are Wagtail pages, so they go through the
partnership's "Approver sign-off" before anyone sees them; their sessions
are records (training.models.records) that show only on a live page.
"""

from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from accounts.ratelimits import client_address, limit
from governance.calendars import response as calendar_response
from publications.models import Topic
from site_core.blocks import BodyBlock
from site_core.models import BasePage, Partnership

from . import calendars, links
from .booking import BookingClosed, book
from .forms import BookingForm, TrainingFilterForm
from .models.records import Audience, CourseSession, Level

# Places left change with every booking: a listing or course page is kept at
# the edge this long at most (a booking itself always counts what is left).
PLACES_CACHE_SECONDS = 60


def _short_lived(response):
    response["Cache-Control"] = f"public, max-age=0, s-maxage={PLACES_CACHE_SECONDS}"
    return response


class TrainingIndexPage(RoutablePageMixin, BasePage):
    """Training and events: every upcoming session of the partnership's live
    course and event pages, filtered, with a calendar feed."""

    summary = models.TextField(
        max_length=300, blank=True, help_text="Shown under the title and in search results."
    )
    body = StreamField(BodyBlock(), blank=True, help_text="Shown above the list.")

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["site_core.HomePage"]
    subpage_types = ["training.CoursePage"]
    max_count_per_parent = 1
    type_label = "Training"

    class Meta:
        verbose_name = "training and events listing"

    def courses(self):
        return CoursePage.objects.live().descendant_of(self).public()

    def sessions(self, now=None):
        return (
            CourseSession.objects.upcoming(now)
            .filter(course__in=self.courses())
            .with_places()
            .select_related("course")
            .prefetch_related("parts")
        )

    def topic_choices(self):
        return list(
            Topic.objects.filter(training_courses__in=self.courses())
            .distinct()
            .order_by("name")
            .values_list("slug", "name")
        )

    @path("")
    def listing(self, request):
        form = TrainingFilterForm(request.GET, self.topic_choices())
        sessions = self.sessions()
        status = 200
        if form.is_valid():
            chosen = form.cleaned_data
            if chosen["level"]:
                sessions = sessions.filter(course__level=chosen["level"])
            if chosen["audience"]:
                sessions = sessions.filter(
                    course__audiences__audience__in=[chosen["audience"], Audience.EVERYONE]
                ).distinct()
            if chosen["topic"]:
                sessions = sessions.filter(course__topics__slug=chosen["topic"]).distinct()
            if chosen["mode"]:
                sessions = sessions.filter(mode=chosen["mode"])
            if chosen["starting"]:
                sessions = sessions.filter(starts_at__date__gte=chosen["starting"])
            if chosen["places"]:
                sessions = [s for s in sessions if s.places_left() > 0]
        else:
            # A bad filter: a 400 that still shows the form, marked, with what
            # the reader typed, and no results rather than wrong ones.
            status, sessions = 400, []
        response = self.render(
            request,
            context_overrides={
                "form": form,
                "sessions": list(sessions),
                "filtered": any(request.GET.get(name) for name in form.fields),
                "feed_url": self.url + self.reverse_subpage("calendar"),
            },
        )
        response.status_code = status
        return _short_lived(response)

    @path("calendar/")
    def calendar(self, request):
        partnership = Partnership.for_request(request)
        sessions = self.sessions()
        name = f"{partnership.short_name or partnership.name} training and events"
        return calendar_response(calendars.calendar(name, sessions, request))


class CourseAudience(Orderable):
    course = ParentalKey("training.CoursePage", on_delete=models.CASCADE, related_name="audiences")
    audience = models.CharField(max_length=20, choices=Audience.choices)

    panels = [FieldPanel("audience")]

    class Meta(Orderable.Meta):
        verbose_name = "who it is for"


class CoursePage(RoutablePageMixin, BasePage):
    """A course, or an event that is not a course (a safeguarding week, a
    practitioner forum, a conference) with its programme. Its sessions are
    added under Training > Sessions once the page exists."""

    class Kind(models.TextChoices):
        COURSE = "course", "Course"
        EVENT = "event", "Event (a forum, briefing, conference or safeguarding week)"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COURSE)
    summary = models.TextField(
        max_length=300, help_text="One or two sentences: what it is and who it is for."
    )
    level = models.CharField(max_length=20, choices=Level.choices)
    learning_outcomes = models.TextField(
        blank=True, help_text="One outcome a line: “By the end you will be able to …”."
    )
    prerequisites = models.TextField(
        blank=True, help_text="What attendees should have done first, e.g. an e-learning module."
    )
    duration = models.CharField(max_length=100, help_text="e.g. “Half a day (3 hours)”.")
    topics = ParentalManyToManyField(
        "publications.Topic", blank=True, related_name="training_courses"
    )
    description = RichTextField(
        blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )
    programme = RichTextField(
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text="For an event: the programme (times, speakers, workshops).",
    )
    manager_approval_required = models.BooleanField(
        default=False,
        help_text="Ask for the attendee's manager's email address; the place is confirmed "
        "when the manager approves it through the link we email them.",
    )
    non_attendance_policy = models.TextField(
        max_length=500,
        blank=True,
        help_text="Shown on the page and in the booking email, e.g. a charge to the agency for "
        "a place not cancelled two working days before.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("level"),
                InlinePanel("audiences", label="Who it is for", min_num=1),
                FieldPanel("topics"),
                FieldPanel("duration"),
            ],
            heading="Level, audience and topics",
        ),
        FieldPanel("learning_outcomes"),
        FieldPanel("prerequisites"),
        FieldPanel("description"),
        FieldPanel("programme"),
        MultiFieldPanel(
            [FieldPanel("manager_approval_required"), FieldPanel("non_attendance_policy")],
            heading="Booking",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("learning_outcomes"),
    ]
    parent_page_types = ["training.TrainingIndexPage"]
    subpage_types = []
    type_label = "Training"

    class Meta:
        verbose_name = "course or event"

    def outcomes(self):
        return [line.strip() for line in self.learning_outcomes.splitlines() if line.strip()]

    def audience_labels(self):
        return [Audience(a.audience).label for a in self.audiences.all()]

    def upcoming_sessions(self):
        return (
            self.sessions.upcoming()
            .with_places()
            .prefetch_related("parts")
            .select_related("course")
        )

    @path("")
    def detail(self, request):
        return _short_lived(
            self.render(request, context_overrides={"sessions": list(self.upcoming_sessions())})
        )

    @path("book/<int:session_id>/")
    def book(self, request, session_id):
        session = (
            self.sessions.with_places().prefetch_related("parts").filter(pk=session_id).first()
        )
        if session is None or getattr(request, "is_preview", False):
            raise Http404
        partnership = session.partnership
        form = BookingForm(
            request.POST if request.method == "POST" else None,
            partnership=partnership,
            needs_manager=self.manager_approval_required,
        )
        state = session.booking_state()
        status = 200
        if request.method == "POST" and state == "open":
            if form.is_valid() and not _too_many(request, form):
                try:
                    booking = book(session, form.save(commit=False))
                except BookingClosed:
                    state = "closed"
                else:
                    return redirect(links.attendee_url(booking, "training_booked"))
            else:
                status = 400
        context = {"session": session, "form": form, "state": state}
        return TemplateResponse(
            request, "training/book.html", {**self.get_context(request), **context}, status=status
        )


def _too_many(request, form):
    rule = limit("training-booking")
    if not rule.exceeded(f"address:{client_address(request)}", form.cleaned_data["email"]):
        return False
    form.add_error(
        None,
        f"You have made several bookings in a short time. Please wait {rule.minutes} minutes "
        "before booking again, or contact the training team.",
    )
    return True
