from html import unescape

from django.conf import settings
from django.contrib import messages
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.admin import messages as admin_messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.rich_text.pages import PageLinkHandler
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .editor_checks import SiteContentChecker, warn_about_page
from .editors_admin import EditorsGuideView, RoleDescriptionPanel, editors_guide_menu_item
from .models import (
    AlertBanner,
    HomePage,
    Navigation,
    NavigationLink,
    Partnership,
    SafeguardingContacts,
    SearchShortcut,
)
from .partnership_admin import AddPartnershipView
from .reports import ReviewDueMenuItem, ReviewDueReportView
from .tenancy import pages_of, partnerships_for
from .tenant_admin import PartnershipScopedViewSetMixin, scoped_bulk_actions
from .tenant_views import PartnershipPageViewSet
from .visibility import restricted_paths


class AlertBannerViewSet(PartnershipScopedViewSetMixin, SnippetViewSet):
    model = AlertBanner
    icon = "warning"
    menu_label = "Alert banners"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["title", "level", "site", "starts_at", "ends_at"]
    list_filter = ["level", "site"]
    search_fields = ["title"]


register_snippet(AlertBannerViewSet)


class SearchShortcutViewSet(PartnershipScopedViewSetMixin, SnippetViewSet):
    model = SearchShortcut
    icon = "search"
    menu_label = "Search shortcuts"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["phrases", "page", "site"]
    list_filter = ["site"]
    search_fields = ["phrases"]


register_snippet(SearchShortcutViewSet)

# Bulk actions take a hand-made list of ids: each looks them up among the
# records its model's policy lets the user reach (order 1: after Wagtail's own,
# which these replace).
for _action in scoped_bulk_actions():
    hooks.register("register_bulk_action", _action, order=1)


def site_link(user, model, model_name, site, label):
    """A link to ``model``'s settings for ``site`` when ``user`` may change them
    (its partnership's Approvers, superusers); otherwise the name and whom to
    ask, rather than a link that only refuses them."""
    if policy_registry.get_by_type(model).user_has_permission_for_instance(user, "change", site):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("wagtailsettings:edit", args=["site_core", model_name, site.pk]),
            label,
        )
    return format_html("{} (ask one of its Approvers to change this)", label)


class StaleContactsPanel(Component):
    """Warns on the dashboard when a site's safeguarding numbers are overdue a check."""

    order = 10

    def __init__(self, stale, user):
        self.stale = stale
        self.user = user

    def render_html(self, parent_context=None):
        items = format_html_join(
            "",
            "<li>{}: last checked {}</li>",
            (
                (
                    site_link(
                        self.user,
                        SafeguardingContacts,
                        "safeguardingcontacts",
                        contacts.site,
                        contacts.site.site_name or contacts.site.hostname,
                    ),
                    contacts.last_checked.strftime("%-d %B %Y")
                    if contacts.last_checked
                    else "never recorded",
                )
                for contacts in self.stale
            ),
        )
        return format_html(
            '<section class="w-panel" aria-labelledby="stale-contacts-heading">'
            '<div class="help-block help-warning"><h2 id="stale-contacts-heading">'
            "Check the “Worried about a child?” numbers</h2>"
            "<p>These were last checked more than six months ago, or never. Ring or confirm each "
            "number, then update the ‘last checked’ date.</p><ul>{}</ul></div></section>",
            items,
        )


@hooks.register("construct_homepage_panels")
def add_stale_contacts_panel(request, panels):
    stale = [
        contacts
        for contacts in SafeguardingContacts.objects.filter(
            site__partnership__in=partnerships_for(request.user)
        ).select_related("site")
        if contacts.is_stale
    ]
    if stale:
        panels.insert(0, StaleContactsPanel(stale, request.user))


# --- Staying up (issue 12): requests that would reach nobody ---------------


class RequestsGoNowherePanel(Component):
    """Warns a partnership's editors when readers' requests email nobody.

    A request is still kept in the admin, but with no inbox in the
    partnership's settings and no ACCESSIBLE_FORMAT_REQUEST_EMAIL fallback,
    nobody is told one has arrived.
    """

    order = 11

    def __init__(self, partnerships, user):
        self.partnerships = partnerships
        self.user = user

    def render_html(self, parent_context=None):
        items = format_html_join(
            "",
            "<li>{}</li>",
            (
                (
                    site_link(
                        self.user, Partnership, "partnership", p.site, p.name or p.site.hostname
                    ),
                )
                for p in self.partnerships
            ),
        )
        return format_html(
            '<section class="w-panel" aria-labelledby="requests-nowhere-heading">'
            '<div class="help-block help-warning"><h2 id="requests-nowhere-heading">'
            "Readers’ requests for an accessible format reach nobody by email</h2>"
            "<p>No inbox is set for these partnerships, so nobody is told when a reader "
            "asks for a document in another format (the requests wait under Accessible "
            "format requests). Add an “email for readers’ requests” in the partnership’s "
            "settings.</p><ul>{}</ul></div></section>",
            items,
        )


@hooks.register("construct_homepage_panels")
def add_requests_go_nowhere_panel(request, panels):
    if settings.ACCESSIBLE_FORMAT_REQUEST_EMAIL:
        return  # every partnership without an inbox of its own falls back to it
    nowhere = list(partnerships_for(request.user).filter(requests_email="").select_related("site"))
    if nowhere:
        panels.insert(0, RequestsGoNowherePanel(nowhere, request.user))


# Wagtail's "Page types usage" report counts and names the last edited page of
# each type across the whole installation, whatever the reader's partnership:
# superusers only (the menu item and the view). No role holds this action, and
# Wagtail's policies allow superusers everything.
PageTypesUsageReportView.any_permission_required = ["superuser_only"]


