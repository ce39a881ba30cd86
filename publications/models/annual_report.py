"""The statutory annual report."""

from datetime import date
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from site_core.blocks import RICH_TEXT_FEATURES

from .base import PublicationPage, section


class AnnualReportPage(PublicationPage):
    reporting_year = models.PositiveIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The year the reporting year starts in: 2022 for 2022/23. The period is "
        "1 April to 31 March unless you set other dates under 'Dates'.",
    )
    edition = models.CharField(max_length=80, blank=True, help_text="e.g. 'Third annual report'.")
    scrutineer_reflections = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="What the independent scrutineer made of the year, in their own words.",
    )
    scrutineer_name = models.CharField(
        max_length=100, blank=True, help_text="A public office-holder's name, or leave blank."
    )
    sent_to_national_panel = models.BooleanField(
        "sent to the Child Safeguarding Practice Review Panel", default=False
    )
    sent_to_what_works = models.BooleanField(
        "sent to the What Works Centre for Children's Social Care", default=False
    )
    sent_on = models.DateField(null=True, blank=True, help_text="When it was sent, if known.")

    content_panels = [
        *PublicationPage.content_panels,
        FieldRowPanel([FieldPanel("reporting_year"), FieldPanel("edition")]),
        InlinePanel("key_figures", label="Key figure", heading="Key figures"),
        InlinePanel("achievements", label="Achievement", heading="Achievements"),
        InlinePanel("next_priorities", label="Priority", heading="Priorities for next year"),
        MultiFieldPanel(
            [FieldPanel("scrutineer_name"), FieldPanel("scrutineer_reflections")],
            heading="Independent scrutineer's reflections",
        ),
        InlinePanel("inspections", label="Inspection", heading="Inspections during the year"),
        InlinePanel("presentations", label="Presentation", heading="Presented to"),
        MultiFieldPanel(
            [
                FieldPanel("sent_to_national_panel"),
                FieldPanel("sent_to_what_works"),
                FieldPanel("sent_on"),
            ],
            heading="Sent to national bodies",
        ),
        *PublicationPage.common_panels,
    ]
    search_fields = [
        *PublicationPage.search_fields,
        index.SearchField("edition"),
        index.SearchField("scrutineer_reflections"),
    ]

    api_fields = [
        *PublicationPage.api_fields,
        APIField("reporting_year"),
        APIField("edition"),
        APIField("key_figures"),
        APIField("next_priorities"),
    ]

    type_key = "annual-report"
    prefetch_on_render = (
        "key_figures",
        "achievements",
        "next_priorities",
        "inspections",
        "presentations__body",
    )
    schema_type = "Report"
    template = "publications/annual_report_page.html"

    class Meta:
        verbose_name = "annual report"
        # The home page shows the latest report: found by index, not by sorting all.
        indexes = [models.Index(fields=["reporting_year"], name="reporting_year_idx")]

    def clean(self):
        if self.reporting_year and not self.period_start and not self.period_end:
            self.period_start = date(self.reporting_year, 4, 1)
            self.period_end = date(self.reporting_year + 1, 3, 31)
        super().clean()

    def section_contents(self):
        checks = [
            (self.key_figures, "Key figures", "key-figures"),
            (self.achievements, "Achievements", "achievements"),
            (self.next_priorities, f"Priorities for {self.next_year_label}", "next-priorities"),
            (None, "The independent scrutineer's reflections", "scrutineer"),
            (self.inspections, "Inspections during the year", "inspections"),
            (self.presentations, "Where this report was presented", "presented-to"),
        ]
        entries = []
        for related, text, anchor in checks:
            present = bool(self.scrutineer_reflections) if related is None else related.exists()
            if present:
                entries.append(section(text, anchor))
        return entries

    @property
    def year_label(self):
        return f"{self.reporting_year}/{str(self.reporting_year + 1)[-2:]}"

    @property
    def next_year_label(self):
        return f"{self.reporting_year + 1}/{str(self.reporting_year + 2)[-2:]}"


class KeyFigure(Orderable):
    """A number the report stands on, e.g. 1,933 professionals booked on training."""

    page = ParentalKey(AnnualReportPage, on_delete=models.CASCADE, related_name="key_figures")
    value = models.DecimalField(max_digits=12, decimal_places=2)
    unit = models.CharField(
        max_length=30, blank=True, help_text="e.g. '%' or 'sessions'. Leave blank for a count."
    )
    label = models.CharField(
        max_length=120, help_text="What was counted, e.g. 'professionals booked on training'."
    )
    context = models.CharField(max_length=250, blank=True, help_text="e.g. 'from 11 agency types'.")

    api_fields = [APIField("value"), APIField("unit"), APIField("label"), APIField("context")]
    panels = [
        FieldRowPanel([FieldPanel("value"), FieldPanel("unit")]),
        FieldPanel("label"),
        FieldPanel("context"),
    ]

    @property
    def display_value(self):
        value = self.value
        if value == value.to_integral_value():
            text = f"{int(value):,}"
        else:
            text = f"{value.normalize():,}" if value < Decimal("1e6") else str(value)
        if self.unit == "%":
            return f"{text}%"
        return text


class Achievement(Orderable):
    page = ParentalKey(AnnualReportPage, on_delete=models.CASCADE, related_name="achievements")
    title = models.CharField(max_length=150)
    description = models.TextField(max_length=800, blank=True)

    panels = [FieldPanel("title"), FieldPanel("description")]


class NextYearPriority(Orderable):
    page = ParentalKey(AnnualReportPage, on_delete=models.CASCADE, related_name="next_priorities")
    text = models.CharField(max_length=250)

    api_fields = [APIField("text")]
    panels = [FieldPanel("text")]


class Inspection(Orderable):
    page = ParentalKey(AnnualReportPage, on_delete=models.CASCADE, related_name="inspections")
    name = models.CharField(max_length=150, help_text="e.g. 'Joint Targeted Area Inspection'.")
    inspectorates = models.CharField(
        max_length=150, blank=True, help_text="e.g. 'Ofsted, CQC, HMICFRS and HMIP'."
    )
    month = models.DateField(
        null=True,
        blank=True,
        help_text="Any day in the month it took place. Leave blank when the source gives no "
        "month, and say what it does give below.",
    )
    timing = models.CharField(
        "when, in words",
        max_length=60,
        blank=True,
        help_text="When the source gives no month: what it says, e.g. “early 2023”.",
    )
    summary = models.TextField(max_length=800, blank=True, help_text="What it found.")
    findings_page = models.ForeignKey(
        "publications.ReviewFindingsPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Its published findings, if they are on this site.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("inspectorates"),
        FieldRowPanel([FieldPanel("month"), FieldPanel("timing")]),
        FieldPanel("summary"),
        FieldPanel("findings_page"),
    ]


class Presentation(Orderable):
    """Where and when the report was presented: a board or committee and a date."""

    page = ParentalKey(AnnualReportPage, on_delete=models.CASCADE, related_name="presentations")
    body = models.ForeignKey(
        "governance.Body",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The board or committee that received it.",
    )
    date = models.DateField(
        null=True, blank=True, help_text="Leave blank when the source does not say when."
    )
    note = models.CharField(max_length=250, blank=True, help_text="e.g. what it was asked to do.")

    panels = [FieldRowPanel([FieldPanel("body"), FieldPanel("date")]), FieldPanel("note")]

    class Meta(Orderable.Meta):
        ordering = ["date", "sort_order"]
