"""Editing a plan's projects, indicators or activities in bulk, from a spreadsheet.

From the plan's page in the admin (the header's "Spreadsheet: indicators and
activities", or "Projects, indicators and activities" → "Change many ... at
once from a spreadsheet") an editor
downloads the current rows as CSV, edits them in a spreadsheet, and uploads
the file (CSV or Excel .xlsx). Every row is checked first; if any row is wrong
nothing is imported and each problem is listed by row and column.

A good file replaces that table's rows at once: they are live rows of the
plan, outside its revisions (see publications.plan_rows). Projects are
matched by reference, indicators by number and activities by position, so a
row that stays keeps its identity (an indicator keeps its evidence,
evidence.Indicator.plan_indicator); the import is recorded in the plan's
history. A project that activities belong to cannot be left out of the file
(as it cannot be deleted one at a time).
"""

import csv
import io
from collections import Counter
from datetime import date, datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView

from governance.models import Body
from site_core.admin_pages import SiteAdminPageMixin
from site_core.models import Partnership

from . import plan_rows
from .models import PlanActivity, PlanIndicator, PlanPage, PlanProject
from .plan_rows import may_change_rows, record_change

MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024

TABLES = {
    "projects": ["theme_number", "reference", "title", "lead_board", "lead_officers"],
    "indicators": ["outcome_number", "number", "description"],
    "activities": ["project_reference", "description", "due", "status", "delay_reason"],
}
STATUS_WORDS = {
    **{value: value for value in PlanActivity.Status.values},
    **{label.lower(): value for value, label in PlanActivity.Status.choices},
}


class Problem:
    def __init__(self, row, column, message):
        self.row, self.column, self.message = row, column, message

    def __str__(self):
        where = f"Row {self.row}" + (f", column “{self.column}”" if self.column else "")
        return f"{where}: {self.message}"


