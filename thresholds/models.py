"""A partnership's threshold guide (continuum of need) as data.

One ``ThresholdGuidePage`` per guide: its version, approval and review dates,
the body that approved it and what changed; its levels (universal, early
help, targeted, specialist / child protection, as the partnership names
them); indicators by area of need, each for one level; and earlier versions
with their PDFs. Levels, indicators and earlier versions are inline rows of
the page, so every change is a revision of the page and reaches the public
only through the partnership's approval, like any page.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page
from wagtail.search import index

from site_core.boundary import PartnershipPageForm
from site_core.models import BasePage
from site_core.reading_age_panel import ReadingAgePanel
from site_core.search_text import normalise

GUIDANCE_NOT_DECISION = (
    "This guide helps you think about a child's needs. It is guidance, not a decision: "
    "if you are worried, talk to the front door. If a child is in danger, call 999."
)


class Contact(models.TextChoices):
    """Who to contact at a level, shown from the partnership's own contacts."""

    UNIVERSAL = "universal", "The services the child already uses (no referral)"
    ADVICE = "advice", "The front door, for advice and early help"
    REFERRAL = "referral", "The front door: make a referral"
    URGENT = "urgent", "The front door at once, or 999 if a child is in danger"


class ThresholdGuideForm(PartnershipPageForm):
    """Each level's number once, and every indicator on a level the guide has."""

    def clean(self):
        cleaned = super().clean()
        levels, indicators = self.formsets.get("levels"), self.formsets.get("indicators")
        if levels is None or indicators is None:
            return cleaned
        numbers = {}
        if levels.is_valid():
            for form in levels.forms:
                data = getattr(form, "cleaned_data", None) or {}
                if not data or data.get("DELETE"):
                    continue
                number = data.get("number")
                if number in numbers:
                    form.add_error("number", f"Level {number} is already used by another level.")
                else:
                    numbers[number] = data.get("name")
        if indicators.is_valid():
            for form in indicators.forms:
                data = getattr(form, "cleaned_data", None) or {}
                if data and not data.get("DELETE") and data.get("level_number") not in numbers:
                    known = ", ".join(str(n) for n in sorted(numbers)) or "none yet"
                    form.add_error(
                        "level_number",
                        f"The guide has no level {data.get('level_number')} (its levels: {known}).",
                    )
        return cleaned