@hooks.register("construct_reports_menu")
def hide_page_types_report(request, menu_items):
    if not request.user.is_superuser:
        page_types = reverse("wagtailadmin_reports:page_types_usage")
        menu_items[:] = [item for item in menu_items if item.url != page_types]


# --- Editing and publishing safely --------------------------------------------


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_vague_links(request, page):
    warn_about_page(request, page)


@hooks.register("after_edit_page")
def say_approved_and_published(request, page):
    """ "Approve and Publish" in the editor ends with Wagtail's message for a save
    ("has been updated"); an Approver needs to read that the page is now public."""
    if request.POST.get("workflow-action-name") != "approve":
        return
    now = Page.objects.get(pk=page.pk)
    if not now.live or now.has_unpublished_changes:
        return  # approved at a step of a longer workflow: not published yet
    title = page.get_admin_display_title()
    updated = gettext("Page '%(page_title)s' has been updated.") % {"page_title": title}
    # Reading the messages marks them as seen; all but Wagtail's are added back.
    for message in list(messages.get_messages(request)):
        if unescape(strip_tags(str(message.message))).strip() != updated:
            messages.add_message(request, message.level, message.message, message.extra_tags)
    admin_messages.success(request, f"Page '{title}' has been approved and published.")


@hooks.register("construct_wagtail_userbar")
def use_site_content_checker(request, items, page=None):
    for index, item in enumerate(items):
        if isinstance(item, ContentCheckerItem) and not isinstance(item, SiteContentChecker):
            items[index] = SiteContentChecker(in_editor=item.in_editor)


@hooks.register("register_admin_urls")
def register_review_report_urls():
    return [
        path(
            "reports/content-review/",
            ReviewDueReportView.as_view(),
            name="site_core_review_report",
        ),
        path(
            "reports/content-review/results/",
            ReviewDueReportView.as_view(results_only=True),
            name="site_core_review_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return ReviewDueMenuItem(
        "Content due for review",
        reverse("site_core_review_report"),
        name="content-review",
        icon_name="time",
        order=150,
    )


class PublicPageLinkHandler(PageLinkHandler):
    """Rich text links to pages, leaving out the address of a members-only page.

    Rich text is rendered without knowing who reads it (page bodies, alert
    banners, the API's ``html`` format), so a link to a members-only page
    keeps its words but loses its address, wherever it appears.
    """

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        pages = cls.get_many(attrs_list)
        restricted = restricted_paths() if any(pages) else []
        return [
            format_html('<a href="{}">', page.localized.url)
            if page is not None and not page.path.startswith(tuple(restricted) or ("\0",))
            else "<a>"
            for page in pages
        ]


# After Wagtail's own registration (order 0), so this handler replaces its "page" one.
@hooks.register("register_rich_text_features", order=1)
def register_public_page_links(features):
    features.register_link_type(PublicPageLinkHandler)


# --- Partnerships --------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_add_partnership_url():
    return [
        path("partnerships/add/", AddPartnershipView.as_view(), name="site_core_add_partnership")
    ]


@hooks.register("register_settings_menu_item")
def register_add_partnership_menu_item():
    class SuperuserMenuItem(MenuItem):
        def is_shown(self, request):
            return request.user.is_superuser

    return SuperuserMenuItem(
        "Add a partnership",
        reverse("site_core_add_partnership"),
        icon_name="group",
        order=610,
    )


@hooks.register("register_admin_viewset", order=1)
def register_partnership_page_viewset():
    """The explorer's filters name only the user's partnerships' sites and people
    (after Wagtail's base page viewset, which this one replaces)."""
    return PartnershipPageViewSet()


@hooks.register("construct_page_chooser_queryset")
def only_own_partnerships_pages(pages, request):
    """The page chooser offers only the user's partnerships' pages (the explorer
    and page search already show only pages the user may explore)."""
    return pages_of(request.user, pages)


# --- Help for the people who run the site (site_core.editors_admin) ----------


@hooks.register("register_admin_urls")
def register_editors_guide_url():
    return [path("editors-guide/", EditorsGuideView.as_view(), name="site_core_editors_guide")]


@hooks.register("register_admin_menu_item")
def register_editors_guide_menu_item():
    return editors_guide_menu_item()


@hooks.register("register_group_permission_panel", order=-100)
def register_group_role_panel():
    return RoleDescriptionPanel


@hooks.register("page_jsonld")
def partnership_jsonld(context, canonical):
    """The partnership as a GovernmentOrganization, on its home page."""
    page, request = context.get("page"), context.get("request")
    if request is None or not isinstance(page, HomePage):
        return []
    partnership = Partnership.for_request(request)
    contacts = SafeguardingContacts.for_request(request)
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": partnership.name,
        "url": canonical,
        "description": page.introduction,
        "logo": f"{request.scheme}://{request.get_host()}/icons/512.png",
    }
    if partnership.short_name:
        data["alternateName"] = partnership.short_name
    if getattr(partnership, "area", ""):
        data["areaServed"] = {"@type": "AdministrativeArea", "name": partnership.area}
    points = [
        {"@type": "ContactPoint", "telephone": phone, "contactType": label}
        for phone, label in (
            (contacts.front_door_phone, contacts.front_door_name or "Report a concern"),
            (contacts.out_of_hours_phone, "Out of hours"),
            (contacts.lado_phone, "LADO (Local Authority Designated Officer)"),
        )
        if phone
    ]
    if points:
        data["contactPoint"] = points
    return [data]


@hooks.register("register_public_records")
def public_site_records():
    """The kernel's records that public pages show: a change renews its
    partnership's cached pages (any app may act on this hook)."""
    return [
        Partnership,
        SafeguardingContacts,
        Navigation,
        NavigationLink,
        AlertBanner,
        SearchShortcut,
    ]
