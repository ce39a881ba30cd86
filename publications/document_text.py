"""The words inside documents, for site search.

When a document is saved, a task reads its PDF's text with pypdf and stores it
on the document (``PublicationDocument.text``), then re-indexes the document.
Reading a long PDF takes seconds, so it runs off the request: with the
database task queue the worker does it; the task row is written in the same
transaction as the document, so it never runs for a save that was rolled back.
A save that did not change the file (a new title, a move between collections)
finds the same hash and reads nothing.

What search may match is decided when the document is indexed and again when
site search asks (``PublicationDocument.public_text``, ``search_documents``):
members' papers are never matched on their words.
"""

import hashlib
import logging
import re
from io import BytesIO

from django.db.models.signals import post_save
from django.tasks import task
from wagtail.documents import get_document_model

from governance.models.meetings import exclude_members_papers
from site_core.boundary import partnership_id_of
from site_core.models import Partnership
from site_core.search import SearchHit
from site_core.signals import public_content_changed

logger = logging.getLogger(__name__)

# Enough for the longest annual report; bounds the index row a scanned-and-OCRed
# 500-page bundle would make.
MAX_CHARACTERS = 300_000
_SPACE = re.compile(r"\s+")


def pdf_text(data):
    """The words of a PDF (``data``, bytes), one space between them; "" if unreadable."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if b"%PDF-" not in data[:1024]:
        return ""  # named .pdf, but not a PDF
    try:
        reader = PdfReader(BytesIO(data))
        parts = []
        size = 0
        for page in reader.pages:
            words = _SPACE.sub(" ", (page.extract_text() or "").replace("\x00", " ")).strip()
            parts.append(words)
            size += len(words) + 1
            if size >= MAX_CHARACTERS:
                break
    except (PyPdfError, ValueError, TypeError, KeyError, OSError, RecursionError):
        return ""
    except Exception:  # a malformed PDF must never stop a save or the worker
        logger.warning("Could not read the text of a PDF", exc_info=True)
        return ""
    return " ".join(p for p in parts if p)[:MAX_CHARACTERS]


@task()
def read_document_text(document_id, force=False):
    """Store the words of document ``document_id``'s file, and index them
    (unless that file was read already and ``force`` is not set)."""
    from wagtail.search.index import insert_or_update_object

    Document = get_document_model()
    document = Document.objects.filter(pk=document_id).first()
    if document is None or not document.file:
        return
    try:
        with document.open_file() as handle:
            data = handle.read()
    except (OSError, ValueError):
        logger.warning("Could not open document %s to read its text", document_id)
        return
    digest = hashlib.sha1(data).hexdigest()  # noqa: S324 - as Wagtail's file_hash
    if digest == document.text_hash and not force:
        return
    text = pdf_text(data) if document.file_extension.lower() == "pdf" else ""
    # update(), not save(): no second post_save, so no second task.
    Document.objects.filter(pk=document_id).update(text=text, text_hash=digest)
    changed = text != document.text
    document.text, document.text_hash = text, digest
    insert_or_update_object(document)
    if changed:
        # A search answered (and kept at the edge) between the upload and
        # now did not know these words.
        public_content_changed.send(
            sender=type(document), partnership_id=partnership_id_of(document)
        )


def _read_after_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:  # loaddata, e.g. restoring a backup
        return
    if update_fields is not None and "file" not in update_fields:
        return  # e.g. Wagtail storing the file hash
    read_document_text.enqueue(instance.pk)


def connect_signals():
    post_save.connect(
        _read_after_save,
        sender=get_document_model(),
        dispatch_uid="publications.read_document_text",
    )


# -- Site search --------------------------------------------------------------

DOCUMENT_RESULTS_LIMIT = 50
EXCERPT_CHARACTERS = 100


def public_collections(partnership):
    """The partnership's collections that nobody needs to sign in to read."""
    from wagtail.models import Collection, CollectionViewRestriction

    own = partnership.collection
    if own is None:
        return Collection.objects.none()
    restricted = CollectionViewRestriction.objects.values_list("collection__path", flat=True)
    collections = Collection.objects.descendant_of(own, inclusive=True)
    for path in restricted:
        # A restriction covers its collection and everything under it.
        collections = collections.exclude(path__startswith=path)
    return collections


def excerpt(text, words):
    """A few words of ``text`` around the first of ``words`` found, or ""."""
    lowered = text.lower()
    found = [i for i in (lowered.find(w.lower()) for w in words) if i >= 0]
    if not found:
        return ""
    start = max(0, min(found) - EXCERPT_CHARACTERS)
    end = min(len(text), min(found) + EXCERPT_CHARACTERS)
    return f"{'…' if start else ''}{text[start:end].strip()}{'…' if end < len(text) else ''}"


def search_documents(request, site, words):
    """The partnership's public documents whose title or words match (search_records hook)."""
    words = [w for w in words if w]
    if not words:
        return []
    return _documents(site, words)


def _documents(site, words):

    partnership = Partnership.for_site(site)
    collections = list(public_collections(partnership).values_list("pk", flat=True))
    # Public ones only: a draft's or an unused upload's words are never matched.
    documents = exclude_members_papers(
        get_document_model().objects.filter(collection__in=collections, public=True)
    )
    hits = []
    for document in documents.search(" ".join(words), operator="and")[:DOCUMENT_RESULTS_LIMIT]:
        found_in = excerpt(document.text, words)
        hits.append(
            SearchHit(
                title=document.title,
                url=document.url,
                kind="Document",
                summary=f"{document.description}. {found_in}" if found_in else document.description,
            )
        )
    return hits
