"""The spreadsheet import in the admin: upload, check every row, preview, confirm,
then follow the saving on a progress page.

A file of up to ``importer.LARGE_FILE_ROWS`` rows is checked in the request
and its checked rows travel from the preview to the confirmation signed (so a
hand-edited form cannot change them). A larger file is checked by a task and
previewed on its progress page. Either way a confirmed import is saved by a
task (evidence/tasks.py), checked again first, all rows or none.
"""

from django import forms
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView

from site_core.admin_pages import SiteAdminPageMixin
from site_core.models import Partnership
from site_core.tenancy import partnerships_for

from . import importer
from .models import ValuesImport
from .tasks import check_values_import, save_values_import

SIGNING_SALT = "evidence-import"


class ImportForm(forms.Form):
    partnership = forms.ModelChoiceField(queryset=Partnership.objects.none())
    file = forms.FileField(
        label="Spreadsheet", help_text="A .csv (UTF-8) or .xlsx file laid out like the template."
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships_for(user)
        if self.fields["partnership"].queryset.count() == 1:
            self.fields["partnership"].initial = self.fields["partnership"].queryset.first()


def _allowed(request):
    if not request.user.has_perm("evidence.add_indicatorvalue"):
        raise PermissionDenied


class ImportValuesView(SiteAdminPageMixin, TemplateView):
    template_name = "evidence/admin/import.html"
    page_title = "Import indicator values"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        _allowed(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.show(form=ImportForm(user=request.user))

    def show(self, status=200, **context):
        defaults = {"problems": [], "preview": [], "token": "", "file_error": ""}
        context = {**defaults, "columns": importer.COLUMNS, "partnership": None, **context}
        return self.render_to_response(self.get_context_data(**context), status=status)

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self.confirm(request)
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.show(400, form=form)
        partnership = form.cleaned_data["partnership"]
        try:
            rows = importer.read_rows(form.cleaned_data["file"])
        except importer.ImportFileError as error:
            return self.show(400, form=form, file_error=str(error))
        if len(rows) > importer.LARGE_FILE_ROWS:
            job = ValuesImport.objects.create(
                partnership=partnership,
                started_by=request.user,
                file_name=form.cleaned_data["file"].name[:255],
                status=ValuesImport.Status.CHECKING,
                rows=rows,
                total=len(rows),
            )
            transaction.on_commit(lambda: check_values_import.enqueue(job.pk))
            return redirect("evidence_import_progress", job.pk)
        clean, problems = importer.check(rows, partnership)
        if problems:
            return self.show(400, form=form, problems=problems)
        if not clean:
            return self.show(
                400, form=form, file_error="The file has no rows of values under its header."
            )
        token = signing.dumps(
            {
                "partnership": partnership.pk,
                "rows": clean,
                "file_name": form.cleaned_data["file"].name,
            },
            salt=SIGNING_SALT,
            compress=True,
        )
        return self.show(form=form, preview=clean, partnership=partnership, token=token)

    def confirm(self, request):
        form = ImportForm(user=request.user)
        try:
            payload = signing.loads(request.POST["token"], salt=SIGNING_SALT, max_age=60 * 60)
        except signing.BadSignature:
            return self.show(
                400,
                form=form,
                file_error="This preview has expired or was changed. Upload the file again.",
            )
        partnership = partnerships_for(request.user).filter(pk=payload["partnership"]).first()
        if partnership is None:
            raise PermissionDenied
        # Checked again: an indicator may have gone since the preview.
        clean, problems = importer.check([(r["row"], r) for r in payload["rows"]], partnership)
        if problems:
            return self.show(400, form=form, problems=problems)
        job = ValuesImport.objects.create(
            partnership=partnership,
            started_by=request.user,
            file_name=str(payload.get("file_name", ""))[:255] or "spreadsheet",
            status=ValuesImport.Status.QUEUED,
            rows=clean,
            total=len(clean),
        )
        transaction.on_commit(lambda: save_values_import.enqueue(job.pk))
        return redirect("evidence_import_progress", job.pk)


import_values = ImportValuesView.as_view()


def visible_imports(user):
    """Imports into the user's own partnerships only."""
    return ValuesImport.objects.filter(partnership__in=partnerships_for(user))


class ImportProgressView(SiteAdminPageMixin, TemplateView):
    """How far an import has got (the page reloads itself while it runs, and has
    a plain link to reload), its preview to confirm, and how it ended."""

    template_name = "evidence/admin/import_progress.html"
    page_title = "Import indicator values"
    header_icon = "upload"

    def dispatch(self, request, pk):
        _allowed(request)
        self.job = get_object_or_404(
            visible_imports(request.user).select_related("partnership"), pk=pk
        )
        self.job.end_if_stalled()
        return super().dispatch(request, pk=pk)

    def get_page_subtitle(self):
        return str(self.job)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.job
        ready = job.status == ValuesImport.Status.READY
        context.update(
            job=job,
            problems=job.problems,
            preview=job.rows[:PREVIEW_ROWS] if ready else [],
            more=max(len(job.rows) - PREVIEW_ROWS, 0) if ready else 0,
        )
        return context

    def post(self, request, pk):
        job = self.job
        if request.POST.get("action") != "confirm" or job.status != ValuesImport.Status.READY:
            return self.render_to_response(self.get_context_data(), status=400)
        # Only one confirmation starts the task, however often the button is pressed.
        started = ValuesImport.objects.filter(pk=job.pk, status=ValuesImport.Status.READY).update(
            status=ValuesImport.Status.QUEUED, done=0
        )
        if started:
            transaction.on_commit(lambda: save_values_import.enqueue(job.pk))
        return redirect("evidence_import_progress", job.pk)


# A large file's preview shows its first rows; every row is checked and saved.
PREVIEW_ROWS = 200

import_progress = ImportProgressView.as_view()


def import_template(request, fmt):
    _allowed(request)
    partnerships = partnerships_for(request.user)
    partnership = partnerships.filter(pk=request.GET.get("partnership") or 0).first()
    if partnership is None:
        partnership = partnerships.first()
    if partnership is None:
        raise PermissionDenied
    if fmt == "xlsx":
        response = HttpResponse(
            importer.template_xlsx(partnership),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            importer.template_csv(partnership).encode("utf-8"),
            content_type="text/csv; charset=utf-8",
        )
        fmt = "csv"
    response["Content-Disposition"] = f'attachment; filename="indicator-values-template.{fmt}"'
    return response
