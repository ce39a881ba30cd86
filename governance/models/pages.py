"""The public governance pages and the members' area, as Wagtail page types."""

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from accounts.second_factor import members_only
from governance import meeting_views, my_boards, structure
from governance.structure import terms_ending, values_context
from site_core.blocks import BodyBlock
from site_core.models import BasePage, ContentsMixin, Partnership

from .bodies import Body, Relationship
from .meetings import Meeting, is_private
from .people import Membership, Post

TERMS_ENDING_WITHIN_DAYS = 90
HISTORY_KINDS = [
    Body.Kind.PARTNERSHIP,
    Body.Kind.BOARD,
    Body.Kind.EXECUTIVE,
    Body.Kind.PROGRAMME_BOARD,
    Body.Kind.IMPROVEMENT_BOARD,
]


class GovernanceIndexPage(ContentsMixin, RoutablePageMixin, BasePage):
    """Who governs the partnership: structure, bodies, values and history.

    Bodies, values and meetings are records edited under "Governance" in the
    admin; this page and its sub-pages only show them.
    """

    summary = models.TextField(
        max_length=300, blank=True, help_text="Shown under the title and in search results."
    )
    body = StreamField(
        BodyBlock(), blank=True, help_text="Optional words shown above the structure."
    )
    publish_register_of_interests = models.BooleanField(
        default=False,
        help_text="Publish a summary of current members' registered interests at "
        "/governance/interests/ (names, posts and interests only). Goes live when this page "
        "is published.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("publish_register_of_interests"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["site_core.HomePage"]
    subpage_types = ["governance.MembersAreaPage"]
    max_count_per_parent = 1
    # What site search calls it (site_core.search.page_kind).
    type_label = "Governance"

    class Meta:
        verbose_name = "governance overview"

    def partnership(self, request):
        return Partnership.for_request(request)

    def get_sitemap_urls(self, request=None):
        """The overview and every public page under it: values, history, the
        meetings list, the register of interests when published, each body's
        page and meetings list, and each public meeting (never a members-only
        one). Calendars and papers packs are files, not pages."""
        urls = super().get_sitemap_urls(request)
        if not urls:
            return urls
        base = urls[0]["location"].rstrip("/") + "/"
        lastmod = urls[0].get("lastmod")
        site = self.get_site()
        partnership = Partnership.for_site(site) if site else None
        routes = [("values", {}), ("history", {}), ("partnership_meetings", {})]
        if self.publish_register_of_interests:
            routes.append(("register_of_interests", {}))
        if partnership is not None:
            for slug in Body.objects.filter(partnership=partnership).values_list("slug", flat=True):
                routes += [("body_detail", {"slug": slug}), ("body_meetings", {"slug": slug})]
            routes += [
                ("meeting_detail", {"slug": slug, "meeting_id": pk})
                for pk, slug in Meeting.objects.filter(
                    body__partnership=partnership, access=Meeting.Access.PUBLIC
                ).values_list("pk", "body__slug")
            ]
        for name, kwargs in routes:
            location = base + self.reverse_subpage(name, kwargs=kwargs or None)
            urls.append({"location": location, "lastmod": lastmod})
        return urls

    def subroute(self, request, template, title, **context):
        context.update(
            {
                "sub_title": title,
                "partnership": self.partnership(request),
                "governance_page": self,
            }
        )
        return self.render(request, template=template, context_overrides=context)

    @path("")
    def overview(self, request):
        partnership = self.partnership(request)
        roots, outside = structure.structure(partnership)
        return self.render(
            request,
            context_overrides={
                "roots": roots,
                "outside": outside,
                "partnership": partnership,
                "members_area": self.get_children().type(MembersAreaPage).live().first(),
            },
        )

    @path("bodies/<slug:slug>/")
    def body_detail(self, request, slug):
        partnership = self.partnership(request)
        body = Body.objects.filter(partnership=partnership, slug=slug).first()
        if body is None:
            raise Http404("No such board or group in this partnership.")
        body.partnership = partnership
        today = timezone.localdate()
        # A closed body is shown as it stood the day it closed: its last
        # members and chair, no seat left "vacant" after it stopped meeting.
        closed = body.ended is not None and body.ended < today

        def records():
            seats, former = structure.membership_record(body, body.ended if closed else today)
            return {
                "chairs": structure.chairs_from(seats),
                "past_chairs": [m for m in former if m.post.role in Post.CHAIR_ROLES],
                "seats": seats,
                "former": former,
            }

        kept = SimpleLazyObject(records)
        return self.subroute(
            request,
            "governance/body_detail.html",
            body.name,
            gov_body=body,
            closed=closed,
            today=today,
            # Read only when the page is rendered, not when it is kept.
            **{
                name: SimpleLazyObject(lambda name=name: kept[name])
                for name in ("chairs", "past_chairs", "seats", "former")
            },
            children=body.children.order_by("name"),
            priorities=structure.adopted(structure.StrategicPriority, partnership).filter(
                body=body
            ),
            relationships=SimpleLazyObject(lambda: structure.relationships_of(body)),
            meetings=body.meetings.filter(access=Meeting.Access.PUBLIC).prefetch_related(
                "publications_received__page"
            ),
            # Who holds a post depends on the date.
            fragment_vary=f"{slug}:{today.isoformat()}",
        )

    @path("bodies/<slug:slug>/meetings/<int:meeting_id>/")
    def meeting_detail(self, request, slug, meeting_id):
        partnership = self.partnership(request)
        meeting = get_object_or_404(
            Meeting.objects.select_related("body"),
            pk=meeting_id,
            body__slug=slug,
            body__partnership=partnership,
            access=Meeting.Access.PUBLIC,
        )
        return self.subroute(
            request,
            "governance/meeting_detail.html",
            f"{meeting.body.name}: meeting on {meeting.date:%-d %B %Y}",
            meeting=meeting,
            gov_body=meeting.body,
            show_private=False,
            **meeting_parts(meeting, show_private=False),
        )

    # Meetings lists, calendars and packs: governance/meeting_views.py.
    @path("meetings/")
    def partnership_meetings(self, request):
        return meeting_views.partnership_meetings(self, request)

    @path("meetings/calendar/")
    def partnership_calendar(self, request):
        return meeting_views.partnership_calendar(self, request)

    @path("bodies/<slug:slug>/meetings/")
    def body_meetings(self, request, slug):
        return meeting_views.body_meetings(self, request, slug)

    @path("bodies/<slug:slug>/calendar/")
    def body_calendar(self, request, slug):
        return meeting_views.body_calendar(self, request, slug)

    @path("bodies/<slug:slug>/meetings/<int:meeting_id>/calendar/")
    def meeting_calendar(self, request, slug, meeting_id):
        return meeting_views.meeting_calendar(self, request, slug, meeting_id)

    @path("bodies/<slug:slug>/meetings/<int:meeting_id>/papers/")
    def meeting_pack(self, request, slug, meeting_id):
        return meeting_views.meeting_pack(self, request, slug, meeting_id)

    @path("interests/")
    def register_of_interests(self, request):
        return meeting_views.register_of_interests(self, request)

    @path("values/")
    def values(self, request):
        return self.subroute(
            request,
            "governance/values.html",
            "Our mission, values and priorities",
            **values_context(self.partnership(request)),
        )

    @path("history/")
    def history(self, request):
        """The arrangements over time: boards and partnerships beginning and closing,
        and the relationships between them. Short-lived groups are left out."""

        partnership = self.partnership(request)
        bodies = Body.objects.filter(partnership=partnership, kind__in=HISTORY_KINDS).filter(
            Q(began__isnull=False) | Q(ended__isnull=False)
        )
        events = []
        for body in bodies:
            if body.began:
                events.append({"date": body.began, "body": body, "what": "began"})
            if body.ended:
                events.append({"date": body.ended, "body": body, "what": "closed"})
        relationships = Relationship.objects.filter(subject__partnership=partnership).filter(
            Q(began__isnull=False) | Q(ended__isnull=False)
        )
        for rel in relationships.select_related("subject", "other", "framework_page"):
            if rel.began:
                events.append({"date": rel.began, "relationship": rel, "what": "began"})
            if rel.ended:
                events.append({"date": rel.ended, "relationship": rel, "what": "ended"})
        # On the same day, endings come before beginnings.
        events.sort(key=lambda e: (e["date"], e["what"] == "began"))
        return self.subroute(
            request,
            "governance/history.html",
            "How our arrangements have changed",
            events=events,
        )


def meeting_parts(meeting, show_private):
    """Agenda, attendance and the rest, leaving out private papers for the public."""
    items = []
    for item in meeting.agenda_items.select_related("paper__collection"):
        paper = item.paper
        if paper is not None and not show_private and is_private(paper):
            paper = None
        items.append({"item": item, "paper": paper})
    minutes = meeting.minutes
    if minutes is not None and not show_private and is_private(minutes):
        minutes = None
    return {
        "agenda": items,
        "minutes_document": minutes,
        "attendance": meeting.attendance.select_related("person"),
        "declarations": meeting.declarations.select_related("person"),
        "received": [
            r
            for r in meeting.publications_received.select_related("page")
            if show_private or not r.is_members_only
        ],
    }


class MembersAreaPage(RoutablePageMixin, BasePage):
    """Board members only: members-only meetings and papers, contact details,
    and terms ending soon.

    Restricted to the partnership's board members and governance officers
    (site_core.tenancy.restrict_to_members; add_partnership sets it up). It
    also checks their roles and an admin account's second factor itself
    (``members_only``), so removing the restriction by mistake still shows
    nothing to the public, to another partnership's members or to a password
    alone.
    """

    summary = models.TextField(max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    parent_page_types = ["governance.GovernanceIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = "members' area"

    @members_only
    def serve(self, request, *args, **kwargs):
        return super().serve(request, *args, **kwargs)

    @path("")
    def dashboard(self, request):
        partnership = Partnership.for_request(request)
        memberships = (
            Membership.objects.filter(post__body__partnership=partnership)
            .select_related("person", "post__body", "on_behalf_of")
            .order_by("post__body__name", "post__sort_order", "person__name")
        )
        current = [m for m in memberships if m.is_current]
        meetings = Meeting.objects.filter(body__partnership=partnership).select_related("body")
        return self.render(
            request,
            context_overrides={
                "current_memberships": current,
                "ending_soon": terms_ending(partnership, TERMS_ENDING_WITHIN_DAYS),
                "ending_within_days": TERMS_ENDING_WITHIN_DAYS,
                "members_meetings": meetings.filter(access=Meeting.Access.MEMBERS),
                "public_meetings": meetings.filter(access=Meeting.Access.PUBLIC)[:10],
            },
        )

    # A member's own page, packs and calendars: governance/my_boards.py.
    @path("my-boards/")
    def my_boards(self, request):
        return my_boards.my_boards(self, request)

    @path("meetings/<int:meeting_id>/papers/")
    def meeting_pack(self, request, meeting_id):
        return my_boards.members_pack(self, request, meeting_id)

    @path("meetings/<int:meeting_id>/calendar/")
    def meeting_calendar(self, request, meeting_id):
        return my_boards.members_meeting_calendar(self, request, meeting_id)

    @path("meetings/<int:meeting_id>/")
    def meeting_detail(self, request, meeting_id):
        partnership = Partnership.for_request(request)
        meeting = Meeting.objects.filter(pk=meeting_id, body__partnership=partnership).first()
        if meeting is None:
            raise Http404
        context = {
            "meeting": meeting,
            "gov_body": meeting.body,
            "show_private": True,
            "sub_title": f"{meeting.body.name}: meeting on {meeting.date:%-d %B %Y}",
            "members_page": self,
            **meeting_parts(meeting, show_private=True),
        }
        return self.render(
            request, template="governance/meeting_detail.html", context_overrides=context
        )
