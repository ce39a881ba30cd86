"""Moving in: a folder or zip of a partnership's old PDFs becomes draft publication pages.

For each PDF: the file is checked (publications.validators and pdf_check), a
document is stored in the partnership's "Public documents" with its size and
page count, and a DRAFT page of the likely kind is made under the
partnership's publications index, with its title, publication date, period
and summary read from the PDF (its properties and first page). Whatever the
importer had to guess is noted for a person to check; nothing is published
(pages go through the partnership's approval workflow like any other).

A manifest (CSV, one row per file, a ``file`` column and any page field as
the others) sets or corrects any of it. The same file twice (same content)
is recognised by its hash and skipped.
"""

import contextlib
import csv
import hashlib
import io
import os
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from publications.models import (
    AnnualReportPage,
    FrameworkPage,
    PlanPage,
    PublicationDocument,
    PublicationDocumentLink,
    PublicationIndexPage,
    ReviewFindingsPage,
    StandardPublicationPage,
)
from publications.validators import validate_document_file
from site_core import tenancy
from site_core.editor_checks import looks_like_file_name
from site_core.models import Partnership

from .models import ImportedFile, ImportRun

# A zip member larger than this is left out (and said so): a guard against
# archives that expand to far more than they weigh.
MAX_PDF_BYTES = 100 * 1024 * 1024

Outcome = ImportedFile.Outcome

TYPES = {
    "annual-report": AnnualReportPage,
    "plan": PlanPage,
    "review": ReviewFindingsPage,
    "framework": FrameworkPage,
    "other": StandardPublicationPage,
}

REVIEW_TYPES = [
    (r"serious case review|\bscr\b", "scr"),
    (r"practice review|\bl?cspr\b", "cspr"),
    (r"rapid review", "rapid_review"),
    (r"peer review", "peer_review"),
    (r"joint targeted area inspection|\bjtai\b", "jtai"),
    (r"section 11\b", "section_11"),
    (r"section 17[5]|section 157", "section_175"),
    (r"multi[- ]agency audit", "multi_agency_audit"),
    (r"inspection", "inspection"),
]

# "2019-20", "2019/20", "2019 to 2020", "2019-2020", and with an en or em dash
YEAR_SPAN = re.compile(r"\b(20\d\d|19\d\d)\s*(?:-|/|\u2013|\u2014|to)\s*(\d{4}|\d{2})\b")
SINGLE_YEAR = re.compile(r"\b(20\d\d)\b")
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]  # fmt: skip
DATE_IN_TEXT = re.compile(
    r"\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?(" + "|".join(MONTHS) + r")\s+(20\d\d)\b", re.IGNORECASE
)


class CannotImport(Exception):
    """An import that cannot start: a message for the person who asked."""


@dataclass
class Source:
    name: str
    read: object  # () -> bytes
    size: int
    modified: date | None = None


# -- Where the PDFs come from ---------------------------------------------------


def sources(path):
    """The PDFs of a folder (recursively) or a zip, in name order."""
    path = Path(path)
    if path.is_dir():
        found = []
        for file in sorted(path.rglob("*"), key=lambda p: str(p).lower()):
            if not file.is_file() or file.name.startswith("."):
                continue
            stat = file.stat()
            found.append(
                Source(
                    str(file.relative_to(path)),
                    file.read_bytes,
                    stat.st_size,
                    date.fromtimestamp(stat.st_mtime),
                )
            )
        return found
    if path.is_file() and zipfile.is_zipfile(path):
        return zip_sources(zipfile.ZipFile(path))
    raise CannotImport(f"{path} is neither a folder nor a zip file.")


def zip_sources(archive):
    found = []
    for info in sorted(archive.infolist(), key=lambda i: i.filename.lower()):
        name = info.filename
        if info.is_dir() or "__MACOSX" in name or os.path.basename(name).startswith("."):
            continue
        found.append(
            Source(
                name,
                (lambda info=info: archive.read(info)),
                info.file_size,
                date(*info.date_time[:3]) if info.date_time[0] >= 1980 else None,
            )
        )
    return found


def read_manifest(text):
    """{file name: {column: value}} from CSV text; keys are the name as given and its base name."""
    if not text:
        return {}
    rows = {}
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames or "file" not in [name.strip().lower() for name in reader.fieldnames]:
        raise CannotImport("The manifest needs a 'file' column naming each PDF.")
    for row in reader:
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        name = row.pop("file", "")
        if name:
            rows[name] = row
            rows.setdefault(os.path.basename(name), row)
    return rows


