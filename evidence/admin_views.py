"""The spreadsheet import in the admin: upload, check every row, preview, confirm.

The checked rows travel from the preview to the confirmation signed (so a
hand-edited form cannot change them) and are checked again before saving.
"""

from django import forms
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from site_core.models import Partnership
from site_core.tenancy import partnerships_for

from . import importer

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


class ImportValuesView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "evidence/admin/import.html"
    page_title = "Import indicator values"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        _allowed(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.show(form=ImportForm(user=request.user))

    def show(self, status=200, **context):
        defaults = {"problems": [], "preview": [], "token": "", "saved": None, "file_error": ""}
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
        clean, problems = importer.check(rows, partnership)
        if problems:
            return self.show(400, form=form, problems=problems)
        if not clean:
            return self.show(
                400, form=form, file_error="The file has no rows of values under its header."
            )
        token = signing.dumps(
            {"partnership": partnership.pk, "rows": clean}, salt=SIGNING_SALT, compress=True
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
        saved = importer.commit(clean, partnership)
        return self.show(form=form, saved=saved, partnership=partnership)


import_values = ImportValuesView.as_view()


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