class ThresholdGuidePage(RoutablePageMixin, BasePage):
    summary = models.TextField(
        max_length=400, help_text="What the guide is for, in a sentence or two."
    )
    version = models.CharField(max_length=20, help_text="e.g. 3.0, or March 2026.")
    approved_on = models.DateField(
        null=True, blank=True, help_text="When the approving body agreed this version."
    )
    review_due = models.DateField(
        null=True, blank=True, help_text="When this version is due to be reviewed. Shown publicly."
    )
    approving_body = models.ForeignKey(
        "governance.Body",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The partnership's board or group that approved this version.",
    )
    change_notes = models.TextField(
        blank=True, help_text="What changed from the last version, for readers who knew it."
    )
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="This version as a PDF, if there is one.",
    )
    is_illustrative = models.BooleanField(
        "illustrative",
        default=False,
        help_text="Tick if this is example content, not the partnership's agreed guide: every "
        "page of it then says so.",
    )
    source_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="The published document the guide's content comes from, by name.",
    )
    source_url = models.URLField(blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("version"), FieldPanel("approving_body")]),
                FieldRowPanel([FieldPanel("approved_on"), FieldPanel("review_due")]),
                FieldPanel("change_notes"),
                FieldPanel("document"),
            ],
            heading="This version",
        ),
        MultiFieldPanel(
            [
                FieldPanel("is_illustrative"),
                FieldRowPanel([FieldPanel("source_name"), FieldPanel("source_url")]),
            ],
            heading="Where the content comes from",
        ),
        InlinePanel("levels", heading="Levels", label="Level", min_num=1),
        ReadingAgePanel("easy_read_text", heading="Reading age of the easy-read version"),
        InlinePanel(
            "indicators",
            heading="Indicators",
            label="Indicator",
            help_text="What each level looks like, by area of need. To change many at once, "
            "use “Spreadsheet: indicators” at the top of the page.",
        ),
        InlinePanel("past_versions", heading="Earlier versions", label="Earlier version"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    base_form_class = ThresholdGuideForm
    parent_page_types = ["site_core.HomePage", "site_core.StandardPage", "doors.DoorPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = "threshold guide"

    def clean(self):
        super().clean()
        if self.approved_on and self.review_due and self.review_due <= self.approved_on:
            raise ValidationError({"review_due": "The review must come after the approval."})

    @cached_property
    def level_list(self):
        return list(self.levels.all())

    @cached_property
    def indicator_list(self):
        return list(self.indicators.all())

    def level(self, number):
        return next((level for level in self.level_list if level.number == number), None)

    def indicators_by_area(self, number):
        """[(area of need, [indicator text])] for level ``number``, in the guide's order."""
        areas = {}
        for indicator in self.indicator_list:
            if indicator.level_number == number:
                areas.setdefault(indicator.area, []).append(indicator.text)
        return list(areas.items())

    def find(self, query):
        """[(level, [indicators])] whose words contain every word of ``query``."""
        words = [w for w in re.split(r"\W+", normalise(query).casefold()) if w]
        if not words:
            return []
        found = {}
        for indicator in self.indicator_list:
            haystack = f"{indicator.text} {indicator.area}".casefold()
            if all(word in haystack for word in words):
                found.setdefault(indicator.level_number, []).append(indicator)
        return [(self.level(n), rows) for n, rows in sorted(found.items()) if self.level(n)]

    def easy_read_text(self):
        return "\n\n".join(level.easy_read for level in self.level_list if level.easy_read)

    def get_sitemap_urls(self, request=None):
        """The overview, each level's page and the easy-read version. The
        printable version repeats the overview and levels, and search results
        are not pages: both are marked noindex."""
        urls = super().get_sitemap_urls(request)
        if not urls:
            return urls
        base = urls[0]["location"].rstrip("/") + "/"
        lastmod = urls[0].get("lastmod")
        routes = [self.reverse_subpage("easy_read")] + [
            self.reverse_subpage("level_page", kwargs={"number": level.number})
            for level in self.level_list
        ]
        return urls + [{"location": base + route, "lastmod": lastmod} for route in routes]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guidance_not_decision"] = GUIDANCE_NOT_DECISION
        return context

    @path("")
    def overview(self, request):
        return self.render(request, template="thresholds/overview.html")

    @path("level/<int:number>/")
    def level_page(self, request, number):
        level = self.level(number)
        if level is None:
            raise Http404("The guide has no such level.")
        return self.render(
            request,
            template="thresholds/level.html",
            context_overrides={"level": level, "areas": self.indicators_by_area(number)},
        )

    @path("search/")
    def search(self, request):
        query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
        return self.render(
            request,
            template="thresholds/search.html",
            context_overrides={"query": query, "found": self.find(query) if query else None},
        )

    @path("print/")
    def printable(self, request):
        levels = [(level, self.indicators_by_area(level.number)) for level in self.level_list]
        return self.render(
            request, template="thresholds/print.html", context_overrides={"levels": levels}
        )

    @path("easy-read/")
    def easy_read(self, request):
        return self.render(request, template="thresholds/easy_read.html")


class ThresholdLevel(Orderable):
    page = ParentalKey(ThresholdGuidePage, related_name="levels", on_delete=models.CASCADE)
    number = models.PositiveSmallIntegerField(
        help_text="1 for the lowest level of need; indicators and spreadsheets name levels by it."
    )
    name = models.CharField(max_length=80, help_text="e.g. Universal, Early help, Targeted.")
    summary = models.TextField(help_text="What a child's needs look like at this level.")
    what_to_do = models.TextField(help_text="What a practitioner should do at this level.")
    contact = models.CharField(
        "who to contact",
        max_length=12,
        choices=Contact.choices,
        default=Contact.UNIVERSAL,
        help_text="Shown with the partnership's own numbers from its safeguarding contacts.",
    )
    examples = models.TextField(
        blank=True, help_text="Short examples of children at this level, one per line."
    )
    easy_read = models.TextField(
        "easy-read words",
        blank=True,
        help_text="The level in plain words, for the easy-read version: short sentences, "
        "everyday words.",
    )

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("name")]),
        FieldPanel("summary"),
        FieldPanel("what_to_do"),
        FieldPanel("contact"),
        FieldPanel("examples"),
        FieldPanel("easy_read"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "level"

    def __str__(self):
        return f"Level {self.number}: {self.name}"

    @property
    def example_list(self):
        return [line.strip() for line in self.examples.splitlines() if line.strip()]


class ThresholdIndicator(Orderable):
    page = ParentalKey(ThresholdGuidePage, related_name="indicators", on_delete=models.CASCADE)
    level_number = models.PositiveSmallIntegerField("level", help_text="The level's number.")
    area = models.CharField(
        "area of need",
        max_length=80,
        help_text="e.g. Health, Education, Emotional wellbeing, Parenting, Family and environment.",
    )
    text = models.CharField("indicator", max_length=500)

    panels = [FieldRowPanel([FieldPanel("level_number"), FieldPanel("area")]), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = "indicator"

    def __str__(self):
        return self.text


class ThresholdPastVersion(Orderable):
    """An earlier version, kept downloadable with its dates."""

    page = ParentalKey(ThresholdGuidePage, related_name="past_versions", on_delete=models.CASCADE)
    version = models.CharField(max_length=20)
    approved_on = models.DateField(null=True, blank=True)
    superseded_on = models.DateField(null=True, blank=True)
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="That version's PDF.",
    )
    change_notes = models.TextField(blank=True)

    panels = [
        FieldPanel("version"),
        FieldRowPanel([FieldPanel("approved_on"), FieldPanel("superseded_on")]),
        FieldPanel("document"),
        FieldPanel("change_notes"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "earlier version"

    def clean(self):
        super().clean()
        if self.approved_on and self.superseded_on and self.superseded_on < self.approved_on:
            raise ValidationError({"superseded_on": "It cannot be replaced before its approval."})
