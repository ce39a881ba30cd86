"""The "Training" admin menu: sessions (with their dates and times), bookings
and evaluations, for the partnership's training officers only; and their
registers and figures (training/admin_views.py)."""

from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from site_core.tenant_admin import PartnershipScopedViewSetMixin

from . import admin_views
from .models import Booking, CourseSession, Evaluation, TrainingIndexPage
from .staff import TrainingOfficersPolicy, officer_partnerships

register_permission_policy(CourseSession, TrainingOfficersPolicy(CourseSession), exact_class=True)
register_permission_policy(Booking, TrainingOfficersPolicy(Booking, adds=False), exact_class=True)
register_permission_policy(
    Evaluation, TrainingOfficersPolicy(Evaluation, adds=False), exact_class=True
)


class RegisterColumn(Column):
    def get_value(self, instance):
        return format_html('<a href="{}">Register</a>', admin_views.register_url(instance))


class TrainingViewSet(PartnershipScopedViewSetMixin, SnippetViewSet):
    inspect_view_enabled = True
    copy_view_enabled = False


class CourseSessionViewSet(TrainingViewSet):
    model = CourseSession
    icon = "calendar-alt"
    menu_label = "Sessions"
    copy_view_enabled = True
    list_display = ["__str__", "mode", "capacity", "cancelled", RegisterColumn("register")]
    list_filter = ["partnership", "mode", "cancelled"]
    list_export = ["course", "starts_at", "ends_at", "mode", "venue", "trainer", "capacity"]
    search_fields = ["course__title", "venue", "trainer"]
    panels = [
        FieldPanel("partnership"),
        FieldPanel("course"),
        InlinePanel("parts", label="Dates and times", min_num=1),
        FieldPanel("mode"),
        MultiFieldPanel(
            [FieldPanel("venue"), FieldPanel("venue_accessibility")], heading="In person"
        ),
        FieldPanel("joining_link"),
        FieldRowPanel([FieldPanel("trainer"), FieldPanel("capacity")]),
        FieldRowPanel(
            [FieldPanel("booking_opens"), FieldPanel("booking_closes")], heading="Booking"
        ),
        FieldPanel("cancelled"),
    ]


class BookingViewSet(TrainingViewSet):
    model = Booking
    icon = "user"
    menu_label = "Bookings"
    list_display = ["name", "session", "status", "agency", "role", "charge"]
    list_filter = ["status", "role", "partnership"]
    list_export = [
        "name",
        "email",
        "session",
        "status",
        "agency",
        "other_agency",
        "role",
        "access_needs",
        "charge",
        "charge_note",
    ]
    search_fields = ["name", "email", "session__course__title"]
    # Staff correct details and record charges; places change only through
    # the booking rules (the register, the attendee's links).
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("email")]),
        FieldRowPanel([FieldPanel("agency"), FieldPanel("other_agency")]),
        FieldPanel("role"),
        FieldPanel("access_needs"),
        FieldPanel("manager_email"),
        FieldRowPanel([FieldPanel("charge"), FieldPanel("charge_note")], heading="Charge"),
    ]


class EvaluationViewSet(TrainingViewSet):
    model = Evaluation
    icon = "pick"
    menu_label = "Evaluations"
    list_display = ["booking", "confidence_before", "confidence_after", "submitted_at"]
    list_filter = ["confidence_after"]
    list_export = ["booking", "confidence_before", "confidence_after", "comments"]
    search_fields = ["comments"]
    panels = [FieldPanel("comments")]


class TrainingGroup(SnippetViewSetGroup):
    menu_label = "Training"
    menu_icon = "calendar-alt"
    menu_order = 260
    items = (CourseSessionViewSet, BookingViewSet, EvaluationViewSet)


register_snippet(TrainingGroup)


@hooks.register("register_admin_urls")
def training_admin_urls():
    return [
        path("training/", admin_views.OverviewView.as_view(), name="training_admin"),
        path(
            "training/sessions/<int:pk>/register/",
            admin_views.RegisterView.as_view(),
            name="training_register",
        ),
    ]


class OfficersMenuItem(MenuItem):
    def is_shown(self, request):
        return officer_partnerships(request.user).exists()


@hooks.register("register_admin_menu_item")
def training_admin_menu_item():
    return OfficersMenuItem(
        "Training registers", reverse("training_admin"), icon_name="tasks", order=261
    )


@hooks.register("register_public_records")
def public_training_records():
    """Sessions show on the course pages and listing (while not cancelled, or
    when they stop being): a change renews the partnership's cached pages.
    Bookings change only the places left, which those pages keep briefly
    (training.pages.PLACES_CACHE_SECONDS)."""
    return [CourseSession]


@hooks.register("add_partnership_pages")
def add_training_page(partnership, home, make_page):
    """A new partnership's training and events listing, a draft for its editors."""
    make_page(
        home,
        TrainingIndexPage,
        "training",
        title="Training and events",
        show_in_menus=True,
        summary="Multi-agency safeguarding courses, briefings and events, and how to book.",
    )