def read_rows(upload):
    """The file's rows as dicts keyed by lower-cased header, with their row numbers.

    Raises ValueError with a message for the editor when the file cannot be read.
    """
    name = (upload.name or "").lower()
    if upload.size > MAX_BYTES:
        raise ValueError("The file is larger than 2 MB: a plan's table is far smaller.")
    raw = upload.read()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).active
            table = [list(row) for row in sheet.iter_rows(values_only=True)]
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise ValueError("This is not an Excel (.xlsx) file that can be read.") from error
    elif name.endswith(".csv"):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError as error:
                raise ValueError("Save the spreadsheet as CSV (UTF-8) and try again.") from error
        table = list(csv.reader(io.StringIO(text)))
    else:
        raise ValueError("Upload a .csv or .xlsx file.")
    table = [row for row in table if any(cell not in (None, "") for cell in row)]
    if not table:
        raise ValueError("The file is empty.")
    header = [str(cell or "").strip().lower().replace(" ", "_") for cell in table[0]]
    if len(table) - 1 > MAX_ROWS:
        raise ValueError(f"The file has more than {MAX_ROWS} rows.")
    return header, [
        (number, dict(zip(header, row, strict=False)))
        for number, row in enumerate(table[1:], start=2)
    ]


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _due(value):
    """A date, from a spreadsheet date or "2019-03", "2019-03-31", "31/03/2019", "March 2019"."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%Y-%m", "%d/%m/%Y", "%B %Y", "%b %Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"“{text}” is not a date: write it as 2019-03 or 31/03/2019.")


# The columns a file must have, per table; the others may be left out.
REQUIRED = {
    "projects": TABLES["projects"][:3],
    "indicators": TABLES["indicators"],
    "activities": TABLES["activities"][:2],
}


def check_rows(plan, table, header, rows):
    """(new rows, problems): the model rows to import, or every problem found."""
    absent = [column for column in REQUIRED[table] if column not in header]
    if absent:
        return [], [
            Problem(1, column, "this column is missing from the header row.") for column in absent
        ]
    check = {
        "projects": _check_projects,
        "indicators": _check_indicators,
        "activities": _check_activities,
    }[table]
    made, problems = check(plan, rows)
    if not rows:
        problems.append(Problem(2, "", "the file has a header row but no rows to import."))
    return made, problems


class _Row:
    """One row's cells, read and checked: each problem found is added to
    ``problems``; a cell that has one reads as None."""

    def __init__(self, problems, number, row):
        self.problems, self.number, self.row = problems, number, row
        self.first = len(problems)

    @property
    def passed(self):
        return len(self.problems) == self.first

    def problem(self, column, message):
        self.problems.append(Problem(self.number, column, message))

    def text(self, column, missing=None, limit=None):
        """The cell's text; a problem if it is empty (when ``missing`` says what
        to write instead) or longer than ``limit``."""
        value = _text(self.row.get(column))
        if missing and not value:
            self.problem(column, missing)
        elif limit is not None and len(value) > limit:
            self.problem(column, f"at most {limit} characters.")
        else:
            return value
        return None

    def whole_number(self, column, missing):
        value = _text(self.row.get(column))
        if value.isascii() and value.isdecimal():
            return int(value)
        self.problem(column, missing)
        return None

    def of_the_plan(self, column, value, known, noun, plural):
        """``value``, if the plan has it (``known``); else a problem naming what it has."""
        if value is None or value in known:
            return value
        names = ", ".join(str(n) for n in sorted(known)) or "none yet"
        self.problem(column, f"the plan has no {noun} {value} (its {plural}: {names}).")
        return None

    def once(self, column, value, seen, noun):
        """``value``, unless an earlier row of the file has it (``seen``)."""
        if value is None:
            return None
        if value in seen:
            self.problem(column, f"{noun} {value} is also on row {seen[value]}.")
            return None
        seen[value] = self.number
        return value


def _check_indicators(plan, rows):
    problems = []
    outcomes = {outcome.number for outcome in plan.outcomes.all()}
    made, seen = [], {}
    for number, cells in rows:
        row = _Row(problems, number, cells)
        outcome = row.of_the_plan(
            "outcome_number",
            row.whole_number("outcome_number", "write the outcome's number."),
            outcomes,
            "outcome",
            "outcomes",
        )
        label = row.text("number", "give the indicator's number, e.g. 56a.", limit=10)
        label = row.once("number", label, seen, "indicator")
        description = row.text("description", "describe the indicator.", limit=300)
        if row.passed:
            made.append(
                PlanIndicator(outcome_number=outcome, number=label, description=description)
            )
    return made, problems


def _check_activities(plan, rows):
    problems = []
    projects = {project.reference for project in plan.projects.all()}
    made = []
    for number, cells in rows:
        row = _Row(problems, number, cells)
        reference = row.of_the_plan(
            "project_reference",
            row.text("project_reference", "give the project's reference, e.g. 2.3."),
            projects,
            "project",
            "projects",
        )
        description = row.text("description", "describe the activity.", limit=400)
        try:
            due = _due(cells.get("due"))
        except ValueError as error:
            row.problem("due", str(error))
            due = None
        status_text = _text(cells.get("status")).lower().replace("_", " ")
        status = STATUS_WORDS.get(status_text.replace(" ", "_")) or STATUS_WORDS.get(status_text)
        if not status_text:
            status = PlanActivity.Status.ON_TRACK
        elif status is None:
            row.problem(
                "status", f"“{status_text}” is not a status: write complete, on track or delayed."
            )
        reason = _text(cells.get("delay_reason"))
        if status == PlanActivity.Status.DELAYED and not reason:
            row.problem("delay_reason", "say why the activity is delayed.")
        elif len(reason) > 250:
            row.problem("delay_reason", "at most 250 characters.")
        if row.passed:
            made.append(
                PlanActivity(
                    project_reference=reference,
                    description=description,
                    due=due,
                    status=status,
                    delay_reason=reason,
                )
            )
    return made, problems


def _partnership_boards(plan):
    """The boards a project may be led by: the plan's own partnership's."""

    site = plan.get_site()
    if site is None:
        return []
    return list(Body.objects.filter(partnership=Partnership.for_site(site)))


def _board_named(boards, text):
    wanted = text.casefold()
    for body in boards:
        if wanted in {
            body.name.casefold(),
            (body.short_name or "").casefold(),
            body.slug.casefold(),
        }:
            return body
    return None


def _check_projects(plan, rows):
    problems = []
    themes = {theme.number for theme in plan.themes.all()}
    boards = _partnership_boards(plan)
    made, seen = [], {}
    for number, cells in rows:
        row = _Row(problems, number, cells)
        theme = row.of_the_plan(
            "theme_number",
            row.whole_number("theme_number", "write the theme's number."),
            themes,
            "theme",
            "themes",
        )
        reference = row.text("reference", "give the project's reference, e.g. 2.3.", limit=10)
        reference = row.once("reference", reference, seen, "project")
        title = row.text("title", "give the project's title.", limit=300)
        board_text = _text(cells.get("lead_board"))
        board = _board_named(boards, board_text) if board_text else None
        if board_text and board is None:
            known = ", ".join(sorted(body.name for body in boards)) or "none yet"
            row.problem(
                "lead_board", f"“{board_text}” is not one of the partnership's boards ({known})."
            )
        officers = row.text("lead_officers", limit=200)
        if row.passed:
            made.append(
                PlanProject(
                    theme_number=theme,
                    reference=reference,
                    title=title,
                    lead_body=board,
                    lead_officers=officers,
                )
            )
    # A project its activities belong to stays, as in the one-at-a-time view.
    existing = set(PlanProject.objects.filter(page_id=plan.pk).values_list("reference", flat=True))
    in_use = Counter(
        PlanActivity.objects.filter(page_id=plan.pk).values_list("project_reference", flat=True)
    )
    for reference, count in sorted(in_use.items()):
        if reference in existing and reference not in seen:
            problems.append(
                Problem(
                    1,
                    "reference",
                    f"project {reference} is not in the file, but {count} "
                    f"activit{'y belongs' if count == 1 else 'ies belong'} to it: keep it, "
                    "or move its activities to another project first.",
                )
            )
    return made, problems


@transaction.atomic
def import_rows(plan, table, new_rows, user):
    """Make ``new_rows`` the plan's rows of ``table``, in the file's order.

    An existing row that matches (a project by its reference, an indicator by
    its number, an activity by its position) is updated in place, so what
    links to it stays linked; rows not in the file are deleted."""
    model, _form, singular = plan_rows.TABLES[table]
    existing = list(model.objects.filter(page_id=plan.pk).order_by("sort_order", "pk"))
    if table in ("indicators", "projects"):
        key = "number" if table == "indicators" else "reference"
        by_key = {getattr(row, key): row for row in existing}
        matched = [by_key.pop(getattr(row, key), None) for row in new_rows]
        unmatched = list(by_key.values())
    else:
        matched = existing[: len(new_rows)] + [None] * (len(new_rows) - len(existing))
        unmatched = existing[len(new_rows) :]
    for row in unmatched:
        row.delete()
    for order, (row, old) in enumerate(zip(new_rows, matched, strict=True)):
        row.pk = old.pk if old is not None else None
        row.page_id = plan.pk
        row.sort_order = order
        row.save()
    noun = table if len(new_rows) != 1 else singular
    record_change(
        plan,
        user,
        "imported",
        f"{len(new_rows)} {noun} imported from a spreadsheet (replacing {len(existing)})",
    )


def export_rows(plan, table):
    """The table's current rows as CSV, ready to edit."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(TABLES[table])
    for row in getattr(plan, table).all():
        values = []
        for column in TABLES[table]:
            if column == "lead_board":
                value = row.lead_body.name if row.lead_body_id else ""
            else:
                value = getattr(row, column)
            if column == "due" and value:
                value = value.strftime("%Y-%m")
            values.append("" if value is None else value)
        writer.writerow(values)
    return out.getvalue()


