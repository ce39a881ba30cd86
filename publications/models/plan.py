"""Strategic and business plans: priorities, outcomes with numbered
indicators, and projects whose activities report progress."""

from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, Panel
from wagtail.models import Orderable
from wagtail.search import index

from ..forms import PlanPageForm
from .base import PublicationPage, section


def lines(text):
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


# A plan's projects, indicators and activities are live rows of the plan,
# edited one at a time or from a spreadsheet (publications.plan_rows,
# plan_import), not in the page editor: a real plan has about 150, and the
# editor with every row as an inline form took seconds to open. They are left
# out of page revisions, so publishing (or reverting to) a revision never
# puts back rows edited since.
LIVE_ROWS = ("projects", "indicators", "activities")


class PlanRowsPanel(Panel):
    """In the page editor: how many projects, indicators and activities the
    plan has, and the link to where they are edited."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "publications/admin/plan_rows_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            plan = self.instance
            if plan.pk:
                context["project_count"] = PlanProject.objects.filter(page_id=plan.pk).count()
                context["indicator_count"] = PlanIndicator.objects.filter(page_id=plan.pk).count()
                context["activity_count"] = PlanActivity.objects.filter(page_id=plan.pk).count()
            context["plan"] = plan
            return context


class PlanPage(PublicationPage):
    version = models.CharField(max_length=20, blank=True, help_text="e.g. '1' or '2.1'.")
    adopted_by = models.ForeignKey(
        "governance.Body",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The board that adopted the plan.",
    )
    adopted_on = models.DateField(null=True, blank=True)
    mission = models.CharField(max_length=250, blank=True, help_text="The mission statement.")

    content_panels = [
        *PublicationPage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("version"), FieldPanel("adopted_on")]),
                FieldPanel("adopted_by"),
            ],
            heading="Adoption",
        ),
        FieldPanel("mission"),
        InlinePanel("value_themes", label="Value theme", heading="Values"),
        InlinePanel("responsibilities", label="Responsibility", heading="Responsibilities"),
        InlinePanel(
            "strategic_priorities", label="Strategic priority", heading="Strategic priorities"
        ),
        InlinePanel("service_priorities", label="Service priority", heading="Service priorities"),
        InlinePanel("outcomes", label="Strategic outcome", heading="Strategic outcomes"),
        InlinePanel("themes", label="Business plan theme", heading="Business plan themes"),
        PlanRowsPanel(heading="Projects, indicators and activities"),
        *PublicationPage.common_panels,
    ]
    search_fields = [*PublicationPage.search_fields, index.SearchField("mission")]

    base_form_class = PlanPageForm

    type_key = "plan"
    prefetch_on_render = (
        "adopted_by",
        "value_themes",
        "responsibilities",
        "strategic_priorities",
        "service_priorities",
        "outcomes",
        "themes",
        # Its rows (LIVE_ROWS), records outside its revisions: its indicator
        # and project tables, and its progress.
        "indicators",
        "projects__lead_body",
        "activities",
    )
    schema_type = "CreativeWork"
    template = "publications/plan_page.html"

    class Meta:
        verbose_name = "strategic and business plan"

    # --- live rows, outside revisions (see LIVE_ROWS) -------------------------

    def serializable_data(self):
        data = super().serializable_data()
        for name in LIVE_ROWS:
            data.pop(name, None)
        return data

    def with_content_json(self, content):
        # Revisions saved before the rows went live still hold them: ignore them,
        # so that the rows (modelcluster then never touches them) stay as they are.
        content = {key: value for key, value in content.items() if key not in LIVE_ROWS}
        return super().with_content_json(content)

    # --- structure for the template -----------------------------------------

    def section_contents(self):
        checks = [
            (bool(self.mission), "Our mission", "mission"),
            (self.value_themes.exists(), "Our values", "values"),
            (self.responsibilities.exists(), "Our responsibilities", "responsibilities"),
            (self.strategic_priorities.exists(), "Strategic priorities", "strategic-priorities"),
            (self.service_priorities.exists(), "Service priorities", "service-priorities"),
            (self.outcomes.exists(), "Strategic outcomes and indicators", "outcomes"),
            (self.themes.exists(), "Business plan projects and progress", "projects"),
        ]
        return [section(text, anchor) for present, text, anchor in checks if present]

    @cached_property
    def outcomes_with_indicators(self):
        indicators = list(self.indicators.all())
        return [
            (outcome, [i for i in indicators if i.outcome_number == outcome.number])
            for outcome in self.outcomes.all()
        ]

    @cached_property
    def indicator_counts(self):
        """[(outcome, number of indicators)], counting parts such as 56a and 56b
        as the one indicator the plan numbers them (its "68 indicators" has 69
        rows), and the indicators reported in parts: {"56": ["56a", "56b"]}."""
        parts = {}
        counts = []
        for outcome, indicators in self.outcomes_with_indicators:
            numbers = set()
            for indicator in indicators:
                base = indicator.base_number
                numbers.add(base)
                if indicator.number.strip() != base:
                    parts.setdefault(base, []).append(indicator.number.strip())
            counts.append((outcome, len(numbers)))
        return {"by_outcome": counts, "in_parts": parts}

    @cached_property
    def all_activities(self):
        return list(self.activities.all())

    def period_lapsed(self, today=None):
        today = today or timezone.localdate()
        if self.is_current and self.period_end and self.period_end < today:
            return self.period_end
        return None

    def progress(self, activities=None):
        activities = self.all_activities if activities is None else activities
        counts = dict.fromkeys(PlanActivity.Status.values, 0)
        for activity in activities:
            counts[activity.status] += 1
        return {"total": len(activities), **counts}

    def counted_progress(self):
        """What ``progress`` says, counted by the database: for the pages that
        name the plan and show only its totals (the home page, the index)."""
        counts = dict.fromkeys(PlanActivity.Status.values, 0)
        rows = self.activities.order_by().values_list("status").annotate(count=models.Count("pk"))
        for status, count in rows:
            counts[status] = count
        return {"total": sum(counts.values()), **counts}

    def projects_by_theme(self, theme=None, status=None):
        """[(theme, [(project, [activities])])] keeping only what matches the filters."""
        if self._rows_fetched:
            projects = list(self.projects.all())
        else:
            projects = list(self.projects.select_related("lead_body").all())
        result = []
        for plan_theme in self.themes.all():
            if theme is not None and plan_theme.number != theme:
                continue
            rows = []
            for project in projects:
                if project.theme_number != plan_theme.number:
                    continue
                activities = [
                    a
                    for a in self.all_activities
                    if a.project_reference == project.reference
                    and (status is None or a.status == status)
                ]
                if status is None or activities:
                    rows.append((project, activities))
            if rows:
                result.append((plan_theme, rows))
        return result

    def serve(self, request, *args, **kwargs):
        """The plan, with its project table filtered by theme and status (a bad
        value is a 400 that says what to choose, with the whole table)."""
        context = self.get_context(request, *args, **kwargs)
        error = ""
        theme_value = request.GET.get("theme", "").strip()[:20]
        status_value = request.GET.get("status", "").strip()[:20]
        if theme_value and theme_value not in {str(t.number) for t in self.themes.all()}:
            error = (
                f"“{theme_value}” is not one of this plan's themes. Choose a theme from the list."
            )
        elif status_value and status_value not in PlanActivity.Status.values:
            error = f"“{status_value}” is not a status. Choose complete, on track or delayed."
        if error:
            theme_value = status_value = ""

        def rows():
            # Only when the tables are rendered, not when they are kept.
            self.with_rows(request)
            table = self.projects_by_theme(
                theme=int(theme_value) if theme_value else None, status=status_value or None
            )
            shown = [a for _theme, rows in table for _project, acts in rows for a in acts]
            return {"project_table": table, "shown_progress": self.progress(shown)}

        tables = SimpleLazyObject(rows)
        context.update(
            {
                "filter_error": error,
                "theme_filter": theme_value,
                "status_filter": status_value,
                "status_choices": PlanActivity.Status.choices,
                "table_filtered": bool(theme_value or status_value),
                "progress": SimpleLazyObject(self.progress),
                "tables": tables,
                # Kept per valid choice of theme and status (a bounded set); a
                # bad value echoes what the reader typed, so is never kept.
                "fragment_vary": f"{theme_value}:{status_value}:{error}",
            }
        )
        if error:
            context["fragment_seconds"] = 0
        return TemplateResponse(
            request, self.get_template(request), context, status=400 if error else 200
        )


class PlanValueTheme(Orderable):
    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="value_themes")
    title = models.CharField(max_length=100, help_text="e.g. 'Listen and learn'.")
    values = models.TextField(help_text="One value per line, e.g. 'Curious'.")

    panels = [FieldPanel("title"), FieldPanel("values")]

    @property
    def value_list(self):
        return lines(self.values)


class PlanResponsibility(Orderable):
    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="responsibilities")
    title = models.CharField(max_length=100, help_text="e.g. 'Assure and challenge'.")
    description = models.CharField(max_length=300)

    panels = [FieldPanel("title"), FieldPanel("description")]


class PlanStrategicPriority(Orderable):
    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="strategic_priorities")
    title = models.CharField(max_length=120)
    description = models.CharField(max_length=400, blank=True, help_text="What it means.")

    panels = [FieldPanel("title"), FieldPanel("description")]


class PlanServicePriority(Orderable):
    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="service_priorities")
    title = models.CharField(max_length=120, help_text="e.g. 'Neglect'.")
    focus_areas = models.TextField(
        blank=True, help_text="One focus area per line, e.g. 'Early help'."
    )

    panels = [FieldPanel("title"), FieldPanel("focus_areas")]

    @property
    def focus_area_list(self):
        return lines(self.focus_areas)


class PlanOutcome(Orderable):
    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="outcomes")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=150, help_text="e.g. 'Supported as early as possible'.")

    panels = [FieldRowPanel([FieldPanel("number"), FieldPanel("title")])]


class PlanIndicator(Orderable):
    """A numbered measure under an outcome; numbers such as '56a' are kept as written."""

    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="indicators")
    outcome_number = models.PositiveSmallIntegerField(
        help_text="The number of the strategic outcome it measures."
    )
    number = models.CharField(max_length=10, help_text="As published, e.g. '56a'.")
    description = models.CharField(max_length=300)

    panels = [
        FieldRowPanel([FieldPanel("outcome_number"), FieldPanel("number")]),
        FieldPanel("description"),
    ]

    @property
    def base_number(self):
        """The indicator's own number: '56' for '56a' (a part of indicator 56)."""
        number = self.number.strip()
        digits = len(number) - len(number.lstrip("0123456789"))
        return number[:digits] if digits else number


