"""A plan's projects, indicators and activities, listed and edited one at a time.

A real plan has about 30 projects, 70 indicators and 50 activities; as inline
forms of the page editor they made it take seconds to open. They are edited
here instead (indicators and activities also all at once from a spreadsheet,
publications.plan_import), reached from the panel "Projects, indicators and
activities" in the plan's editor.

They are live rows of the plan, outside its revisions (PlanPage.LIVE_ROWS): a
change is saved at once, is public when the plan is, and is recorded in the
plan's history (log entries of the page). Only people who may edit the plan
(Wagtail's page permissions, which follow each partnership's page tree) reach
these views, and once the plan is published only those who may publish it
change its rows; a row of another plan is not found.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.log_actions import LogFormatter, log

from governance.models import Body
from site_core.admin_pages import SiteAdminPageMixin
from site_core.boundary import partnership_id_of
from site_core.models import Partnership
from site_core.signals import public_content_changed

from .forms import ProjectSelect
from .models import PlanActivity, PlanIndicator, PlanPage, PlanProject

ROW_CHANGED = "publications.plan_row"


def row_label(table, row):
    if table == "indicators":
        return f"indicator {row.number}"
    if table == "projects":
        return f"project {row.reference}"
    return f"activity “{row.description[:60]}” (project {row.project_reference})"


def record_change(plan, user, change, summary):
    """Log the change on the plan (its history shows it) and tell the site's
    caches: rows are records outside the plan's revisions, seen at once."""
    log(instance=plan, action=ROW_CHANGED, user=user, data={"change": change, "summary": summary})
    if plan.live:
        public_content_changed.send(sender=type(plan), partnership_id=partnership_id_of(plan))


class PlanRowFormatter(LogFormatter):
    label = "Change indicators or activities"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return data.get("summary") or "Indicators or activities changed"


def register_log_actions(actions):
    actions.register_action(ROW_CHANGED)(PlanRowFormatter)


def _working_copy(plan):
    """The plan as its editors last saved it (outcomes and projects may be in a draft)."""
    return plan.get_latest_revision_as_object()


