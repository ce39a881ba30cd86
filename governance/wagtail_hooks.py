"""The "Governance" admin menu.

Every record type is a snippet edited through Wagtail's own SnippetViewSet
(the supported successor of wagtail-modeladmin), which gives each list search,
filters, spreadsheet export (CSV and XLSX), an inspect view and a history of
who changed what and when.
"""

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from site_core import tenancy
from site_core.models import PartnershipGroup
from site_core.roles import MEMBERS_AREA_ROLES
from site_core.tenancy import partnership_ids_for
from site_core.tenant_admin import PartnershipScopedForm, PartnershipScopedViewSetMixin

from .jsonld import body_jsonld, meeting_jsonld
from .models import (
    Agency,
    AgendaItem,
    Attendance,
    Body,
    Declaration,
    GovernanceIndexPage,
    Interest,
    Meeting,
    MemberAccount,
    MembersAreaPage,
    Membership,
    Mission,
    Person,
    Post,
    PublicationReceived,
    Relationship,
    Responsibility,
    StrategicPriority,
    Value,
    ValueTheme,
)
from .search import search_records


def period():
    return FieldRowPanel(
        [FieldPanel("applies_from"), FieldPanel("applies_until")], heading="Period it applies to"
    )


class GovernanceViewSet(PartnershipScopedViewSetMixin, SnippetViewSet):
    """Shared defaults: each user sees and chooses only their partnerships' records
    (site_core.tenant_admin); database search (the same on SQLite and PostgreSQL)."""

    search_backend_name = None
    inspect_view_enabled = True


class BodyViewSet(GovernanceViewSet):
    model = Body
    icon = "group"
    menu_label = "Bodies"
    list_display = ["name", "short_name", "kind", "parent", "began", "ended"]
    list_filter = ["partnership", "kind"]
    list_export = ["name", "short_name", "slug", "kind", "parent", "began", "ended", "website"]
    search_fields = ["name", "short_name", "purpose"]
    panels = [
        FieldPanel("partnership"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("short_name")]),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("parent")]),
        FieldPanel("purpose"),
        FieldRowPanel([FieldPanel("began"), FieldPanel("ended")], heading="Dates"),
        FieldPanel("website"),
    ]


class AgencyViewSet(GovernanceViewSet):
    model = Agency
    icon = "site"
    menu_label = "Agencies"
    list_display = ["name", "short_name", "kind"]
    list_filter = ["partnership", "kind"]
    list_export = ["name", "short_name", "kind", "website"]
    search_fields = ["name", "short_name"]
    panels = [
        FieldPanel("partnership"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("short_name")]),
        FieldPanel("kind"),
        FieldPanel("website"),
    ]


class PersonViewSet(GovernanceViewSet):
    model = Person
    icon = "user"
    menu_label = "People"
    list_display = ["name", "profile_consent"]
    list_filter = ["partnership", "profile_consent"]
    list_export = ["name", "honorific_prefix", "email", "phone", "profile_consent"]
    search_fields = ["name", "email"]
    panels = [
        FieldPanel("partnership"),
        FieldRowPanel([FieldPanel("honorific_prefix"), FieldPanel("name")], heading="Name"),
        MultiFieldPanel(
            [FieldPanel("profile"), FieldPanel("profile_consent")],
            heading="Public profile (shown only with consent)",
        ),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("phone"), FieldPanel("notes")],
            heading="Private: never shown publicly",
        ),
    ]


class PostViewSet(GovernanceViewSet):
    model = Post
    icon = "tag"
    menu_label = "Posts"
    list_display = ["display_label", "role", "body", "holders"]
    list_filter = ["body__partnership", "role", "body"]
    list_export = ["display_label", "role", "body", "holders"]
    search_fields = ["label", "body__name"]
    panels = [
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("role"), FieldPanel("label")]),
        FieldRowPanel([FieldPanel("holders"), FieldPanel("sort_order")]),
    ]


