"""An accessibility check of a PDF: what an editor can see and fix before readers meet it.

The Public Sector Bodies Accessibility Regulations 2018 expect documents
published since September 2018 to be accessible. A program cannot prove a
PDF is accessible, but it can find the problems that make one unusable with
a screen reader, and each has a plain fix:

* tagged structure (``/MarkInfo /Marked`` and a ``/StructTreeRoot``);
* a title, set to show in the title bar (Info ``/Title`` and
  ``/ViewerPreferences /DisplayDocTitle``);
* a language (``/Lang``);
* real text rather than scanned pictures of pages (text extraction);
* bookmarks on long documents (more than ``LONG_DOCUMENT_PAGES`` pages);
* no scripts or actions that run on their own (JavaScript, ``/OpenAction``,
  ``/AA``, ``/Launch``).

``inspect(data)`` never raises: an empty, encrypted or damaged file comes back
as ``unreadable`` with one sentence saying what to do.
"""

import io
from dataclasses import dataclass, field

LONG_DOCUMENT_PAGES = 20
# Text is read from at most this many pages, spread through the document, so
# the check takes about the same time for 4 pages or 400.
TEXT_SAMPLE_PAGES = 8
# Fewer characters than this per sampled page reads as "pictures of pages".
MIN_CHARACTERS_PER_PAGE = 25

PASSES = "passes"
FAILS = "fails"
UNREADABLE = "unreadable"

# Actions that run something rather than move within the document.
RUNNING_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/Rendition"}

# code -> (what is wrong, how to fix it), in words an editor can act on.
PROBLEMS = {
    "untagged": (
        "It is not tagged, so screen readers cannot tell headings, lists and tables from "
        "the rest of the text.",
        "Use Word's built-in heading styles, then File, Save as, PDF, and under Options "
        "tick “Document structure tags for accessibility”. In Adobe Acrobat Pro use "
        "Accessibility, Autotag document.",
    ),
    "no_title": (
        "It has no document title, so the title bar and screen readers show the file name instead.",
        "In Word, fill in File, Info, Properties, Title, then save as PDF again. In Acrobat, "
        "File, Properties, Description, Title.",
    ),
    "title_not_shown": (
        "Its title is not set to show in the title bar (the file name shows instead).",
        "In Acrobat, File, Properties, Initial View, Show: Document Title. Word does this "
        "when it saves a document with a title as PDF.",
    ),
    "no_language": (
        "It does not say which language it is in, so screen readers may pronounce it wrongly.",
        "In Word, Review, Language, set the proofing language to English (United Kingdom) "
        "before saving as PDF. In Acrobat, File, Properties, Advanced, Language.",
    ),
    "no_text": (
        "It has no real text: its pages look like scanned pictures, so screen readers "
        "find nothing to read and nobody can search or copy it.",
        "Save the PDF from the original document instead of scanning a printout. If only "
        "a scan exists, run text recognition (in Acrobat: Scan & OCR, Recognize text) and "
        "check the result.",
    ),
    "no_bookmarks": (
        "It is a long document with no bookmarks, so readers cannot jump to a section.",
        "Use Word's heading styles and tick “Create bookmarks using: Headings” when saving as PDF.",
    ),
    "scripts": (
        "It contains scripts or actions that run when it is opened.",
        "Save a fresh copy without them, for example by printing it to PDF, or remove them "
        "in Acrobat (JavaScript, Document JavaScripts; and the document's actions).",
    ),
}

UNREADABLE_MESSAGES = {
    "empty": "The file is empty (0 bytes): check you chose the right file.",
    "not_pdf": "This file is not a PDF, although its name says it is: export it as a PDF "
    "and try again.",
    "encrypted": "This PDF is password-protected, so it cannot be checked and some readers "
    "cannot open it: save a copy without a password and use that.",
    "corrupt": "This PDF could not be read, so it may be damaged: save a fresh copy from "
    "the original document and use that.",
}


@dataclass
class CheckResult:
    status: str
    problems: list = field(default_factory=list)
    reason: str = ""  # for UNREADABLE: a key of UNREADABLE_MESSAGES
    page_count: int | None = None
    title: str = ""
    language: str = ""
    # What the importer reads to fill in a page: kept here so the file is parsed once.
    subject: str = ""
    created: object = None  # a datetime, when the PDF says
    first_page_text: str = ""

    @property
    def passes(self):
        return self.status == PASSES

    @property
    def message(self):
        """One sentence: the outcome, for a list or a log."""
        if self.status == UNREADABLE:
            return UNREADABLE_MESSAGES[self.reason]
        if self.status == PASSES:
            return "No problems found by the automatic check."
        return " ".join(PROBLEMS[code][0] for code in self.problems)


def guidance(codes):
    """[(problem, fix), ...] for stored problem codes, unknown codes skipped."""
    return [PROBLEMS[code] for code in codes if code in PROBLEMS]