class PlanTheme(Orderable):
    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=120, help_text="e.g. 'Practice and systems'.")

    panels = [FieldRowPanel([FieldPanel("number"), FieldPanel("title")])]


class PlanProject(Orderable):
    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="projects")
    theme_number = models.PositiveSmallIntegerField(help_text="The business plan theme's number.")
    reference = models.CharField(max_length=10, help_text="As published, e.g. '2.3'.")
    title = models.CharField(max_length=300)
    lead_body = models.ForeignKey(
        "governance.Body",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="lead programme board",
    )
    lead_officers = models.CharField(
        max_length=200, blank=True, help_text="Names of public office-holders or job titles."
    )

    panels = [
        FieldRowPanel([FieldPanel("theme_number"), FieldPanel("reference")]),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("lead_body"), FieldPanel("lead_officers")]),
    ]


class PlanActivity(Orderable):
    class Status(models.TextChoices):
        COMPLETE = "complete", "Complete"
        ON_TRACK = "on_track", "On track"
        DELAYED = "delayed", "Delayed"

    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="activities")
    project_reference = models.CharField(
        max_length=10, help_text="The reference of the project it belongs to, e.g. '2.3'."
    )
    description = models.CharField(max_length=400)
    due = models.DateField(
        null=True, blank=True, help_text="Any day in the month it is due. Blank if not set."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ON_TRACK)
    delay_reason = models.CharField(
        max_length=250, blank=True, help_text="Required when the activity is delayed."
    )

    panels = [
        FieldRowPanel([FieldPanel("project_reference"), FieldPanel("due")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("delay_reason")]),
    ]

    def clean(self):
        super().clean()
        if self.status == self.Status.DELAYED and not self.delay_reason.strip():
            raise ValidationError(
                {"delay_reason": "Say why this activity is delayed; readers see the reason."}
            )
