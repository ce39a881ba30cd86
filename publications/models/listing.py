"""The publications index, the 'Learning from reviews' listing, and short
audience versions (young person's, easy read)."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from site_core.blocks import BodyBlock
from site_core.models import BasePage, ContentsMixin

from .base import PublicationPage


class PublicationIndexPage(ContentsMixin, BasePage):
    """Every publication of the site, with filters, search, sorting and feeds."""

    summary = models.TextField(max_length=300, blank=True)
    body = StreamField(BodyBlock(), blank=True, help_text="Shown above the list.")

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["site_core.HomePage"]
    subpage_types = [
        "publications.AnnualReportPage",
        "publications.PlanPage",
        "publications.ReviewFindingsPage",
        "publications.FrameworkPage",
        "publications.AudienceVersionPage",
        "publications.LearningFromReviewsPage",
    ]
    max_count_per_parent = 1
    template = "publications/publication_index_page.html"

    class Meta:
        verbose_name = "publications index"

    def serve(self, request, *args, **kwargs):
        from ..views import serve_index

        return serve_index(self, request)


class LearningFromReviewsPage(ContentsMixin, BasePage):
    """Review findings only, filtered by type of review and theme."""

    summary = models.TextField(max_length=300, blank=True)
    body = StreamField(BodyBlock(), blank=True, help_text="Shown above the list.")

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["publications.PublicationIndexPage", "site_core.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "publications/learning_from_reviews_page.html"

    class Meta:
        verbose_name = "learning from reviews listing"

    def serve(self, request, *args, **kwargs):
        from ..views import serve_learning

        return serve_learning(self, request)


class AudienceVersionPage(PublicationPage):
    """A young person's or easy read retelling of a full publication."""

    type_key = "version"

    @property
    def type_label(self):
        return self.get_audience_display()

    template = "publications/audience_version_page.html"

    class Meta:
        verbose_name = "young person's or easy read version"

    content_panels = [*PublicationPage.content_panels, *PublicationPage.common_panels]