# -- Reading a PDF ------------------------------------------------------------------


def _clean_title(text):
    text = re.sub(r"^microsoft (word|powerpoint) - ", "", text.strip(), flags=re.IGNORECASE)
    text = re.sub(r"\.(pdf|docx?)$", "", text, flags=re.IGNORECASE)
    return " ".join(text.split())[:255]


def _lines(text):
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def title_for(name, check):
    """(title, note or None): the PDF's title, its first line, or its file name."""
    title = _clean_title(check.title)
    if title and not looks_like_file_name(title) and len(title) > 3:
        return title, None
    lines = _lines(check.first_page_text)
    if lines and 3 < len(lines[0]) <= 150:
        return lines[0], "The title was read from the first page: check it."
    stem = os.path.splitext(os.path.basename(name))[0]
    words = re.sub(r"[_\-.]+", " ", stem).strip()
    return (words[:1].upper() + words[1:] or "Untitled document"), (
        "The document has no title, so the title was made from the file name: check it."
    )


def summary_for(check, title):
    """(summary, note or None): the PDF's subject, or the first sentences after the title."""
    if len(check.subject) >= 30:
        return check.subject[:600], None
    lines = _lines(check.first_page_text)
    if lines and lines[0] == title:
        lines = lines[1:]
    text = " ".join(lines)
    if title and text.lower().startswith(title.lower()):
        text = text[len(title) :].lstrip(" .:-")
    sentences = re.findall(r"[^.!?]*[A-Za-z][^.!?]*[.!?]", text)
    summary = ""
    for sentence in sentences:
        if len(summary) + len(sentence) > 400:
            break
        summary += sentence
    summary = summary.strip()
    if len(summary) >= 40:
        return summary, None  # read from the page: the editor reads it before submitting
    return (
        f"{title}, imported from the partnership's previous website.",
        "No summary could be read from the document: write two or three plain sentences.",
    )


