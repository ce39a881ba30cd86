"""The partnership's evidence over time: indicators with values by period, and
the updates that track each review recommendation to done.

Values and updates are records edited in the admin (and imported from
spreadsheets); the pages only show them. Every record names its partnership,
so admin listings, imports, pages and open data answer "which partnership?"
with one filter (``partnership_lookup``, site_core.tenant_admin).
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from site_core.tenancy import partnership_for_page

from ..periods import PeriodError, parse_period


def small_number_threshold():
    """Counts below this (and above nought) are shown as "fewer than N" publicly:
    a small count of children can identify a child."""
    return settings.SMALL_NUMBER_THRESHOLD


class Polarity(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Unit(models.TextChoices):
    COUNT = "count", "Count of people or events"
    PERCENT = "percent", "Percentage"
    NUMBER = "number", "Other number (a rate, days, a score)"


class Status(models.TextChoices):
    MET = "met", "Target met"
    NOT_MET = "not_met", "Target not met"
    NO_TARGET = "no_target", "No target"
    # A small count's status against a target inside the suppressed range
    # would narrow the count down ("fewer than 5" and "target of 3 met" leaves
    # 3 or 4), so it is not shown.
    WITHHELD = "withheld", "Not shown: small number"


def status_for(value, target, polarity):
    """Met or not from the target and which way is better; no target, no verdict."""
    if target is None or value is None:
        return Status.NO_TARGET
    if polarity == Polarity.LOWER:
        return Status.MET if value <= target else Status.NOT_MET
    return Status.MET if value >= target else Status.NOT_MET


class Indicator(index.Indexed, models.Model):
    """What is measured. Usually one of a plan's numbered indicators (it then
    follows that indicator's number); a partnership may also track a measure
    its annual reports quote, such as places booked on training."""

    partnership = models.ForeignKey(
        "site_core.Partnership", on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.SlugField(
        max_length=40,
        allow_unicode=False,
        help_text="The stable id used in spreadsheets and open data: the plan indicator's "
        "number (e.g. '56a') or a short name (e.g. 'training-places-booked').",
    )
    name = models.CharField(max_length=300, help_text="What is counted, in plain English.")
    plan_indicator = models.OneToOneField(
        "publications.PlanIndicator",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evidence",
        help_text="The plan indicator this measures, if any. Its latest value is shown on "
        "the plan.",
    )
    theme = models.CharField(
        max_length=120,
        blank=True,
        help_text="The heading it is grouped under on the dashboard, e.g. 'Early help'.",
    )
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.HIGHER)
    unit = models.CharField(
        max_length=10,
        choices=Unit.choices,
        default=Unit.COUNT,
        help_text="Counts of people or events below the small-number threshold are never "
        "shown publicly.",
    )
    source = models.CharField(
        max_length=200, blank=True, help_text="Where the figures come from, e.g. 'CSC returns'."
    )

    partnership_lookup = "partnership"
    admin_search_fields = ("code", "name")
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    panels = [
        FieldRowPanel([FieldPanel("partnership"), FieldPanel("code")]),
        FieldPanel("name"),
        FieldPanel("plan_indicator"),
        FieldPanel("theme"),
        FieldRowPanel([FieldPanel("polarity"), FieldPanel("unit")]),
        FieldPanel("source"),
    ]

    class Meta:
        ordering = ["partnership", "theme", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "code"], name="evidence_indicator_code_per_partnership"
            )
        ]

    def __str__(self):
        return f"{self.code}: {self.name}"

    def clean(self):
        super().clean()
        if self.plan_indicator_id and self.partnership_id:
            owner = partnership_for_page(self.plan_indicator.page)
            if owner is None or owner.pk != self.partnership_id:
                raise ValidationError(
                    {"plan_indicator": "Choose an indicator from this partnership's own plan."}
                )

    @property
    def is_count(self):
        return self.unit == Unit.COUNT


class IndicatorValue(models.Model):
    partnership = models.ForeignKey(
        "site_core.Partnership", on_delete=models.CASCADE, related_name="+", editable=False
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(
        max_length=12, help_text="A financial year, e.g. '2023-24', or a quarter, '2023-24 Q2'."
    )
    period_start = models.DateField(editable=False)
    period_end = models.DateField(editable=False)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    target = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, help_text="Blank if none was set."
    )
    source = models.CharField(
        max_length=200, blank=True, help_text="Blank to use the indicator's source."
    )
    notes = models.CharField(
        max_length=500, blank=True, help_text="Shown publicly beside the value."
    )
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    partnership_lookup = "partnership"
    admin_search_fields = ("indicator__code", "indicator__name", "period")

    panels = [
        FieldPanel("indicator"),
        FieldPanel("period"),
        FieldRowPanel([FieldPanel("value"), FieldPanel("target")]),
        FieldPanel("source"),
        FieldPanel("notes"),
    ]

    class Meta:
        ordering = ["indicator", "period_start", "period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="evidence_one_value_per_period"
            )
        ]

    def __str__(self):
        return f"{self.indicator.code}, {self.period}: {self.value}"

    def save(self, *args, **kwargs):
        period = parse_period(self.period)
        self.period, self.period_start, self.period_end = period.label, period.start, period.end
        self.partnership_id = self.indicator.partnership_id
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        try:
            period = parse_period(self.period)
        except PeriodError as error:
            raise ValidationError({"period": str(error)}) from None
        self.period = period.label
        if self.value is not None and self.value < 0:
            raise ValidationError({"value": "A value cannot be below nought."})
        if self.indicator_id and self.indicator.unit == Unit.PERCENT:
            for field in ("value", "target"):
                number = getattr(self, field)
                if number is not None and number > 100:
                    raise ValidationError({field: "A percentage cannot be over 100."})

    # --- what readers see ----------------------------------------------------

    @property
    def status(self):
        """Met or not, as readers may see it (Status.WITHHELD explains when not)."""
        target = self.target
        if self.is_suppressed and target is not None and 0 < target < small_number_threshold():
            return Status.WITHHELD
        return status_for(self.value, self.target, self.indicator.polarity)

    def get_status_display(self):
        return Status(self.status).label

    @property
    def is_suppressed(self):
        return self.indicator.is_count and Decimal(0) < self.value < small_number_threshold()

    @property
    def public_value(self):
        """The value as readers may see it: "fewer than 5" for a small count."""
        if self.is_suppressed:
            return f"fewer than {small_number_threshold()}"
        return format_number(self.value, self.indicator.unit)

    @property
    def public_target(self):
        return "" if self.target is None else format_number(self.target, self.indicator.unit)

    @property
    def shown_source(self):
        return self.source or self.indicator.source


def format_number(number, unit):
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    return f"{text}%" if unit == Unit.PERCENT else text


class RecommendationStatus(models.TextChoices):
    # The same words as a review page's own recommendation rows
    # (publications.ReviewRecommendation.Status), so an update can move one on.
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


CLOSED_STATUSES = {RecommendationStatus.COMPLETE, RecommendationStatus.NOT_ACCEPTED}


class RecommendationUpdate(models.Model):
    """One dated step in a review recommendation's progress. The latest update's
    status is the recommendation's status on the "Recommendations and
    progress" page; the evidence note is public, the private note is for the
    partnership's board members only."""

    partnership = models.ForeignKey(
        "site_core.Partnership", on_delete=models.CASCADE, related_name="+", editable=False
    )
    recommendation = models.ForeignKey(
        "publications.ReviewRecommendation", on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(default=timezone.localdate)
    status = models.CharField(max_length=15, choices=RecommendationStatus.choices)
    evidence_note = models.TextField(
        max_length=1000, help_text="Shown publicly: what was done and how we know."
    )
    private_note = models.TextField(
        max_length=1000,
        blank=True,
        help_text="Not shown publicly: only the partnership's board members and governance "
        "officers see it, in the members' view.",
    )

    partnership_lookup = "partnership"
    admin_search_fields = ("evidence_note", "recommendation__text")

    panels = [
        FieldPanel("recommendation"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("status")]),
        MultiFieldPanel([FieldPanel("evidence_note"), FieldPanel("private_note")], "Notes"),
    ]

    class Meta:
        ordering = ["recommendation", "-date", "-pk"]

    def __str__(self):
        return f"{self.date:%-d %b %Y}: {self.get_status_display()}"

    def save(self, *args, **kwargs):
        self.partnership = self._owner()
        super().save(*args, **kwargs)

    def _owner(self):
        return partnership_for_page(self.recommendation.page)

    def clean(self):
        super().clean()
        if self.recommendation_id and self._owner() is None:
            raise ValidationError(
                {"recommendation": "This review is not on any partnership's site."}
            )
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": "An update cannot be dated in the future."})