def _resolve(value):
    try:
        return value.get_object() if hasattr(value, "get_object") else value
    except Exception:
        return None


def _runs_something(action):
    """True if ``action`` (an action dictionary, or a chain of them) runs code."""
    seen = 0
    while action is not None and seen < 50:
        action = _resolve(action)
        if not hasattr(action, "get"):
            return False
        if action.get("/S") in RUNNING_ACTIONS or "/JS" in action:
            return True
        following = _resolve(action.get("/Next"))
        if isinstance(following, list):
            return any(_runs_something(item) for item in following)
        action = following
        seen += 1
    return False


def _has_additional_actions(holder):
    actions = _resolve(holder.get("/AA")) if hasattr(holder, "get") else None
    if not hasattr(actions, "values"):
        return False
    return any(_runs_something(action) for action in actions.values())


def has_scripts(reader, data=b""):
    """JavaScript anywhere, or an action that runs when the file opens or a page shows."""
    if b"/JavaScript" in data or b"/JS " in data or b"/JS(" in data or b"/Launch" in data:
        return True  # the uncompressed cases, whatever holds them
    root = reader.trailer["/Root"]
    names = _resolve(root.get("/Names"))
    if hasattr(names, "get") and names.get("/JavaScript") is not None:
        return True
    if _runs_something(root.get("/OpenAction")) or _has_additional_actions(root):
        return True
    form = _resolve(root.get("/AcroForm"))
    if hasattr(form, "get"):
        for field_ref in _resolve(form.get("/Fields")) or []:
            if _has_additional_actions(_resolve(field_ref) or {}):
                return True
    for page in reader.pages:
        if _has_additional_actions(page):
            return True
        for annotation in _resolve(page.get("/Annots")) or []:
            annotation = _resolve(annotation)
            if not hasattr(annotation, "get"):
                continue
            if _runs_something(annotation.get("/A")) or _has_additional_actions(annotation):
                return True
    return False


def _sample_pages(count):
    if count <= TEXT_SAMPLE_PAGES:
        return list(range(count))
    step = count / TEXT_SAMPLE_PAGES
    return sorted({int(i * step) for i in range(TEXT_SAMPLE_PAGES)})


def _text(page):
    try:
        return page.extract_text() or ""
    except Exception:
        return ""


def open_pdf(data):
    """(PdfReader, None) or (None, reason) for bytes that should be a PDF."""
    from pypdf import PdfReader

    if not data:
        return None, "empty"
    if not data.lstrip()[:1024].startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        return None, "not_pdf"
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return None, "encrypted"
        len(reader.pages)  # reads the page tree: damage shows here
        reader.trailer["/Root"]
    except Exception:
        return None, "corrupt"
    return reader, None


def inspect(data):
    """Check PDF bytes; never raises."""
    reader, reason = open_pdf(data)
    if reader is None:
        return CheckResult(status=UNREADABLE, reason=reason)
    try:
        return _inspect(reader, data)
    except Exception:
        return CheckResult(status=UNREADABLE, reason="corrupt")


def _inspect(reader, data):
    root = reader.trailer["/Root"]
    problems = []
    mark_info = _resolve(root.get("/MarkInfo"))
    marked = hasattr(mark_info, "get") and bool(mark_info.get("/Marked"))
    if not (marked and root.get("/StructTreeRoot") is not None):
        problems.append("untagged")
    info = reader.metadata or {}
    title = str(info.get("/Title") or "").strip()
    if not title:
        problems.append("no_title")
    else:
        preferences = _resolve(root.get("/ViewerPreferences"))
        if not (hasattr(preferences, "get") and bool(preferences.get("/DisplayDocTitle"))):
            problems.append("title_not_shown")
    language = str(root.get("/Lang") or "").strip()
    if not language:
        problems.append("no_language")
    count = len(reader.pages)
    sampled = _sample_pages(count)
    texts = {index: _text(reader.pages[index]) for index in sampled}
    characters = sum(len("".join(text.split())) for text in texts.values())
    if count and characters < MIN_CHARACTERS_PER_PAGE * len(sampled):
        problems.append("no_text")
    if count > LONG_DOCUMENT_PAGES:
        try:
            outline = reader.outline
        except Exception:
            outline = []
        if not outline:
            problems.append("no_bookmarks")
    if has_scripts(reader, data):
        problems.append("scripts")
    created = None
    try:
        created = reader.metadata.creation_date if reader.metadata else None
    except Exception:
        created = None
    return CheckResult(
        status=FAILS if problems else PASSES,
        problems=problems,
        page_count=count,
        title=title,
        language=language,
        subject=str(info.get("/Subject") or "").strip(),
        created=created,
        first_page_text=texts.get(0, ""),
    )
