"""Importing a threshold guide's indicators from a spreadsheet (CSV or XLSX).

Every row is checked first; if any row is wrong nothing is saved and each
problem is listed by row and column (the pattern of
publications.plan_import, whose file reader this reuses). A good file
replaces the guide's indicators in a new draft of the page: like any change
to the guide, it reaches readers only once the partnership's Approvers
publish it.
"""

import csv
import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView

from publications.plan_import import Problem, read_rows
from site_core.admin_pages import SiteAdminPageMixin

from .models import ThresholdGuidePage, ThresholdIndicator

COLUMNS = ["level", "area_of_need", "indicator"]
AREA_LIMIT = ThresholdIndicator._meta.get_field("area").max_length
TEXT_LIMIT = ThresholdIndicator._meta.get_field("text").max_length


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def check_rows(guide, header, rows):
    """(indicators, problems): the rows to import, or every problem found."""
    absent = [column for column in COLUMNS if column not in header]
    if absent:
        return [], [
            Problem(1, column, "this column is missing from the header row.") for column in absent
        ]
    if not rows:
        return [], [Problem(2, "", "the file has a header row but no rows to import.")]
    levels = {level.number: level for level in guide.levels.all()}
    by_name = {level.name.casefold(): level.number for level in levels.values()}
    known = ", ".join(f"{n} ({levels[n].name})" for n in sorted(levels)) or "none yet"
    made, problems = [], []
    for number, cells in rows:
        before = len(problems)
        level_text = _text(cells.get("level"))
        if level_text.isascii() and level_text.isdecimal() and int(level_text) in levels:
            level = int(level_text)
        elif level_text.casefold() in by_name:
            level = by_name[level_text.casefold()]
        else:
            level = None
            problems.append(
                Problem(
                    number,
                    "level",
                    f"“{level_text}” is not one of the guide's levels: {known}."
                    if level_text
                    else f"give the level's number or name: {known}.",
                )
            )
        area = _text(cells.get("area_of_need"))
        if not area:
            problems.append(Problem(number, "area_of_need", "say which area of need."))
        elif len(area) > AREA_LIMIT:
            problems.append(Problem(number, "area_of_need", f"at most {AREA_LIMIT} characters."))
        text = _text(cells.get("indicator"))
        if not text:
            problems.append(Problem(number, "indicator", "write the indicator."))
        elif len(text) > TEXT_LIMIT:
            problems.append(Problem(number, "indicator", f"at most {TEXT_LIMIT} characters."))
        if len(problems) == before:
            made.append(ThresholdIndicator(level_number=level, area=area, text=text))
    return made, problems


def import_indicators(guide, indicators, user):
    """A new draft of ``guide`` whose indicators are ``indicators``, in the file's order."""
    draft = guide.get_latest_revision_as_object()
    for order, indicator in enumerate(indicators):
        indicator.sort_order = order
    draft.indicators = indicators
    return draft.save_revision(user=user, log_action=True)


def export_rows(guide):
    draft = guide.get_latest_revision_as_object()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for indicator in draft.indicators.all():
        writer.writerow([indicator.level_number, indicator.area, indicator.text])
    return out.getvalue()


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="CSV or Excel (.xlsx) with the columns level, area_of_need and indicator in "
        "the first row. The level is its number or its name.",
    )


class IndicatorImportView(SiteAdminPageMixin, FormView):
    page_title = "Spreadsheet: indicators"
    header_icon = "table"
    template_name = "thresholds/admin/import.html"
    form_class = ImportForm

    def dispatch(self, request, page_id):
        self.guide = get_object_or_404(ThresholdGuidePage, pk=page_id)
        # Only someone who may edit this guide, so another partnership's staff never.
        if not self.guide.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        if request.method == "GET" and request.GET.get("download"):
            response = HttpResponse(export_rows(self.guide), content_type="text/csv")
            response["Content-Disposition"] = (
                f'attachment; filename="{self.guide.slug}-indicators.csv"'
            )
            return response
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.guide.get_admin_display_title()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            guide=self.guide, columns=COLUMNS, problems=getattr(self, "problems", []), **kwargs
        )

    def form_valid(self, form):
        try:
            header, rows = read_rows(form.cleaned_data["file"])
        except ValueError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        draft = self.guide.get_latest_revision_as_object()
        indicators, self.problems = check_rows(draft, header, rows)
        if self.problems:
            form.add_error(
                None,
                f"Nothing was imported: {len(self.problems)} "
                f"problem{'s' if len(self.problems) != 1 else ''} to fix in the file.",
            )
            return self.form_invalid(form)
        import_indicators(self.guide, indicators, self.request.user)
        messages.success(
            self.request,
            f"{len(indicators)} indicators imported into a new draft. Submit it for approval "
            "to publish them.",
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[self.guide.pk]))
