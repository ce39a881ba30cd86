"""PDFs the tests make: accessible, untagged, scanned, scripted, encrypted, damaged.

fpdf2 draws the pages (with a title and a language); pypdf adds what fpdf2
cannot (a structure tree, bookmarks, a script, a password).
"""

import io

from demo.pdf import render_pdf


def _writer(data):
    from pypdf import PdfReader, PdfWriter

    return PdfWriter(clone_from=PdfReader(io.BytesIO(data)))


def _bytes(writer):
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def text_pdf(pages=3, title="Test report", text=None, subject=""):
    """Untagged, but with a title, a language and real text (what fpdf2 makes)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_lang("en-GB")
    if subject:
        pdf.set_subject(subject)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("helvetica", style="B", size=16)
        pdf.multi_cell(0, 9, title if number == 1 else f"Section {number}")
        pdf.ln(3)
        pdf.set_font("helvetica", size=12)
        body = (
            text
            if (text and number == 1)
            else (
                f"This is page {number} of {title}. It has enough words on it to read as real "
                "text to anyone, and to a screen reader."
            )
        )
        pdf.multi_cell(0, 7, body)
        pdf.ln(3)
    buffer = io.BytesIO()
    pdf.output(buffer)
    return buffer.getvalue()


def accessible_pdf(pages=3, title="Test report", text=None, subject="", bookmarks=True):
    """Tagged, titled (shown in the title bar), in English, with real text and bookmarks."""
    from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, NameObject

    writer = _writer(text_pdf(pages, title, text, subject))
    root = writer._root_object
    structure = DictionaryObject(
        {NameObject("/Type"): NameObject("/StructTreeRoot"), NameObject("/K"): ArrayObject()}
    )
    root[NameObject("/StructTreeRoot")] = writer._add_object(structure)
    root[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    root[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )
    if bookmarks:
        for number in range(pages):
            writer.add_outline_item(title=f"Section {number + 1}", page_number=number)
    return _bytes(writer)


def scanned_pdf(pages=2, title="Scanned report"):
    """Pictures of pages and no text, as a scanner makes."""
    from fpdf import FPDF
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (120, 160), "white").save(picture, format="PNG")
    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_lang("en-GB")
    for _ in range(pages):
        pdf.add_page()
        picture.seek(0)
        pdf.image(picture, x=10, y=10, w=190)
    buffer = io.BytesIO()
    pdf.output(buffer)
    return buffer.getvalue()


def scripted_pdf(title="Report with a script"):
    """An otherwise accessible PDF that runs JavaScript when opened."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    writer = _writer(accessible_pdf(2, title))
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hello');"),
        }
    )
    tree = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("hello"), writer._add_object(action)])}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(tree)}
    )
    return _bytes(writer)


def open_action_pdf(title="Report that launches"):
    """A PDF whose open action launches a program (no JavaScript name tree)."""
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = _writer(accessible_pdf(2, title))
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
    )
    return _bytes(writer)


def encrypted_pdf(title="Locked report"):
    writer = _writer(text_pdf(2, title))
    writer.encrypt(user_password="secret", owner_password="owner")
    return _bytes(writer)


def corrupt_pdf():
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer garbage\n"


def long_pdf_without_bookmarks(pages=25, title="Long report"):
    return accessible_pdf(pages, title, bookmarks=False)


__all__ = [
    "accessible_pdf",
    "corrupt_pdf",
    "encrypted_pdf",
    "long_pdf_without_bookmarks",
    "open_action_pdf",
    "render_pdf",
    "scanned_pdf",
    "scripted_pdf",
    "text_pdf",
]