def years_in(text):
    """(first year, last year) of a span such as 2019-20, or (year, None), or (None, None)."""
    match = YEAR_SPAN.search(text)
    if match:
        first = int(match.group(1))
        last = match.group(2)
        last = int(last) if len(last) == 4 else (first // 100) * 100 + int(last)
        if first <= last <= first + 10:
            return first, last
    match = SINGLE_YEAR.search(text)
    return (int(match.group(1)), None) if match else (None, None)


def date_in_text(text):
    match = DATE_IN_TEXT.search(text or "")
    if not match:
        return None
    day = int(match.group(1) or 1)
    month = MONTHS.index(match.group(2).lower()) + 1
    try:
        return date(int(match.group(3)), month, day)
    except ValueError:
        return None


def classify(title, name, text):
    """(page model, fields, notes): the likely kind of publication and what follows from it."""
    words = f"{title} {os.path.basename(name)}".lower().replace("_", " ")
    first, last = years_in(words)
    notes = []
    if re.search(r"young (people|person)|easy read|children'?s version", words):
        notes.append(
            "This looks like a young person's or easy read version: make it one, linked to "
            "the full publication, or keep it as a standard publication."
        )
        return StandardPublicationPage, {}, notes
    if "annual report" in words:
        if first is None:
            notes.append(
                "This looks like an annual report but no reporting year was found: make it "
                "an annual report with its year, or keep it as a standard publication."
            )
            return StandardPublicationPage, {}, notes
        # The statutory year runs April to March (AnnualReportPage's own default).
        return (
            AnnualReportPage,
            {
                "reporting_year": first,
                "period_start": date(first, 4, 1),
                "period_end": date(first + 1, 3, 31),
            },
            notes,
        )
    fields = {}
    if first and last:
        fields = {"period_start": date(first, 4, 1), "period_end": date(last, 3, 31)}
        notes.append("The period was read from the title as April to March: check the dates.")
    if re.search(r"\bplan\b|\bstrategy\b", words):
        return PlanPage, fields, notes
    for pattern, review_type in REVIEW_TYPES:
        if re.search(pattern, words):
            notes.append("Fill in who carried out the review.")
            return (
                ReviewFindingsPage,
                {**fields, "review_type": review_type, "carried_out_by": "Not yet recorded"},
                notes,
            )
    if re.search(r"framework|protocol|memorandum of understanding|\bmou\b", words):
        return FrameworkPage, fields, notes
    notes.append(
        "The kind of publication was not clear, so this is a standard publication: check it, "
        "or recreate it as an annual report, plan, review or framework."
    )
    return StandardPublicationPage, fields, notes


# -- The manifest's corrections ------------------------------------------------------


def _field_value(model, column, value):
    """``value`` converted for ``model``'s field ``column``; ValidationError if it cannot be."""
    field = model._meta.get_field(column)
    if field.is_relation or not field.editable or field.primary_key:
        raise ValidationError(f"'{column}' cannot be set from a manifest.")
    if isinstance(field, models.DateField) and value:
        for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"):
            try:
                return datetime.strptime(value, pattern).date()
            except ValueError:
                continue
        raise ValidationError(f"'{value}' in '{column}' is not a date such as 2021-03-31.")
    if value == "" and field.null:
        return None
    return field.to_python(value)


def apply_manifest(model, fields, row, notes):
    """Manifest columns override what was read; bad values are noted, not fatal."""
    for column, value in row.items():
        if column in ("type", "skip") or value == "":
            continue
        try:
            fields[column] = _field_value(model, column, value)
        except Exception as error:
            message = error.messages[0] if isinstance(error, ValidationError) else None
            notes.append(
                f"Manifest column '{column}' was not used: "
                f"{message or 'this kind of page has no such field.'}"
            )


# -- Importing ----------------------------------------------------------------------


def partnership_by_name(value):
    """A partnership by short name, host name or id, as the command's --partnership."""
    value = (value or "").strip()
    found = Partnership.objects.filter(short_name__iexact=value).first()
    if found is None:
        found = Partnership.objects.filter(site__hostname__iexact=value).first()
    if found is None and value.isdecimal():
        found = Partnership.objects.filter(pk=int(value)).first()
    if found is None:
        names = ", ".join(Partnership.objects.values_list("short_name", flat=True))
        raise CannotImport(f"No partnership called '{value}'. Known: {names or 'none'}.")
    return found


def publications_index(partnership):
    home = partnership.site.root_page
    index = PublicationIndexPage.objects.descendant_of(home).first()
    if index is None:
        raise CannotImport(
            f"{partnership.name} has no Publications page to import into: add one under its "
            "home page (add_partnership makes one) and try again."
        )
    return index


def partnership_documents(partnership):
    """The documents in the partnership's collections (its own and those inside it)."""
    return PublicationDocument.objects.filter(
        collection__path__startswith=partnership.collection.path
    )


def _unique_slug(parent, title):
    base = slugify(title)[:70] or "publication"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


class Importer:
    """Runs one ImportRun: call ``run()``; ``progress(done, total)`` is told after each file."""

    def __init__(self, run, progress=None):
        self.run = run
        self.partnership = run.partnership
        self.progress = progress or (lambda done, total: None)
        self.seen = set()

    def _sources(self):
        if self.run.archive:
            self.run.archive.open("rb")
            return zip_sources(zipfile.ZipFile(self.run.archive.file))
        return sources(self.run.source_path)

    def execute(self):
        run = self.run
        try:
            manifest = read_manifest(run.manifest)
            self.index = publications_index(self.partnership)
            self.collection = tenancy.public_documents_collection(self.partnership)
            found = self._sources()
        except (CannotImport, zipfile.BadZipFile, OSError) as error:
            run.status, run.error = ImportRun.Status.FAILED, str(error)
            run.finished_at = timezone.now()
            run.save()
            return run
        run.status, run.total, run.processed = ImportRun.Status.RUNNING, len(found), 0
        run.save(update_fields=["status", "total", "processed"])
        for source in found:
            row = manifest.get(source.name) or manifest.get(os.path.basename(source.name)) or {}
            try:
                self.import_one(source, row)
            except Exception as error:
                ImportedFile.objects.create(
                    run=run,
                    file_name=source.name,
                    outcome=Outcome.REFUSED,
                    notes=[f"Could not be imported ({type(error).__name__}): {error}"],
                )
            run.processed += 1
            ImportRun.objects.filter(pk=run.pk).update(processed=run.processed)
            self.progress(run.processed, run.total)
        run.status, run.finished_at = ImportRun.Status.DONE, timezone.now()
        run.save(update_fields=["status", "finished_at"])
        return run

    def record(self, source, outcome, notes, **fields):
        return ImportedFile.objects.create(
            run=self.run, file_name=source.name, outcome=outcome, notes=notes, **fields
        )

    def import_one(self, source, row):
        if row.get("skip", "").lower() in ("yes", "y", "true", "1"):
            return self.record(source, Outcome.SKIPPED, ["Left out by the manifest."])
        if not source.name.lower().endswith(".pdf"):
            return self.record(source, Outcome.SKIPPED, ["Not a PDF, so left out."])
        if source.size > MAX_PDF_BYTES:
            return self.record(source, Outcome.REFUSED, ["Larger than 100 MB, so left out."])
        data = source.read()
        digest = hashlib.sha1(data).hexdigest()  # noqa: S324 - Wagtail's file_hash is SHA-1
        existing = partnership_documents(self.partnership).filter(file_hash=digest).first()
        if existing is not None or digest in self.seen:
            what = f"“{existing.title}”" if existing else "another file in this import"
            return self.record(
                source,
                Outcome.SKIPPED,
                [f"The same file is already here as {what}."],
                content_hash=digest,
                document=existing,
            )
        self.seen.add(digest)
        try:
            facts = validate_document_file(ContentFile(data, name=source.name), source.name)
        except ValidationError as error:
            return self.record(source, Outcome.REFUSED, error.messages, content_hash=digest)
        check = facts["pdf_check"]
        with transaction.atomic():
            return self._create(source, row, data, digest, check)

    def _create(self, source, row, data, digest, check):
        title, note = title_for(source.name, check)
        notes = [note] if note else []
        if row.get("title"):
            title, notes = row["title"], []
        model, fields, kind_notes = classify(title, source.name, check.first_page_text)
        if row.get("type"):
            chosen = TYPES.get(row["type"].lower())
            if chosen is None:
                notes.append(
                    f"Manifest type '{row['type']}' is not one of {', '.join(TYPES)}: ignored."
                )
            else:
                if chosen is not model:
                    fields = {}
                model, kind_notes = chosen, []
        notes += kind_notes
        summary, note = summary_for(check, title)
        if note:
            notes.append(note)
        published = None
        if check.created:
            published = check.created.date()
        if published is None:
            published = date_in_text(check.first_page_text)
            if published:
                notes.append("The publication date was read from the first page: check it.")
        if published is None:
            published = source.modified or timezone.localdate()
            notes.append("No publication date in the document: the file's date was used.")
        fields = {"title": title, "summary": summary, "publication_date": published, **fields}
        if model is FrameworkPage:
            fields.setdefault("purpose", summary[:1000])
        apply_manifest(model, fields, row, notes)
        if row.get("summary"):
            notes = [n for n in notes if "summary" not in n.lower()]
        if row.get("publication_date"):
            notes = [n for n in notes if "publication date" not in n.lower()]
        if model is ReviewFindingsPage and row.get("carried_out_by"):
            notes = [n for n in notes if "carried out" not in n]

        document = PublicationDocument(title=fields["title"][:255], collection=self.collection)
        document.file.save(os.path.basename(source.name), ContentFile(data), save=False)
        document.file_size, document.file_hash = len(data), digest
        document.apply_check(check, digest)
        document.save()

        page = model(**fields, live=False, slug=_unique_slug(self.index, fields["title"]))
        page.documents = [PublicationDocumentLink(document=document)]
        page.full_clean = _clean_later(page)  # the editor's form checks it; keep the draft
        self.index.add_child(instance=page)
        page.save_revision(user=self.run.started_by, log_action=True)
        # Accessibility problems are listed in their own report: a note, not "attention".
        extra = [] if check.passes else [f"Accessibility: {check.message}"]
        return self.record(
            source,
            Outcome.NEEDS_ATTENTION if notes else Outcome.CREATED,
            notes + extra,
            content_hash=digest,
            page=page,
            document=document,
            page_type=str(model._meta.verbose_name),
            title=fields["title"][:255],
            accessibility=document.get_accessibility_status_display(),
        )


def _clean_later(page):
    """Page.save runs full_clean; a manifest may leave a value the editor must fix,
    so run the model's own defaulting (clean) but let field errors wait for the
    editor's form."""
    original = type(page).full_clean

    def full_clean(*args, **kwargs):
        with contextlib.suppress(ValidationError):
            original(page, *args, **kwargs)

    return full_clean


def start(partnership, user=None, path="", archive=None, manifest_text="", source_name=""):
    """A queued ImportRun."""
    run = ImportRun(
        partnership=partnership,
        started_by=user,
        source_name=source_name or os.path.basename(str(path).rstrip("/")) or "upload",
        source_path=str(path),
        manifest=manifest_text,
    )
    if archive is not None:
        run.archive.save(os.path.basename(archive.name), archive, save=False)
    run.save()
    return run
