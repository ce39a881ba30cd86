"""Checks that an uploaded document is what its name says it is.

Wagtail's own check (``WAGTAILDOCS_EXTENSIONS``) looks at the file name only,
so a web page or a program renamed to ``report.pdf`` would get through. Here
the content is read and must match the extension; markup and executables are
refused whatever they are called.
"""

import io
import os
import zipfile

from django.core.exceptions import ValidationError

from .pdf_check import UNREADABLE, inspect

# Never accepted, whatever the settings' allow-list says.
REFUSED_EXTENSIONS = {
    "htm", "html", "xhtml", "svg", "svgz", "xml", "js", "mjs", "exe", "dll", "bat", "cmd",
    "com", "msi", "sh", "php", "py", "jar", "scr", "vbs", "ps1", "apk", "app", "dmg",
}  # fmt: skip

# Signatures of programs: Windows, Linux, macOS, Java class files and scripts.
EXECUTABLE_SIGNATURES = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
MARKUP_MARKERS = (b"<!doctype html", b"<html", b"<svg", b"<script", b"<?xml", b"<body", b"<iframe")

OFFICE_ZIP_EXTENSIONS = {"docx", "xlsx", "pptx"}
OPENDOCUMENT_EXTENSIONS = {"odt", "ods"}
TEXT_EXTENSIONS = {"txt", "csv"}


SCRIPTS_REFUSED = (
    "This PDF contains JavaScript or actions that run by themselves when it is opened, so it "
    "was refused: they can harm readers' computers. Save a fresh copy without them (for "
    "example, print it to PDF) and upload that."
)


def _refuse(message):
    raise ValidationError(message, code="document_content")


def _read_all(uploaded):
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(position)
    return data


def pdf_page_count(data):
    """The number of pages in a PDF given as bytes; ValueError if it cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValueError("encrypted")
        return len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AssertionError) as error:
        raise ValueError(str(error)) from error


def validate_document_file(uploaded, name=None):
    """Raise ValidationError with a message an editor can act on, or return
    the facts worked out on the way (``{"page_count": n}`` for a PDF)."""
    name = name or getattr(uploaded, "name", "") or ""
    extension = os.path.splitext(name)[1][1:].lower()
    if not extension:
        _refuse("The file has no extension. Save it as a PDF or an Office document and try again.")
    if extension in REFUSED_EXTENSIONS:
        _refuse(
            f"“.{extension}” files cannot be uploaded: web pages, images in SVG format and "
            "programs can carry code that runs in a reader's browser. Upload a PDF or an "
            "Office document instead."
        )
    data = _read_all(uploaded)
    if not data:
        _refuse("The file is empty. Check you chose the right file.")
    head = data[:1024]
    if head.startswith(EXECUTABLE_SIGNATURES):
        _refuse(
            f"This file is a program, not a .{extension} document, so it was refused. "
            "Upload the document itself."
        )
    lowered_head = head.lstrip().lower()
    if any(lowered_head.startswith(marker) for marker in MARKUP_MARKERS):
        _refuse(
            f"This file contains web-page markup, not a .{extension} document, so it was "
            "refused. Export the document as a PDF and upload that."
        )
    facts = {}
    if extension == "pdf":
        if not data.startswith(b"%PDF-"):
            _refuse(
                "This file is called .pdf but is not a PDF. Export it as a PDF (File, Save as "
                "PDF) and upload that."
            )

        result = inspect(data)
        if result.status == UNREADABLE:
            _refuse(
                "This PDF could not be opened: it may be damaged or password-protected. "
                "Save a fresh copy without a password and upload that."
            )
        if "scripts" in result.problems:
            _refuse(SCRIPTS_REFUSED)
        facts["page_count"] = result.page_count
        facts["pdf_check"] = result
    elif extension in OFFICE_ZIP_EXTENSIONS | OPENDOCUMENT_EXTENSIONS:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            names = None
        expected = "[Content_Types].xml" if extension in OFFICE_ZIP_EXTENSIONS else "mimetype"
        if not names or expected not in names:
            _refuse(
                f"This file is called .{extension} but its content is not a .{extension} "
                "document. Save it again from the program that made it and upload that."
            )
    elif extension == "rtf":
        if not data.startswith(b"{\\rtf"):
            _refuse("This file is called .rtf but is not a Rich Text document.")
    elif extension in TEXT_EXTENSIONS:
        if b"\x00" in data:
            _refuse(f"This file is called .{extension} but is not plain text.")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            _refuse(f"This .{extension} file is not saved as UTF-8 text. Save it as UTF-8.")
        lowered = text.lower()
        if "<script" in lowered or "<html" in lowered or "<svg" in lowered:
            _refuse(
                f"This .{extension} file contains web-page markup or script, so it was refused."
            )
    return facts
