"""Governance records, in the shape of the Popolo standard.

Other apps may point at these models (a publication names the body that
published it); these models never import from other apps.
"""

from django.core.exceptions import ValidationError
from django.db import models


class Body(models.Model):
    """An organisation in Popolo's sense: a board, group or committee."""

    class Kind(models.TextChoices):
        PARTNERSHIP = "partnership", "Safeguarding children partnership"
        BOARD = "board", "Local Safeguarding Children Board"
        EXECUTIVE = "executive", "Executive"
        PROGRAMME_BOARD = "programme_board", "Programme board"
        SUBGROUP = "subgroup", "Subgroup"
        TASK_AND_FINISH = "task_and_finish", "Task and finish group"
        ADULTS_BOARD = "adults_board", "Safeguarding Adults Board"
        HEALTH_AND_WELLBEING = "hwb", "Health and Wellbeing Board"
        SCRUTINY = "scrutiny", "Scrutiny committee or panel"
        IMPROVEMENT_BOARD = "improvement_board", "Improvement board"
        OTHER_PARTNERSHIP = "other_partnership", "Other partnership"

    partnership = models.ForeignKey(
        "site_core.Partnership", on_delete=models.CASCADE, related_name="bodies"
    )
    name = models.CharField(max_length=150)
    short_name = models.CharField(max_length=20, blank=True, help_text="e.g. SSCB, HWB.")
    slug = models.SlugField(max_length=80, help_text="Used in the body's web address.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="The body this one sits under, e.g. a subgroup's programme board.",
    )
    purpose = models.TextField(blank=True, help_text="Shown publicly.")
    began = models.DateField(null=True, blank=True)
    ended = models.DateField(null=True, blank=True, help_text="Blank while it still meets.")
    website = models.URLField(blank=True, help_text="For bodies outside the partnership.")

    class Meta:
        verbose_name_plural = "bodies"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="unique_body_slug"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.began and self.ended and self.ended < self.began:
            raise ValidationError({"ended": "A body cannot end before it began."})
