"""Admin views for moving in: upload a zip, follow its progress, read its report,
the accessibility report, and "HTML first" for an imported page.

Every view answers "which partnership?": imports and documents are those of
the partnerships the user is an Editor or Approver of (superusers: all).
"""

import zipfile

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.models import Page

from publications.models import PublicationDocument, PublicationPage
from site_core import tenancy
from site_core.admin_pages import SiteAdminPageMixin
from site_core.models import Partnership
from site_core.roles import Role

from . import html_first
from .importer import read_manifest, start
from .models import ImportRun
from .tasks import run_import

IMPORT_ROLES = (Role.EDITORS, Role.APPROVERS)
MAX_ZIP_BYTES = 500 * 1024 * 1024


def importable_partnerships(user):
    """The partnerships ``user`` may import into: those they edit or approve for."""
    if user.is_superuser:
        return Partnership.objects.order_by("name")
    ids = [
        partnership.pk
        for partnership in tenancy.partnerships_for(user)
        if tenancy.has_role(user, partnership, *IMPORT_ROLES)
    ]
    return Partnership.objects.filter(pk__in=ids).order_by("name")


def can_import(user):
    return importable_partnerships(user).exists()


def visible_runs(user):
    return ImportRun.objects.filter(partnership__in=importable_partnerships(user))


class ImportForm(forms.Form):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        empty_label=None,
        help_text="Pages and documents go to this partnership's site and collection.",
    )
    archive = forms.FileField(
        label="Zip of PDFs",
        help_text="A zip of the PDFs from the old site, in folders or not. Files that are not "
        "PDFs are listed and left out.",
    )
    manifest = forms.FileField(
        required=False,
        label="Manifest (optional)",
        help_text="A CSV with a 'file' column naming each PDF, then any page field to set "
        "or correct: title, type (annual-report, plan, review, framework, other), "
        "publication_date, period_start, period_end, reporting_year, summary; 'skip' "
        "with 'yes' leaves a file out.",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = importable_partnerships(user)

    def clean_archive(self):
        archive = self.cleaned_data["archive"]
        if archive.size > MAX_ZIP_BYTES:
            raise forms.ValidationError("The zip is larger than 500 MB: split it in two.")
        if not zipfile.is_zipfile(archive):
            raise forms.ValidationError(
                "This is not a zip file. Put the PDFs in a folder, compress it to a zip "
                "(right-click, Send to, Compressed folder) and upload that."
            )
        archive.seek(0)
        return archive

    def clean_manifest(self):
        manifest = self.cleaned_data.get("manifest")
        if not manifest:
            return ""
        try:
            text = manifest.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                "The manifest is not saved as UTF-8 text: save it as 'CSV UTF-8' and try again."
            ) from error
        try:
            read_manifest(text)
        except Exception as error:  # csv errors, a missing column
            raise forms.ValidationError(str(error)) from error
        return text


class ImportListView(SiteAdminPageMixin, FormView):
    """Start an import, and the imports so far."""

    page_title = "Import publications"
    header_icon = "upload"
    template_name = "moving_in/import_list.html"
    form_class = ImportForm

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["runs"] = visible_runs(self.request.user).select_related("partnership")[:50]
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        run = start(
            data["partnership"],
            user=self.request.user,
            archive=data["archive"],
            manifest_text=data["manifest"],
            source_name=data["archive"].name,
        )
        transaction.on_commit(lambda: run_import.enqueue(run.pk))
        messages.success(
            self.request,
            "The import has started. Pages are made as drafts: nothing is published.",
        )
        return redirect("moving_in:run", run.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RunView(SiteAdminPageMixin, TemplateView):
    page_title = "Import report"
    header_icon = "upload"
    template_name = "moving_in/run.html"

    def dispatch(self, request, pk):
        self.run = get_object_or_404(visible_runs(request.user), pk=pk)
        return super().dispatch(request, pk=pk)

    def get_page_subtitle(self):
        return str(self.run)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.run
        context.update(
            run=run,
            counts=run.counts(),
            files=run.files.select_related("page", "document"),
        )
        return context


class RunCSVView(View):
    def get(self, request, pk):
        run = get_object_or_404(visible_runs(request.user), pk=pk)
        response = HttpResponse(run.report_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-report.csv"'
        return response


def visible_documents(user):
    """Documents in the collections of the user's partnerships (all, for a superuser)."""
    documents = PublicationDocument.objects.all()
    if user.is_superuser:
        return documents
    from django.db.models import Q

    within = Q(pk__in=[])
    for partnership in tenancy.partnerships_for(user).select_related("collection"):
        if partnership.collection_id:
            within |= Q(collection__path__startswith=partnership.collection.path)
    return documents.filter(within)


class AccessibilityReportView(SiteAdminPageMixin, TemplateView):
    """Every document whose PDF check found problems, with how to fix each."""

    page_title = "Document accessibility"
    header_icon = "warning"
    template_name = "moving_in/accessibility_report.html"

    def dispatch(self, request, *args, **kwargs):
        if not tenancy.partnerships_for(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        failing = (
            visible_documents(self.request.user)
            .filter(accessibility_status__in=["fails", "unreadable"])
            .select_related("collection")
            .order_by("title")
        )
        context["documents"] = failing
        context["not_checked"] = (
            visible_documents(self.request.user)
            .filter(accessibility_status="not_checked", file__iendswith=".pdf")
            .count()
        )
        return context


def pdf_of(page):
    """The first attached PDF of a publication page (its latest draft), or None."""
    for link in page.documents.select_related("document"):
        if link.document.file_extension.lower() == "pdf":
            return link.document
    return None


class HtmlFirstView(View):
    """POST: the page's PDF text becomes the body of a new draft (after a confirmation GET)."""

    def dispatch(self, request, page_id):
        page = get_object_or_404(Page, pk=page_id).specific
        if not isinstance(page, PublicationPage):
            raise Http404
        if not page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        self.page = page
        return super().dispatch(request, page_id)

    def get(self, request, page_id):
        from django.template.response import TemplateResponse

        document = pdf_of(self.page.get_latest_revision_as_object())
        return TemplateResponse(
            request,
            "moving_in/html_first_confirm.html",
            {"page": self.page, "document": document, "has_body": bool(self.page.body)},
        )

    def post(self, request, page_id):
        edit_url = reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        document = pdf_of(self.page.get_latest_revision_as_object())
        if document is None:
            messages.error(request, "This page has no PDF attached to turn into text.")
            return redirect(edit_url)
        if document.accessibility_status == "unreadable":
            messages.error(request, "The PDF could not be read, so there is no text to use.")
            return redirect(edit_url)
        try:
            count = html_first.draft_body_from_document(self.page, document, request.user)
        except Exception:  # a PDF that cannot be read gives a message, never a 500
            count = 0
        if not count:
            messages.error(
                request,
                "No text could be read from the PDF (it may be scanned pictures of pages): "
                "write the page body by hand.",
            )
        else:
            messages.success(
                request,
                f"The PDF's text is now this page's draft body ({count} headings and "
                "paragraphs). Check it against the PDF, fix headings and lists, then submit "
                "it for approval.",
            )
        return redirect(edit_url)
