"""Admin wiring for the evidence: indicators, values (edited one at a time or
imported from a spreadsheet), recommendation updates and key-figure links,
each sealed per partnership (site_core.tenant_admin); and what the evidence
adds to the plan and annual report pages (the "publication_sections" hook)."""

from django.template.loader import render_to_string
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.models import Page, Site
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from publications.models import (
    AnnualReportPage,
    KeyFigure,
    PlanIndicator,
    PlanPage,
    ReviewRecommendation,
)
from site_core.tenancy import pages_of
from site_core.tenant_admin import PartnershipScopedForm, PartnershipScopedViewSetMixin

from . import admin_views
from .api import ENDPOINTS
from .data import latest_for_plan
from .labels import illustrative_ids
from .models import (
    Indicator,
    IndicatorValue,
    KeyFigureIndicator,
    RecommendationUpdate,
    small_number_threshold,
)
from .pages import IndicatorDashboardPage, RecommendationsPage
from .recommendations import latest_progress
from .report import key_figure_comparisons

# Rows of pages (which belong to a partnership through the page tree, not a
# field): the form offers only those on the user's partnerships' sites.
PAGE_ROWS = {PlanIndicator, ReviewRecommendation, KeyFigure}


class EvidenceForm(PartnershipScopedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and queryset.model in PAGE_ROWS and user is not None:
                field.queryset = queryset.filter(page__in=pages_of(user, Page.objects.all()))


class EvidenceViewSet(PartnershipScopedViewSetMixin, SnippetViewSet):
    def get_edit_handler(self):
        return ObjectList(self.model.panels, base_form_class=EvidenceForm).bind_to_model(self.model)


class IndicatorViewSet(EvidenceViewSet):
    model = Indicator
    icon = "list-ol"
    menu_label = "Indicators"
    list_display = ["code", "name", "theme", "polarity", "unit"]
    list_filter = ["partnership", "polarity", "unit"]
    search_fields = ["code", "name"]


class IndicatorValueViewSet(EvidenceViewSet):
    model = IndicatorValue
    icon = "table"
    menu_label = "Indicator values"
    list_display = ["indicator", "period", "value", "target", "updated_at"]
    list_filter = ["partnership", "indicator"]
    search_fields = ["period"]
    list_export = ["indicator", "period", "value", "target", "source", "notes"]


class RecommendationUpdateViewSet(EvidenceViewSet):
    model = RecommendationUpdate
    icon = "tasks"
    menu_label = "Recommendation updates"
    list_display = ["recommendation", "date", "status"]
    list_filter = ["partnership", "status"]
    search_fields = ["evidence_note"]


class KeyFigureIndicatorViewSet(EvidenceViewSet):
    model = KeyFigureIndicator
    icon = "link"
    menu_label = "Key figures from indicators"
    list_display = ["key_figure", "indicator"]


class EvidenceGroup(SnippetViewSetGroup):
    menu_label = "Evidence"
    menu_icon = "table"
    menu_order = 260
    items = (
        IndicatorViewSet,
        IndicatorValueViewSet,
        RecommendationUpdateViewSet,
        KeyFigureIndicatorViewSet,
    )


register_snippet(EvidenceGroup)


@hooks.register("register_api_endpoints")
def evidence_api_endpoints():
    return ENDPOINTS


@hooks.register("register_admin_urls")
def evidence_import_urls():
    return [
        path("evidence/import/", admin_views.import_values, name="evidence_import"),
        path(
            "evidence/import/<int:pk>/",
            admin_views.import_progress,
            name="evidence_import_progress",
        ),
        path(
            "evidence/import/template.<slug:fmt>",
            admin_views.import_template,
            name="evidence_import_template",
        ),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("evidence.add_indicatorvalue")


@hooks.register("register_admin_menu_item")
def evidence_import_menu_item():
    return ImportMenuItem(
        "Import indicator values", reverse("evidence_import"), icon_name="upload", order=261
    )


@hooks.register("publication_sections")
def evidence_on_publications(request, page, place):
    """The plan's indicators with their latest values; an annual report's key
    figures beside the year before. Nothing for other pages. (Rendered within
    the page's kept content: a change to evidence renews it, see
    ``public_evidence_records``.)"""

    if place == "members_area":
        return _members_area_links(request, page)
    if isinstance(page, PlanPage) and place == "plan_indicators":
        site = Site.find_for_request(request) or page.get_site()
        return _plan_fragment(page, _dashboard_url(site))
    if isinstance(page, AnnualReportPage) and place == "annual_report_figures":
        return _report_fragment(page)
    return ""


@hooks.register("register_public_records")
def public_evidence_records():
    """Evidence shown on public pages: a change renews its partnership's cached pages."""
    return [Indicator, IndicatorValue, RecommendationUpdate, KeyFigureIndicator]


@hooks.register("recommendation_progress")
def recommendation_progress(recommendations):
    """A review page's recommendations show the status of their latest dated
    update, as the "Recommendations and progress" page and the open data do."""

    return latest_progress([r.pk for r in recommendations if r.pk])


def _members_area_links(request, members_area):
    """Where board members look (the members' area and "My boards"): a link to
    the recommendations with their private notes. The members' area has
    checked the reader is one of this partnership's board members."""

    site = members_area.get_site()
    if site is None:
        return ""
    page = RecommendationsPage.objects.live().descendant_of(site.root_page).first()
    if page is None:
        return ""
    url = page.get_url(request)
    if not url:
        return ""
    return render_to_string(
        "evidence/includes/members_area_links.html",
        {"members_url": url.rstrip("/") + "/" + page.reverse_subpage("members_view")},
    )


def _plan_fragment(page, dashboard):
    latest = latest_for_plan(page)
    if not latest:
        return ""
    rows = [
        (indicator, latest[indicator.pk])
        for indicator in page.indicators.all()
        if indicator.pk in latest and latest[indicator.pk].latest is not None
    ]
    if not rows:
        return ""
    return render_to_string(
        "evidence/includes/plan_indicator_values.html",
        {
            "rows": rows,
            "illustrative": illustrative_ids([series for _i, series in rows]),
            "dashboard": dashboard,
            "threshold": small_number_threshold(),
        },
    )


def _report_fragment(page):
    comparisons = key_figure_comparisons(page)
    if not comparisons:
        return ""
    return render_to_string(
        "evidence/includes/key_figure_comparison.html", {"comparisons": comparisons, "page": page}
    )


def _dashboard_url(site):
    """The site's public indicator dashboard's address, or "" when it has none."""

    # Under the site's home page, found by its address (Wagtail's own list of
    # site roots, kept in the cache) rather than by loading the page.
    root = next(
        (r.root_path for r in Site.get_site_root_paths() if r.site_id == getattr(site, "pk", None)),
        None,
    )
    if root is None:
        return ""
    found = IndicatorDashboardPage.objects.live().filter(url_path__startswith=root).public().first()
    return found.url if found else ""
