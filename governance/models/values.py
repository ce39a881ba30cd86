"""What a body adopted for a period: its mission, value themes and values,
responsibilities and strategic priorities."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from .bodies import Body


class AdoptedForPeriod(models.Model):
    """Tied to the body that adopted it and the period it applies to."""

    # Which partnership a record belongs to, for the admin (site_core.tenant_admin).
    partnership_lookup = "body__partnership"
    admin_search_fields = ["body__name"]

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="+", help_text="The body that adopted it."
    )
    applies_from = models.DateField(help_text="The first day of the period, e.g. 1 April 2018.")
    applies_until = models.DateField(
        null=True, blank=True, help_text="The last day of the period. Blank while it applies."
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.applies_from and self.applies_until and self.applies_until < self.applies_from:
            raise ValidationError(
                {"applies_until": "The period cannot end before it starts: check both dates."}
            )

    @property
    def period(self):
        start = self.applies_from.strftime("%B %Y")
        if self.applies_until is None:
            return f"from {start}"
        return f"{start} to {self.applies_until.strftime('%B %Y')}"


class Mission(AdoptedForPeriod):
    statement = models.CharField(max_length=300, help_text="Shown publicly.")
    explanation = models.TextField(blank=True, help_text="Shown publicly, under the statement.")

    class Meta:
        ordering = ["-applies_from"]

    def __str__(self):
        return self.statement


class ValueTheme(ClusterableModel, AdoptedForPeriod):
    number = models.PositiveSmallIntegerField(help_text="Its place in the list, e.g. 1.")
    name = models.CharField(max_length=100, help_text="Shown publicly, e.g. “Listen and learn”.")

    class Meta:
        ordering = ["body__name", "-applies_from", "number"]

    def __str__(self):
        return f"Theme {self.number}: {self.name}"


class Value(Orderable):
    theme = ParentalKey(ValueTheme, on_delete=models.CASCADE, related_name="values")
    name = models.CharField(max_length=100, help_text="Shown publicly, e.g. “Curious”.")
    description = models.CharField(
        max_length=300, blank=True, help_text="Shown publicly: what it looks like in practice."
    )

    def __str__(self):
        return self.name


class Responsibility(AdoptedForPeriod):
    title = models.CharField(
        max_length=100, help_text="Shown publicly, e.g. “Assure and challenge”."
    )
    description = models.TextField(blank=True, help_text="Shown publicly.")
    sort_order = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name_plural = "responsibilities"
        ordering = ["body__name", "-applies_from", "sort_order"]

    def __str__(self):
        return self.title


class StrategicPriority(AdoptedForPeriod):
    title = models.CharField(max_length=150, help_text="Shown publicly, e.g. “Voice of the child”.")
    description = models.TextField(blank=True, help_text="Shown publicly.")
    sort_order = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name_plural = "strategic priorities"
        ordering = ["body__name", "-applies_from", "sort_order"]

    def __str__(self):
        return self.title