class MembershipViewSet(GovernanceViewSet):
    model = Membership
    icon = "link"
    menu_label = "Memberships"
    list_display = ["person", "post", "on_behalf_of", "term_starts", "term_ends", "status"]
    list_filter = ["post__body__partnership", "post__body", "post__role", "until_replaced"]
    list_export = [
        "person",
        "post",
        "on_behalf_of",
        "term_starts",
        "term_ends",
        "until_replaced",
        "status",
    ]
    search_fields = ["person__name", "post__label", "post__body__name"]
    panels = [
        FieldPanel("person"),
        FieldPanel("post"),
        FieldPanel("on_behalf_of"),
        FieldRowPanel([FieldPanel("term_starts"), FieldPanel("term_ends")], heading="Term"),
        FieldPanel("until_replaced"),
    ]


class RelationshipViewSet(GovernanceViewSet):
    model = Relationship
    icon = "resubmit"
    menu_label = "Relationships"
    list_display = ["subject", "kind", "other", "began", "ended"]
    list_filter = ["subject__partnership", "kind"]
    list_export = ["subject", "kind", "other", "began", "ended", "framework_title"]
    search_fields = ["subject__name", "other__name", "description"]
    panels = [
        FieldRowPanel([FieldPanel("subject"), FieldPanel("kind"), FieldPanel("other")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("began"), FieldPanel("ended")], heading="Dates"),
        MultiFieldPanel(
            [FieldPanel("framework_page"), FieldPanel("framework_title")],
            heading="Framework or protocol that governs it",
        ),
    ]


class MeetingViewSet(GovernanceViewSet):
    model = Meeting
    icon = "date"
    menu_label = "Meetings"
    list_display = ["body", "date", "place", "access"]
    list_filter = ["body__partnership", "body", "access", "date"]
    list_export = ["body", "date", "starts_at", "place", "access"]
    search_fields = ["body__name", "place", "summary"]
    panels = [
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("starts_at")]),
        FieldPanel("place"),
        FieldPanel("access"),
        FieldPanel("summary"),
        InlinePanel("agenda_items", heading="Agenda and papers", label="Agenda item"),
        FieldPanel("minutes"),
        InlinePanel("attendance", heading="Attendance", label="Member"),
        InlinePanel("declarations", heading="Declarations of interest", label="Declaration"),
        InlinePanel("publications_received", heading="Publications received", label="Publication"),
    ]


class MissionViewSet(GovernanceViewSet):
    model = Mission
    icon = "pick"
    menu_label = "Missions"
    list_display = ["statement", "body", "applies_from", "applies_until"]
    list_filter = ["body__partnership", "body"]
    list_export = ["statement", "body", "applies_from", "applies_until"]
    search_fields = ["statement"]
    panels = [FieldPanel("body"), period(), FieldPanel("statement"), FieldPanel("explanation")]


class ValueThemeViewSet(GovernanceViewSet):
    model = ValueTheme
    icon = "pick"
    menu_label = "Values"
    list_display = ["__str__", "body", "applies_from", "applies_until"]
    list_filter = ["body__partnership", "body"]
    list_export = ["number", "name", "body", "applies_from", "applies_until"]
    search_fields = ["name"]
    panels = [
        FieldPanel("body"),
        period(),
        FieldRowPanel([FieldPanel("number"), FieldPanel("name")], heading="Theme"),
        InlinePanel("values", heading="Values", label="Value", min_num=1),
    ]


class ResponsibilityViewSet(GovernanceViewSet):
    model = Responsibility
    icon = "tasks"
    menu_label = "Responsibilities"
    list_display = ["title", "body", "applies_from", "applies_until"]
    list_filter = ["body__partnership", "body"]
    list_export = ["title", "description", "body", "applies_from", "applies_until"]
    search_fields = ["title", "description"]
    panels = [
        FieldPanel("body"),
        period(),
        FieldRowPanel([FieldPanel("title"), FieldPanel("sort_order")]),
        FieldPanel("description"),
    ]


class StrategicPriorityViewSet(ResponsibilityViewSet):
    model = StrategicPriority
    icon = "order"
    menu_label = "Strategic priorities"


