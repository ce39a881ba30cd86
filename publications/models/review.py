"""Findings of reviews, audits and inspections, and what is being done about them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import SimpleLazyObject
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from site_core.blocks import RICH_TEXT_FEATURES

from .base import PublicationPage, section


class ReviewFindingsPage(PublicationPage):
    class ReviewType(models.TextChoices):
        RAPID_REVIEW = "rapid_review", "Rapid review"
        CSPR = "cspr", "Child safeguarding practice review"
        SCR = "scr", "Serious case review"
        PEER_REVIEW = "peer_review", "Peer review"
        JTAI = "jtai", "Joint targeted area inspection"
        INSPECTION = "inspection", "Other inspection"
        MULTI_AGENCY_AUDIT = "multi_agency_audit", "Multi-agency audit"
        SECTION_11 = "section_11", "Section 11 audit"
        SECTION_175 = "section_175", "Section 175/157 audit"

    CASE_REVIEW_TYPES = {ReviewType.RAPID_REVIEW, ReviewType.CSPR, ReviewType.SCR}

    class AgeBand(models.TextChoices):
        UNDER_1 = "under_1", "Under 1"
        AGE_1_4 = "1_4", "1 to 4"
        AGE_5_10 = "5_10", "5 to 10"
        AGE_11_15 = "11_15", "11 to 15"
        AGE_16_17 = "16_17", "16 or 17"
        YOUNG_ADULT = "18_plus", "18 or over (young adult)"

    review_type = models.CharField(max_length=20, choices=ReviewType.choices)
    carried_out_by = models.CharField(
        max_length=200, help_text="Who did the review, e.g. 'a team of peers from the LGA'."
    )
    started = models.DateField(null=True, blank=True)
    completed = models.DateField(null=True, blank=True)
    learning_briefing_title = models.CharField(
        max_length=120, blank=True, help_text="e.g. '7-minute briefing'."
    )
    learning_briefing = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="The short briefing practitioners use in team meetings.",
    )
    child_age_band = models.CharField(
        max_length=10,
        choices=AgeBand.choices,
        blank=True,
        help_text="Case reviews only: an age band, never a date of birth.",
    )
    child_pseudonym = models.CharField(
        max_length=60,
        blank=True,
        help_text="Case reviews only: the name the published review uses, e.g. 'Child R'. "
        "NEVER a real name.",
    )

    content_panels = [
        *PublicationPage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("review_type"),
                FieldPanel("carried_out_by"),
                FieldRowPanel([FieldPanel("started"), FieldPanel("completed")]),
            ],
            heading="The review",
        ),
        InlinePanel("themes", label="Theme", heading="Themes"),
        InlinePanel("focus_issues", label="Issue", heading="Issues it was asked to explore"),
        InlinePanel("findings", label="Finding", heading="Key findings"),
        InlinePanel("recommendations", label="Recommendation", heading="Recommendations"),
        MultiFieldPanel(
            [
                FieldPanel("learning_briefing_title"),
                FieldPanel("learning_briefing"),
                InlinePanel("reflective_questions", label="Reflective question"),
            ],
            heading="Learning briefing",
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("child_age_band"), FieldPanel("child_pseudonym")])],
            heading="About the child (case reviews only, anonymity-safe)",
        ),
        *PublicationPage.common_panels,
    ]
    search_fields = [
        *PublicationPage.search_fields,
        index.SearchField("carried_out_by"),
        index.SearchField("learning_briefing"),
        index.FilterField("review_type"),
    ]

    type_key = "review"
    prefetch_on_render = (
        "themes",
        "focus_issues",
        "findings",
        "recommendations",
        "reflective_questions",
    )
    schema_type = "Report"
    template = "publications/review_findings_page.html"

    class Meta:
        verbose_name = "review findings"
        verbose_name_plural = "review findings"

    @property
    def is_case_review(self):
        return self.review_type in self.CASE_REVIEW_TYPES

    def get_context(self, request, *args, **kwargs):
        """Each recommendation with where it has got to. An app that tracks
        progress (the evidence app's dated updates) answers through the
        "recommendation_progress" hook with {recommendation id: {"status",
        "label", "date"}}; a recommendation it does not answer for shows the
        row's own status. Read only when the page's content is rendered."""
        context = super().get_context(request, *args, **kwargs)

        def rows():
            recommendations = list(self.with_rows(request).recommendations.all())
            progress = {}
            for hook in hooks.get_hooks("recommendation_progress"):
                progress.update(hook(recommendations) or {})
            return [(rec, progress.get(rec.pk)) for rec in recommendations]

        context["recommendation_rows"] = SimpleLazyObject(rows)
        return context

    def section_contents(self):
        checks = [
            (
                self.themes.exists() or self.focus_issues.exists(),
                "What the review looked at",
                "review-themes",
            ),
            (self.findings.exists(), "Key findings", "findings"),
            (self.recommendations.exists(), "Recommendations and responses", "recommendations"),
            (
                bool(self.learning_briefing) or self.reflective_questions.exists(),
                self.learning_briefing_title or "Learning briefing",
                "briefing",
            ),
        ]
        return [section(text, anchor) for present, text, anchor in checks if present]

    def clean(self):
        super().clean()
        errors = {}
        if not self.is_case_review:
            if self.child_age_band:
                errors["child_age_band"] = (
                    "Only case reviews describe a child. Clear this for a "
                    f"{self.get_review_type_display().lower()}."
                )
            if self.child_pseudonym:
                errors["child_pseudonym"] = (
                    "Only case reviews describe a child. Clear this for a "
                    f"{self.get_review_type_display().lower()}."
                )
        if self.started and self.completed and self.completed < self.started:
            errors["completed"] = "A review cannot be completed before it started."
        if errors:
            raise ValidationError(errors)


class ReviewTheme(Orderable):
    page = ParentalKey(ReviewFindingsPage, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(max_length=200)

    panels = [FieldPanel("title")]


class ReviewFocusIssue(Orderable):
    page = ParentalKey(ReviewFindingsPage, on_delete=models.CASCADE, related_name="focus_issues")
    title = models.CharField(max_length=200)

    panels = [FieldPanel("title")]


class ReviewFinding(Orderable):
    page = ParentalKey(ReviewFindingsPage, on_delete=models.CASCADE, related_name="findings")
    text = models.TextField(max_length=800)

    panels = [FieldPanel("text")]


class ReviewRecommendation(Orderable):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"
        NOT_ACCEPTED = "not_accepted", "Not accepted"

    page = ParentalKey(ReviewFindingsPage, on_delete=models.CASCADE, related_name="recommendations")
    number = models.CharField(max_length=10, help_text="As published, e.g. '3' or '3b'.")
    text = models.TextField(max_length=1000)
    owner = models.CharField(
        "owning agency", max_length=150, blank=True, help_text="Who must act on it."
    )
    response = models.TextField(max_length=1000, blank=True, help_text="What they are doing.")
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.NOT_STARTED)
    target_date = models.DateField(null=True, blank=True)

    panels = [
        FieldPanel("number"),
        FieldPanel("text"),
        FieldPanel("owner"),
        FieldPanel("response"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("target_date")]),
    ]

    def __str__(self):
        return f"Recommendation {self.number}: {self.text[:80]}"


class ReflectiveQuestion(Orderable):
    page = ParentalKey(
        ReviewFindingsPage, on_delete=models.CASCADE, related_name="reflective_questions"
    )
    text = models.CharField(max_length=300)

    panels = [FieldPanel("text")]
