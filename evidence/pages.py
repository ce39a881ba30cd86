"""The public pages: indicators by theme with a chart for each, and
"Recommendations and progress" across every review. One of each per
partnership; the records they show are edited in the admin."""

from django.db import models
from django.http import Http404
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from accounts.second_factor import members_only
from site_core.models import BasePage, Partnership

from .charts import chart
from .data import by_theme, series_for
from .labels import illustrative_ids
from .models.records import Indicator, small_number_threshold
from .recommendations import RecommendationFilterForm, counts, tracked_for

PARENTS = ["site_core.HomePage", "publications.PublicationIndexPage", "site_core.StandardPage"]


class OnePerPartnershipMixin:
    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["threshold"] = small_number_threshold()
        return context

    @classmethod
    def can_create_at(cls, parent):
        if not super().can_create_at(parent):
            return False
        site = parent.get_site()
        if site is None:
            return False
        return not cls.objects.descendant_of(site.root_page).exists()


class IndicatorDashboardPage(OnePerPartnershipMixin, RoutablePageMixin, BasePage):
    summary = models.TextField(max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    parent_page_types = PARENTS
    subpage_types = []

    template = "evidence/indicator_dashboard_page.html"

    class Meta:
        verbose_name = "indicator dashboard"

    def partnership(self):
        site = self.get_site()
        return Partnership.objects.filter(site=site).first() if site else None

    def get_sitemap_urls(self, request=None):
        """The dashboard and each indicator's page, as the dashboard links them."""

        urls = super().get_sitemap_urls(request)
        if not urls:
            return urls
        base = urls[0]["location"].rstrip("/") + "/"
        codes = Indicator.objects.filter(partnership=self.partnership()).values_list(
            "code", flat=True
        )
        return urls + [
            {
                "location": base + self.reverse_subpage("indicator", kwargs={"code": code}),
                "lastmod": urls[0].get("lastmod"),
            }
            for code in codes
        ]

    @path("")
    def dashboard(self, request):
        themes = by_theme(self.partnership())
        return self.render(
            request,
            context_overrides={
                "themes": themes,
                "illustrative": illustrative_ids([s for _t, group in themes for s in group]),
            },
        )

    @path("indicators/<slug:code>/")
    def indicator(self, request, code):
        indicator = Indicator.objects.filter(partnership=self.partnership(), code=code).first()
        if indicator is None:
            raise Http404
        (series,) = series_for([indicator])
        return self.render(
            request,
            template="evidence/indicator_detail.html",
            context_overrides={
                "series": series,
                "chart": chart(series),
                "illustrative": illustrative_ids([series]),
                "sub_title": f"{indicator.code}: {indicator.name}",
            },
        )


class RecommendationsPage(OnePerPartnershipMixin, RoutablePageMixin, BasePage):
    """ "Recommendations and progress": every recommendation of every review of the
    partnership, filtered by status, review, agency, theme and overdue. The
    members' view (``members/``) adds the private notes."""

    summary = models.TextField(max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    parent_page_types = PARENTS
    subpage_types = []

    template = "evidence/recommendations_page.html"

    class Meta:
        verbose_name = "recommendations and progress page"

    def _listing(self, request, members):
        home = self.get_site().root_page
        tracked = tracked_for(home, members=members)
        form = RecommendationFilterForm(request.GET, tracked)
        if form.is_valid():
            shown, error = form.apply(tracked), ""
        else:
            shown, error = tracked, form.error_message()
        response = self.render(
            request,
            context_overrides={
                "form": form,
                "filter_error": error,
                "all_counts": counts(tracked),
                "shown_counts": counts(shown),
                "tracked": shown,
                "filtered": any(v for k, v in request.GET.items() if k in form.fields),
                "members_view": members,
            },
        )
        if error:
            response.status_code = 400
        return response

    @path("")
    def public_view(self, request):
        return self._listing(request, members=False)

    @path("members/")
    @members_only
    def members_view(self, request):
        return self._listing(request, members=True)