class MemberAccountForm(PartnershipScopedForm):
    """The sign-in to link is chosen among the board members and governance
    officers of the editor's own partnerships: never the whole installation's users."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        field = self.fields.get("user")
        if field is not None and user is not None and not user.is_superuser:
            groups = PartnershipGroup.objects.filter(
                partnership__in=partnership_ids_for(user), role__in=MEMBERS_AREA_ROLES
            ).values("group")
            field.queryset = field.queryset.filter(groups__in=groups).distinct()


class MemberAccountViewSet(GovernanceViewSet):
    model = MemberAccount
    icon = "key"
    menu_label = "Member accounts"
    list_display = ["person", "user", "meeting_reminders"]
    list_filter = ["person__partnership", "meeting_reminders"]
    list_export = ["person", "user", "meeting_reminders"]
    search_fields = ["person__name", "user__username", "user__email"]
    panels = [FieldPanel("person"), FieldPanel("user"), FieldPanel("meeting_reminders")]

    def get_edit_handler(self):
        from wagtail.admin.panels import ObjectList

        return ObjectList(self.panels, base_form_class=MemberAccountForm).bind_to_model(self.model)


class InterestViewSet(GovernanceViewSet):
    model = Interest
    icon = "doc-full"
    menu_label = "Register of interests"
    list_display = ["person", "kind", "description", "declared_on", "ended_on"]
    list_filter = ["person__partnership", "kind"]
    list_export = ["person", "kind", "description", "declared_on", "ended_on"]
    search_fields = ["person__name", "description"]
    panels = [
        FieldPanel("person"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("declared_on"), FieldPanel("ended_on")], heading="Dates"),
    ]


class GovernanceGroup(SnippetViewSetGroup):
    menu_label = "Governance"
    menu_icon = "group"
    menu_order = 250
    items = (
        BodyViewSet,
        AgencyViewSet,
        PersonViewSet,
        PostViewSet,
        MembershipViewSet,
        MeetingViewSet,
        InterestViewSet,
        MemberAccountViewSet,
        RelationshipViewSet,
        MissionViewSet,
        ValueThemeViewSet,
        ResponsibilityViewSet,
        StrategicPriorityViewSet,
    )


register_snippet(GovernanceGroup)


@hooks.register("add_partnership_pages")
def add_governance_pages(partnership, home, make_page):
    """A new partnership's governance section and its members' area (restricted at once)."""

    governance = make_page(
        home,
        GovernanceIndexPage,
        "governance",
        title="Governance",
        show_in_menus=True,
        summary="Who leads the partnership, its boards and groups, values and meetings.",
    )
    members = make_page(
        governance,
        MembersAreaPage,
        "members",
        title="Members' area",
        summary="Members-only meetings, papers and minutes. Sign in with your own account.",
    )
    tenancy.restrict_to_members(members, partnership)


@hooks.register("search_records")
def governance_search_records(request, site, words):
    """Bodies, people in posts and public meetings in site search (site_core/search.py)."""

    return search_records(request, site, words)


@hooks.register("page_jsonld")
def governance_jsonld(context, canonical):
    """A body's page as a GovernmentOrganization, a meeting's as an Event (schema.org)."""

    meeting, body = context.get("meeting"), context.get("gov_body")
    if meeting is not None and getattr(meeting, "is_public", False):
        return [meeting_jsonld(meeting, canonical)]
    if body is not None and meeting is None:
        return [body_jsonld(body, canonical)]
    return []


def _meeting_is_public(row):
    """A meeting's rows show only while their meeting is public."""
    try:
        return row.meeting.is_public
    except Meeting.DoesNotExist:
        return False  # deleted with its meeting, whose own deletion counted


@hooks.register("register_public_records")
def public_governance_records():
    """Governance records public pages show (a body's page, the overview,
    open data): a change renews its partnership's cached pages. Meetings
    and their rows only while the meeting is public (or stops being)."""
    return [
        Body,
        Agency,
        Relationship,
        Person,
        Post,
        Membership,
        Mission,
        ValueTheme,
        Value,
        Responsibility,
        StrategicPriority,
        Interest,
        (Meeting, lambda meeting: meeting.is_public),
        *(
            (row, _meeting_is_public)
            for row in (AgendaItem, Attendance, Declaration, PublicationReceived)
        ),
    ]
