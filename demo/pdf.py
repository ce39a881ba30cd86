"""Real PDFs made with fpdf2, and storing generated files as Wagtail documents.

Used by the demo loaders (papers, a report summary) and the tests' factories,
so every generated PDF is made, and stored, the same way.
"""

from io import BytesIO

from django.core.files.base import ContentFile


def render_pdf(title, sections, author=""):
    """PDF bytes: one page per ``(heading, [paragraph, ...])`` section."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_lang("en-GB")
    if author:
        pdf.set_author(author)
    for heading, paragraphs in sections:
        pdf.add_page()
        pdf.set_font("helvetica", style="B", size=16)
        pdf.multi_cell(0, 9, heading)
        pdf.ln(3)
        pdf.set_font("helvetica", size=12)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 7, paragraph)
            pdf.ln(3)
    buffer = BytesIO()
    pdf.output(buffer)
    return buffer.getvalue()


def store_document(model, filename, content, **fields):
    """Save ``content`` through the storage layer as a new ``model`` document."""
    document = model(**fields)
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    return document
