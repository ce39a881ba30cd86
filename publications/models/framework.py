"""Frameworks of cooperation and protocols between boards."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from .base import PublicationPage, section
from .plan import lines


class FrameworkPage(PublicationPage):
    class AdoptionStatus(models.TextChoices):
        DRAFT = "draft", "Draft"
        # Put to a board for adoption, its decision not (yet) recorded.
        PROPOSED = "proposed", "Proposed for adoption"
        ADOPTED = "adopted", "Adopted"
        SUPERSEDED = "superseded", "Superseded"

    purpose = models.TextField(max_length=1000, help_text="What the framework is for.")
    adoption_status = models.CharField(
        max_length=12, choices=AdoptionStatus.choices, default=AdoptionStatus.DRAFT
    )
    adopted_on = models.DateField(null=True, blank=True)
    approved_by = models.ForeignKey(
        "governance.Body",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The board or committee whose meeting approved it.",
    )
    approval_meeting_date = models.DateField(
        null=True, blank=True, help_text="The date of that meeting."
    )
    review_due = models.DateField(null=True, blank=True, help_text="When it must be reviewed.")
    answers_recommendation = models.ForeignKey(
        "publications.ReviewRecommendation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="frameworks",
        help_text="The review recommendation this framework responds to, if any.",
    )

    content_panels = [
        *PublicationPage.content_panels,
        FieldPanel("purpose"),
        MultiFieldPanel(
            [
                FieldPanel("adoption_status"),
                FieldRowPanel([FieldPanel("adopted_on"), FieldPanel("review_due")]),
                FieldRowPanel([FieldPanel("approved_by"), FieldPanel("approval_meeting_date")]),
            ],
            heading="Adoption",
        ),
        InlinePanel("parties", label="Party", heading="Parties and their commitments"),
        FieldPanel("answers_recommendation"),
        *PublicationPage.common_panels,
    ]

    type_key = "framework"
    prefetch_on_render = ("approved_by", "parties__body")
    schema_type = "CreativeWork"
    template = "publications/framework_page.html"

    class Meta:
        verbose_name = "framework of cooperation or protocol"
        verbose_name_plural = "frameworks of cooperation and protocols"

    def section_contents(self):
        entries = [section("Purpose", "purpose")]
        if self.parties.exists():
            entries.append(section(self.parties_heading, "parties"))
        return entries

    @property
    def parties_heading(self):
        if any(party.commitments.strip() for party in self.parties.all()):
            return "Parties and what each commits to"
        return "Parties"

    def clean(self):
        super().clean()
        if self.adoption_status == self.AdoptionStatus.ADOPTED and not self.adopted_on:
            raise ValidationError(
                {"adopted_on": "An adopted framework needs the date it was adopted."}
            )
        if self.adopted_on and self.review_due and self.review_due <= self.adopted_on:
            raise ValidationError({"review_due": "The review must fall after adoption."})


class FrameworkParty(Orderable):
    page = ParentalKey(FrameworkPage, on_delete=models.CASCADE, related_name="parties")
    body = models.ForeignKey("governance.Body", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(
        max_length=200,
        blank=True,
        help_text="Its role in one line, e.g. 'Holds the others to account for outcomes'.",
    )
    commitments = models.TextField(
        blank=True,
        help_text="One commitment per line. Leave blank when the framework does not set "
        "them out party by party.",
    )

    panels = [FieldPanel("body"), FieldPanel("role"), FieldPanel("commitments")]

    @property
    def commitment_list(self):
        return lines(self.commitments)