class ImportForm(forms.Form):
    table = forms.ChoiceField(
        choices=[
            ("projects", "Projects"),
            ("indicators", "Indicators"),
            ("activities", "Activities"),
        ],
        widget=forms.RadioSelect,
        label="Which table the file replaces",
    )
    file = forms.FileField(
        help_text="CSV or Excel (.xlsx), with the column names in the first row: download "
        "the current rows below to start from them.",
    )


class PlanImportView(SiteAdminPageMixin, FormView):
    page_title = "Spreadsheet: projects, indicators and activities"
    header_icon = "table"
    template_name = "publications/admin/plan_import.html"
    form_class = ImportForm

    def dispatch(self, request, page_id):
        self.plan = get_object_or_404(PlanPage, pk=page_id)
        permissions = self.plan.permissions_for_user(request.user)
        if not permissions.can_edit():
            raise PermissionDenied
        # Reading and downloading the rows is for anyone who may edit the
        # plan; replacing them follows publications.plan_rows.may_change_rows.
        self.may_change = may_change_rows(self.plan, permissions)
        if request.method == "POST" and not self.may_change:
            raise PermissionDenied
        if request.method == "GET" and request.GET.get("download") in TABLES:
            table = request.GET["download"]
            response = HttpResponse(export_rows(self.plan, table), content_type="text/csv")
            response["Content-Disposition"] = f'attachment; filename="{self.plan.slug}-{table}.csv"'
            return response
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.plan.get_admin_display_title()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            plan=self.plan,
            tables=TABLES,
            problems=getattr(self, "problems", []),
            may_change=self.may_change,
            **kwargs,
        )

    def form_valid(self, form):
        table = form.cleaned_data["table"]
        try:
            header, rows = read_rows(form.cleaned_data["file"])
        except ValueError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        plan = self.plan.get_latest_revision_as_object()
        new_rows, self.problems = check_rows(plan, table, header, rows)
        if self.problems:
            form.add_error(
                None,
                f"Nothing was imported: {len(self.problems)} "
                f"problem{'s' if len(self.problems) != 1 else ''} to fix in the file.",
            )
            return self.form_invalid(form)
        import_rows(self.plan, table, new_rows, self.request.user)
        public = " They are public now." if self.plan.live else ""
        messages.success(self.request, f"{len(new_rows)} {table} imported.{public}")
        return redirect(reverse("publications_plan_rows", args=[self.plan.pk]))
