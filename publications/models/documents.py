"""Documents with the facts readers need before they download one."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from wagtail.documents import get_document_model_string
from wagtail.documents.models import AbstractDocument, Document
from wagtail.search import index

from .. import pdf_check
from ..validators import pdf_page_count, validate_document_file

TYPE_LABELS = {
    "pdf": "PDF",
    "docx": "Word document",
    "odt": "OpenDocument text",
    "ods": "OpenDocument spreadsheet",
    "xlsx": "Excel spreadsheet",
    "pptx": "PowerPoint presentation",
    "rtf": "Rich Text document",
    "csv": "CSV spreadsheet",
    "txt": "Plain text",
}


class PublicationDocument(AbstractDocument):
    """Wagtail's document, with its page count and whether it is fully accessible.

    Type, size and page count are worked out from the file when it is uploaded;
    editors cannot type them in wrongly.
    """

    # Not ticked until someone (or the PDF check) has found the document meets
    # the standard: ticked by default, every unchecked upload claimed it did.
    fully_accessible = models.BooleanField(
        default=False,
        help_text="Tick only once the document has been checked and meets WCAG 2.2 AA (a "
        "scanned PDF without tags does not). Until then readers are offered a form to request "
        "an accessible format.",
    )
    accessibility_note = models.CharField(
        max_length=250,
        blank=True,
        help_text="Shown next to the link when the document is not fully accessible, e.g. "
        "'The charts have no text description'.",
    )
    page_count = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text="Worked out from PDFs on upload."
    )

    # The accessibility check (publications.pdf_check), run when a PDF's file
    # changes: its outcome sets fully_accessible, so the public document line
    # offers "Request an accessible format" from the file itself.
    class AccessibilityStatus(models.TextChoices):
        NOT_CHECKED = "not_checked", "Not checked"
        PASSES = pdf_check.PASSES, "No problems found"
        FAILS = pdf_check.FAILS, "Problems found"
        UNREADABLE = pdf_check.UNREADABLE, "Could not be read"

    accessibility_status = models.CharField(
        max_length=12,
        choices=AccessibilityStatus.choices,
        default=AccessibilityStatus.NOT_CHECKED,
        editable=False,
        db_index=True,
    )
    accessibility_problems = models.JSONField(
        default=list, blank=True, editable=False, help_text="Codes from publications.pdf_check."
    )
    accessibility_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    accessibility_checked_hash = models.CharField(
        max_length=40, blank=True, editable=False, help_text="The file_hash that was checked."
    )

    # The words of the file, read off the request by a task after each upload
    # or replacement (publications.document_text), for site search.
    text = models.TextField(blank=True, editable=False)
    text_hash = models.CharField(
        max_length=40, blank=True, editable=False, help_text="The file_hash the text was read from."
    )

    # Whether anyone may open, list and search the document: worked out from
    # what uses it (publications.publicity), never typed in.
    public = models.BooleanField(
        default=False,
        editable=False,
        db_index=True,
        help_text="Public while a live public page or a public meeting uses it, or once an "
        "Approver has published it on its own.",
    )
    published_on_its_own = models.BooleanField(
        "publish on its own",
        default=False,
        help_text="Only an Approver of the partnership may tick this. It makes the document "
        "public even though no published page or public meeting uses it.",
    )

    admin_form_fields = (
        *Document.admin_form_fields,
        "fully_accessible",
        "accessibility_note",
        "published_on_its_own",
    )

    search_fields = [
        *AbstractDocument.search_fields,
        index.SearchField("public_text"),
        index.FilterField("public"),
    ]

    def public_text(self):
        """The file's words, only while anyone may open the document.

        A draft's document, an unused upload and a members' paper give search
        nothing to match, so neither site search nor the API's ``?search=``
        can reveal what they say. (Site search and the API also filter on
        ``public`` when they ask: the second lock.)"""
        return self.text if self.public else ""

    class Meta(AbstractDocument.Meta):
        verbose_name = "document"

    def clean(self):
        if not self.file:
            # Wagtail's multiple uploader checks the file when it arrives and
            # attaches it only after this form's validation: Wagtail's
            # extension check would fail on the empty name and report it on a
            # "file" field that form does not have (a ValueError, and an
            # Update button that spins for ever).
            return
        # Content first: its messages say more than the extension check's.
        if not getattr(self.file, "_committed", True):
            try:
                facts = validate_document_file(self.file.file, self.file.name)
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from error
            self._page_count = facts.get("page_count")
            self._pdf_check = facts.get("pdf_check")
        super().clean()

    def save(self, *args, **kwargs):
        new_file = bool(self.file) and not getattr(self.file, "_committed", True)
        if self.file and (new_file or self.file_size is None):
            try:
                self.file_size = self.file.size
            except (OSError, ValueError):
                self.file_size = None
        if new_file:
            self.page_count = getattr(self, "_page_count", None)
        if self.file and self.file_extension.lower() == "pdf":
            self._check_accessibility(new_file)
        if self.accessibility_status in (
            self.AccessibilityStatus.FAILS,
            self.AccessibilityStatus.UNREADABLE,
        ):
            self.fully_accessible = False  # the check found problems: readers may ask
        if self.file and self.page_count is None and self.file_extension.lower() == "pdf":
            self.page_count = self._count_pages()
        super().save(*args, **kwargs)

    # -- the accessibility check --------------------------------------------------

    def _read(self):
        if not getattr(self.file, "_committed", True):
            handle = self.file.file
            position = handle.tell() if hasattr(handle, "tell") else 0
            handle.seek(0)
            data = handle.read()
            handle.seek(position)
            return data
        with self.open_file() as handle:
            return handle.read()

    def _check_accessibility(self, new_file):
        """Check the PDF when its file is new or differs from the one last checked."""
        result, self._pdf_check = getattr(self, "_pdf_check", None), None
        try:
            data = self._read()
        except (OSError, ValueError):
            return
        digest = hashlib.sha1(data).hexdigest()  # noqa: S324 - as Wagtail's file_hash
        if result is None:
            if not new_file and self.accessibility_checked_hash == digest:
                return
            result = pdf_check.inspect(data)
        self.apply_check(result, digest)

    def apply_check(self, result, digest=""):
        """Store ``result`` (a pdf_check.CheckResult) and set fully_accessible from it."""
        self.accessibility_status = result.status
        self.accessibility_problems = list(result.problems)
        self.accessibility_checked_at = timezone.now()
        self.accessibility_checked_hash = digest or self.file_hash or ""
        if not self.file_hash and digest:
            self.file_hash = digest
        self.fully_accessible = result.passes
        if result.page_count is not None:
            self.page_count = result.page_count

    @property
    def accessibility_guidance(self):
        """[(problem, how to fix it), ...] for editors."""
        if self.accessibility_status == self.AccessibilityStatus.UNREADABLE:
            return []
        return pdf_check.guidance(self.accessibility_problems)

    def _count_pages(self):
        try:
            with self.open_file() as handle:
                data = handle.read()
        except (OSError, ValueError):
            return None
        try:
            return pdf_page_count(data)
        except ValueError:
            return None

    @property
    def type_label(self):
        return TYPE_LABELS.get(self.file_extension.lower(), self.file_extension.upper())

    @property
    def description(self):
        """'PDF, 1.2 MB, 24 pages': what a reader needs before downloading."""
        parts = [self.type_label]
        if self.file_size:
            parts.append(filesizeformat(self.file_size).replace("\xa0", " "))
        if self.page_count:
            parts.append(f"{self.page_count} page{'s' if self.page_count != 1 else ''}")
        return ", ".join(parts)


class AccessibleFormatRequest(models.Model):
    """A reader's request for a document in a format they can use."""

    partnership_lookup = "partnership"  # only its own partnership's staff see it
    admin_search_fields = ["name", "email"]

    class Format(models.TextChoices):
        ACCESSIBLE_PDF = "accessible_pdf", "Accessible PDF"
        WORD = "word", "Word document"
        LARGE_PRINT = "large_print", "Large print"
        EASY_READ = "easy_read", "Easy read"
        BRAILLE = "braille", "Braille"
        AUDIO = "audio", "Audio"
        OTHER = "other", "Something else"

    document = models.ForeignKey(
        get_document_model_string(),
        on_delete=models.CASCADE,
        related_name="format_requests",
    )
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    partnership = models.ForeignKey(
        "site_core.Partnership",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The partnership whose site the reader asked on.",
    )
    name = models.CharField(max_length=100)
    email = models.EmailField(help_text="Where to send the accessible version.")
    format = models.CharField(max_length=20, choices=Format.choices)
    details = models.TextField(
        max_length=1000, blank=True, help_text="Anything that helps us get it right for you."
    )
    received_at = models.DateTimeField(auto_now_add=True)
    handled = models.BooleanField(
        default=False, help_text="Tick when the reader has been sent what they asked for."
    )

    class Meta:
        ordering = ["handled", "-received_at"]
        verbose_name = "accessible format request"

    def __str__(self):
        return f"{self.get_format_display()} of “{self.document}” for {self.name}"
