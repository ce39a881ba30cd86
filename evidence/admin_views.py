"""The spreadsheet import in the admin: upload, check every row, preview, confirm.

The checked rows travel from the preview to the confirmation signed (so a
hand-edited form cannot change them) and are checked again before saving.
"""

from django import forms
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse

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


def import_values(request):
    _allowed(request)
    context = {"problems": [], "preview": [], "token": "", "saved": None, "file_error": ""}
    status = 200
    if request.method == "POST" and "token" in request.POST:
        form = ImportForm(user=request.user)
        try:
            payload = signing.loads(request.POST["token"], salt=SIGNING_SALT, max_age=60 * 60)
        except signing.BadSignature:
            context["file_error"] = (
                "This preview has expired or was changed. Upload the file again."
            )
            return TemplateResponse(
                request, "evidence/admin/import.html", {**context, "form": form}, status=400
            )
        partnership = partnerships_for(request.user).filter(pk=payload["partnership"]).first()
        if partnership is None:
            raise PermissionDenied
        rows = [(r["row"], {**r, "indicator": r["indicator"]}) for r in payload["rows"]]
        clean, problems = importer.check(rows, partnership)
        if problems:
            context["problems"] = problems
            status = 400
        else:
            context["saved"] = importer.commit(clean, partnership)
            context["partnership"] = partnership
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            partnership = form.cleaned_data["partnership"]
            try:
                rows = importer.read_rows(form.cleaned_data["file"])
            except importer.ImportFileError as error:
                context["file_error"] = str(error)
                status = 400
            else:
                clean, problems = importer.check(rows, partnership)
                if problems:
                    context["problems"] = problems
                    status = 400
                elif not clean:
                    context["file_error"] = "The file has no rows of values under its header."
                    status = 400
                else:
                    context["preview"] = clean
                    context["partnership"] = partnership
                    context["token"] = signing.dumps(
                        {"partnership": partnership.pk, "rows": clean},
                        salt=SIGNING_SALT,
                        compress=True,
                    )
        else:
            status = 400
    else:
        form = ImportForm(user=request.user)
    context["form"] = form
    context["columns"] = importer.COLUMNS
    return TemplateResponse(request, "evidence/admin/import.html", context, status=status)


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
