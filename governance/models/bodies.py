"""Organisations in Popolo's sense: the partnership's bodies, the agencies
that sit on them, and the relationships between bodies."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from site_core.visibility import is_restricted

OUTSIDE_KINDS = {"adults_board", "hwb", "scrutiny", "other_partnership"}


class Body(models.Model):
    """An organisation in Popolo's sense: a board, group or committee."""

    # Which partnership a record belongs to, for the admin (site_core.tenant_admin).
    partnership_lookup = "partnership"
    admin_search_fields = ["name", "short_name"]

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
        if self.parent_id and self.partnership_id:
            if self.parent.partnership_id != self.partnership_id:
                raise ValidationError({"parent": "Choose a parent body from the same partnership."})
            ancestor, seen = self.parent, set()
            while ancestor is not None and ancestor.pk not in seen:
                if self.pk and ancestor.pk == self.pk:
                    raise ValidationError(
                        {"parent": "A body cannot sit under itself or one of its own subgroups."}
                    )
                seen.add(ancestor.pk)
                ancestor = ancestor.parent

    @property
    def is_outside(self):
        """Bodies the partnership works with but does not run (HWB, SAB, scrutiny)."""
        return self.kind in OUTSIDE_KINDS

    def is_active(self, on=None):
        on = on or timezone.localdate()
        return (self.began is None or self.began <= on) and (self.ended is None or on <= self.ended)

    @property
    def display_kind(self):
        return self.get_kind_display()


class Agency(models.Model):
    """A statutory partner or relevant agency: members sit "on behalf of" one."""

    # Which partnership a record belongs to, for the admin (site_core.tenant_admin).
    partnership_lookup = "partnership"
    admin_search_fields = ["name", "short_name"]

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority (safeguarding partner)"
        ICB = "icb", "Integrated Care Board (safeguarding partner)"
        POLICE = "police", "Police (safeguarding partner)"
        EDUCATION = "education", "Schools and education (relevant agency)"
        HEALTH = "health", "Health provider (relevant agency)"
        PROBATION = "probation", "Probation or youth justice (relevant agency)"
        VOLUNTARY = "voluntary", "Voluntary and community sector (relevant agency)"
        OTHER = "other", "Other relevant agency"

    partnership = models.ForeignKey(
        "site_core.Partnership", on_delete=models.CASCADE, related_name="agencies"
    )
    name = models.CharField(max_length=150, help_text="Shown publicly.")
    short_name = models.CharField(max_length=20, blank=True, help_text="e.g. TfC, ICB.")
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        help_text="The council, the ICB and the police are the three safeguarding partners; "
        "everyone else is a relevant agency.",
    )
    website = models.URLField(blank=True, help_text="Shown publicly.")

    class Meta:
        verbose_name_plural = "agencies"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="unique_agency_name"),
        ]

    def __str__(self):
        return self.name


class Relationship(models.Model):
    """How one body stands to another, e.g. the partnership reports to the HWB."""

    # Which partnership a record belongs to, for the admin (site_core.tenant_admin).
    partnership_lookup = "subject__partnership"
    admin_search_fields = ["subject__name", "other__name"]

    class Kind(models.TextChoices):
        REPORTS_TO = "reports_to", "reports to"
        ACCOUNTABLE_TO = "accountable_to", "is accountable to"
        COOPERATES_WITH = "cooperates_with", "cooperates with"
        JOINTLY_DELIVERS = "jointly_delivers", "jointly delivers work with"
        SCRUTINISED_BY = "scrutinised_by", "is scrutinised by"

    subject = models.ForeignKey(
        Body,
        on_delete=models.CASCADE,
        related_name="relationships_from",
        help_text="The body the sentence starts with: “[this body] reports to …”.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    other = models.ForeignKey(
        Body,
        on_delete=models.CASCADE,
        related_name="relationships_to",
        help_text="The other body: “… reports to [that body]”.",
    )
    description = models.TextField(
        blank=True, help_text="Shown publicly: what the relationship means in practice."
    )
    began = models.DateField(null=True, blank=True)
    ended = models.DateField(null=True, blank=True, help_text="Blank while it still applies.")
    framework_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The published framework or protocol that governs it, if it is on this site.",
    )
    framework_title = models.CharField(
        max_length=200,
        blank=True,
        help_text="The framework's name, when it is not published here, e.g. "
        "“Framework of cooperation (2015)”.",
    )

    class Meta:
        ordering = ["subject__name", "kind", "other__name"]

    def __str__(self):
        return f"{self.subject} {self.get_kind_display()} {self.other}"

    def clean(self):
        super().clean()
        if self.subject_id and self.other_id:
            if self.subject_id == self.other_id:
                raise ValidationError({"other": "Choose a different body: not the same one."})
            if self.subject.partnership_id != self.other.partnership_id:
                raise ValidationError({"other": "Both bodies must belong to the same partnership."})
        if self.began and self.ended and self.ended < self.began:
            raise ValidationError(
                {"ended": "The relationship cannot end before it began: check both dates."}
            )

    def is_active(self, on=None):
        on = on or timezone.localdate()
        return (self.began is None or self.began <= on) and (self.ended is None or on <= self.ended)

    @property
    def framework(self):
        """(title, url) of the governing framework, or None.

        Shown on public pages and in the open data: a members-only framework
        is left out altogether, since its title is as private as its address.
        """
        page = self.framework_page
        if page is not None and is_restricted(page):
            return None
        if page is not None and page.live:
            return page.title, page.url
        if self.framework_title:
            return self.framework_title, None
        return None
