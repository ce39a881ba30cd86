from django.urls import reverse
from django.utils.html import format_html, format_html_join
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.rich_text.pages import PageLinkHandler
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import AlertBanner, SafeguardingContacts
from .visibility import is_restricted


class AlertBannerViewSet(SnippetViewSet):
    model = AlertBanner
    icon = "warning"
    menu_label = "Alert banners"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["title", "level", "site", "starts_at", "ends_at"]
    list_filter = ["level", "site"]
    search_fields = ["title"]


register_snippet(AlertBannerViewSet)


class StaleContactsPanel(Component):
    """Warns on the dashboard when a site's safeguarding numbers are overdue a check."""

    order = 10

    def __init__(self, stale):
        self.stale = stale

    def render_html(self, parent_context=None):
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a>: last checked {}</li>',
            (
                (
                    reverse(
                        "wagtailsettings:edit",
                        args=["site_core", "safeguardingcontacts", contacts.site_id],
                    ),
                    contacts.site.site_name or contacts.site.hostname,
                    contacts.last_checked.strftime("%-d %B %Y"),
                )
                for contacts in self.stale
            ),
        )
        return format_html(
            '<section class="w-panel" aria-labelledby="stale-contacts-heading">'
            '<div class="help-block help-warning"><h2 id="stale-contacts-heading">'
            "Check the “Worried about a child?” numbers</h2>"
            "<p>These were last checked more than six months ago. Ring or confirm each "
            "number, then update the ‘last checked’ date.</p><ul>{}</ul></div></section>",
            items,
        )


@hooks.register("construct_homepage_panels")
def add_stale_contacts_panel(request, panels):
    stale = [
        contacts
        for contacts in SafeguardingContacts.objects.select_related("site")
        if contacts.is_stale
    ]
    if stale:
        panels.insert(0, StaleContactsPanel(stale))


# --- Editing and publishing safely (issue 5) --------------------------------


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    from django.urls import path

    from . import two_factor

    return [
        path("two-factor/", two_factor.two_factor, name="site_core_two_factor"),
        path(
            "two-factor/backup-codes/",
            two_factor.backup_codes,
            name="site_core_two_factor_backup_codes",
        ),
    ]


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_vague_links(request, page):
    from .editor_checks import warn_about_page

    warn_about_page(request, page)


@hooks.register("construct_wagtail_userbar")
def use_site_content_checker(request, items, page=None):
    from wagtail.admin.userbar import ContentCheckerItem

    from .editor_checks import SiteContentChecker

    for index, item in enumerate(items):
        if isinstance(item, ContentCheckerItem) and not isinstance(item, SiteContentChecker):
            items[index] = SiteContentChecker(in_editor=item.in_editor)


@hooks.register("register_admin_urls")
def register_review_report_urls():
    from django.urls import path

    from .reports import ReviewDueReportView

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
    from .reports import ReviewDueMenuItem

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
        return [
            format_html('<a href="{}">', page.localized.url)
            if page is not None and not is_restricted(page)
            else "<a>"
            for page in cls.get_many(attrs_list)
        ]


# After Wagtail's own registration (order 0), so this handler replaces its "page" one.
@hooks.register("register_rich_text_features", order=1)
def register_public_page_links(features):
    features.register_link_type(PublicPageLinkHandler)