class KeyFigureIndicator(models.Model):
    """An annual report's key figure that is one of the indicators, so the report
    can show the year before beside this year's."""

    partnership = models.ForeignKey(
        "site_core.Partnership", on_delete=models.CASCADE, related_name="+", editable=False
    )
    key_figure = models.OneToOneField(
        "publications.KeyFigure", on_delete=models.CASCADE, related_name="evidence"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")

    partnership_lookup = "partnership"
    panels = [FieldPanel("key_figure"), FieldPanel("indicator")]

    def __str__(self):
        return f"{self.key_figure.label} → {self.indicator.code}"

    def save(self, *args, **kwargs):
        self.partnership_id = self.indicator.partnership_id
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.key_figure_id and self.indicator_id:
            owner = partnership_for_page(self.key_figure.page)
            if owner is None or owner.pk != self.indicator.partnership_id:
                raise ValidationError(
                    {"indicator": "Choose an indicator of the report's own partnership."}
                )


class ValuesImport(models.Model):
    """A spreadsheet of values on its way in, for the progress page: its rows
    (checked, then saved in the background by evidence/tasks.py), how far it
    has got, and how it ended. Large files are checked in the background too."""

    class Status(models.TextChoices):
        CHECKING = "checking", "Checking the rows"
        READY = "ready", "Checked: waiting for you to confirm"
        QUEUED = "queued", "Waiting to start saving"
        SAVING = "saving", "Saving"
        DONE = "done", "Imported"
        FAILED = "failed", "Nothing was imported"

    RUNNING = {Status.CHECKING, Status.QUEUED, Status.SAVING}
    # The worker reports progress every few rows: a check or save with no
    # progress for this long has stopped (the worker was restarted or died).
    STALLED_AFTER = timedelta(minutes=10)

    partnership = models.ForeignKey(
        "site_core.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices)
    # [[row number, {column: text}]] as read, then the checked rows (importer.check).
    rows = models.JSONField(default=list, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    saved = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Last change of status or progress (evidence/tasks.py writes it with
    # each progress report).
    progress_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    partnership_lookup = "partnership"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "indicator values import"

    def __str__(self):
        return f"{self.file_name} into {self.partnership}"

    @property
    def is_running(self):
        return self.status in self.RUNNING

    @property
    def is_quiet(self):
        """No change of status and no progress for STALLED_AFTER."""
        return timezone.now() - self.progress_at > self.STALLED_AFTER

    def end_if_stalled(self):
        """A check or save the worker stopped working on ends as failed, so the
        editor is not left waiting for ever. Nothing of it was saved: a save
        writes every row in one transaction, which a worker that stops never
        commits. An import waiting for the worker to start is left waiting (a
        stopped worker starts it when it comes back)."""
        if self.status not in (self.Status.CHECKING, self.Status.SAVING) or not self.is_quiet:
            return
        # Only if nothing moved since it was read: a worker may report at once.
        unchanged = type(self).objects.filter(
            pk=self.pk, status=self.status, progress_at=self.progress_at
        )
        unchanged.update(
            status=self.Status.FAILED,
            error="The import stopped before it finished.",
            rows=[],
            finished_at=timezone.now(),
            progress_at=timezone.now(),
        )
        self.refresh_from_db()

    @property
    def waiting_for_worker(self):
        """Confirmed, and still not started by the worker after STALLED_AFTER."""
        return self.status == self.Status.QUEUED and self.is_quiet

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        return round(100 * self.done / self.total) if self.total else 0