class IndicatorForm(forms.ModelForm):
    outcome_number = forms.ChoiceField(
        label="Strategic outcome",
        widget=ProjectSelect,
        help_text="The outcome it measures: one of the plan's strategic outcomes.",
        error_messages={
            "invalid_choice": "Choose one of this plan's strategic outcomes "
            "(add outcome %(value)s in the plan's editor first)."
        },
    )

    class Meta:
        model = PlanIndicator
        fields = ["outcome_number", "number", "description"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.page_id = plan.pk
        self.fields["outcome_number"].choices = [("", "Choose the outcome")] + [
            (str(outcome.number), f"{outcome.number}: {outcome.title[:90]}")
            for outcome in _working_copy(plan).outcomes.all()
        ]

    def clean_outcome_number(self):
        return int(self.cleaned_data["outcome_number"])

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        others = PlanIndicator.objects.filter(page_id=self.plan.pk, number=number)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(f"The plan already has an indicator {number}.")
        return number


class ActivityForm(forms.ModelForm):
    project_reference = forms.ChoiceField(
        label="Project",
        widget=ProjectSelect,
        help_text="One of the plan's projects. Add a project in the plan's editor first.",
        error_messages={
            "invalid_choice": "Choose one of this plan's projects (add project %(value)s "
            "in the plan's editor first)."
        },
    )

    class Meta:
        model = PlanActivity
        fields = ["project_reference", "description", "due", "status", "delay_reason"]
        widgets = {"due": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.page_id = plan.pk
        # Projects are live rows too: the plan's own, as saved.
        self.fields["project_reference"].choices = [("", "Choose the project")] + [
            (project.reference, f"{project.reference}: {project.title[:90]}")
            for project in PlanProject.objects.filter(page_id=plan.pk)
        ]


class ProjectForm(forms.ModelForm):
    theme_number = forms.ChoiceField(
        label="Business plan theme",
        widget=ProjectSelect,
        error_messages={
            "invalid_choice": "Choose one of this plan's themes (add theme %(value)s in the "
            "plan's editor first)."
        },
    )

    class Meta:
        model = PlanProject
        fields = ["theme_number", "reference", "title", "lead_body", "lead_officers"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)

        self.plan = plan
        self.instance.page_id = plan.pk
        self.old_reference = self.instance.reference if self.instance.pk else None
        self.fields["theme_number"].choices = [("", "Choose the theme")] + [
            (str(theme.number), f"{theme.number}: {theme.title[:90]}")
            for theme in _working_copy(plan).themes.all()
        ]
        # Only the boards of the partnership whose site the plan is on.
        site = plan.get_site()
        self.fields["lead_body"].queryset = (
            Body.objects.filter(partnership=Partnership.for_site(site))
            if site is not None
            else Body.objects.none()
        )

    def clean_theme_number(self):
        return int(self.cleaned_data["theme_number"])

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        others = PlanProject.objects.filter(page_id=self.plan.pk, reference=reference)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(f"The plan already has a project {reference}.")
        if self.old_reference and reference != self.old_reference:
            used = PlanActivity.objects.filter(
                page_id=self.plan.pk, project_reference=self.old_reference
            ).count()
            if used:
                raise forms.ValidationError(
                    f"{used} activit{'y' if used == 1 else 'ies'} belong to project "
                    f"{self.old_reference}: move them to another project first, or keep "
                    "this reference."
                )
        return reference


TABLES = {
    "projects": (PlanProject, ProjectForm, "project"),
    "indicators": (PlanIndicator, IndicatorForm, "indicator"),
    "activities": (PlanActivity, ActivityForm, "activity"),
}


def may_change_rows(plan, permissions):
    """Whether this person may change the plan's rows. A published plan's rows
    are public the moment they are saved, so changing them is publishing: it
    needs the right to publish the plan (an Approver), as a change to its
    page would. A plan not yet published is prepared by its editors."""
    return not plan.live or permissions.can_publish()


class PlanRowsMixin(SiteAdminPageMixin):
    """The plan from the URL, for people who may edit it; anyone else is
    refused. Views that change rows (``changes_rows``) also need
    ``may_change_rows``."""

    header_icon = "list-ol"
    changes_rows = False

    def dispatch(self, request, page_id, table=None, row_id=None):
        self.plan = get_object_or_404(PlanPage, pk=page_id)
        permissions = self.plan.permissions_for_user(request.user)
        if not permissions.can_edit():
            raise PermissionDenied
        self.may_change = may_change_rows(self.plan, permissions)
        if self.changes_rows and not self.may_change:
            raise PermissionDenied
        self.table = table
        self.row = None
        if table is not None:
            if table not in TABLES:
                raise Http404
            self.model, self.form_class, self.noun = TABLES[table]
            if row_id is not None:
                self.row = get_object_or_404(self.model, pk=row_id, page_id=self.plan.pk)
        return super().dispatch(request)

    def get_page_subtitle(self):
        return self.plan.get_admin_display_title()

    def listing_url(self):
        return reverse("publications_plan_rows", args=[self.plan.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            plan=self.plan, listing_url=self.listing_url(), may_change=self.may_change, **kwargs
        )


class PlanRowsView(PlanRowsMixin, TemplateView):
    page_title = "Projects, indicators and activities"
    template_name = "publications/admin/plan_rows.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            projects=list(self.plan.projects.select_related("lead_body")),
            indicators=list(self.plan.indicators.all()),
            activities=list(self.plan.activities.all()),
            **kwargs,
        )


class PlanRowEditView(PlanRowsMixin, TemplateView):
    """Add (no row id) or edit one indicator or activity."""

    template_name = "publications/admin/plan_row_edit.html"
    changes_rows = True

    def get_page_title(self):
        return f"Edit {self.noun}" if self.row else f"Add {self.noun}"

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return self.form_class(data, instance=self.row, plan=self.plan)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def next_position(self):
        """The position after the last row. Rows made without one (by code, not
        a form) are numbered first, in the order they were made."""
        siblings = self.model.objects.filter(page_id=self.plan.pk)
        if siblings.filter(sort_order__isnull=True).exists():
            ordered = siblings.order_by(F("sort_order").asc(nulls_first=True), "pk")
            for position, pk in enumerate(ordered.values_list("pk", flat=True)):
                self.model.objects.filter(pk=pk).update(sort_order=position)
        last = siblings.aggregate(last=Max("sort_order"))["last"]
        return 0 if last is None else last + 1

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        adding = form.instance.pk is None
        with transaction.atomic():
            row = form.save(commit=False)
            if adding:
                row.sort_order = self.next_position()
            row.save()
            change = "added" if adding else "edited"
            summary = f"{row_label(self.table, row).capitalize()} {change}"
            record_change(self.plan, request.user, change, summary)
        messages.success(request, f"{summary}.")
        return redirect(self.listing_url())


class PlanRowDeleteView(PlanRowsMixin, TemplateView):
    template_name = "publications/admin/plan_row_delete.html"
    changes_rows = True

    def get_page_title(self):
        return f"Delete {self.noun}"

    def activities_using(self):
        if self.table != "projects":
            return 0
        return PlanActivity.objects.filter(
            page_id=self.plan.pk, project_reference=self.row.reference
        ).count()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            activities_using=self.activities_using(),
            row=self.row,
            label=row_label(self.table, self.row),
            keeps_evidence=hasattr(self.row, "evidence"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if self.activities_using():
            return self.render_to_response(self.get_context_data())
        summary = f"{row_label(self.table, self.row).capitalize()} deleted"
        with transaction.atomic():
            self.row.delete()
            record_change(self.plan, request.user, "deleted", summary)
        messages.success(request, f"{summary}.")
        return redirect(self.listing_url())


def urls():
    from django.urls import path, re_path

    table = r"(?P<table>projects|indicators|activities)"
    return [
        path("plans/<int:page_id>/rows/", PlanRowsView.as_view(), name="publications_plan_rows"),
        re_path(
            rf"^plans/(?P<page_id>\d+)/{table}/add/$",
            PlanRowEditView.as_view(),
            name="publications_plan_row_add",
        ),
        re_path(
            rf"^plans/(?P<page_id>\d+)/{table}/(?P<row_id>\d+)/$",
            PlanRowEditView.as_view(),
            name="publications_plan_row_edit",
        ),
        re_path(
            rf"^plans/(?P<page_id>\d+)/{table}/(?P<row_id>\d+)/delete/$",
            PlanRowDeleteView.as_view(),
            name="publications_plan_row_delete",
        ),
    ]
