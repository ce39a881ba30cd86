"""The PDF accessibility check on PDFs the tests make: each gets the right result
and a message an editor can act on; nothing raises."""

import pytest

from publications import pdf_check
from publications.validators import validate_document_file
from tests.factories import pdfs


def test_an_accessible_pdf_passes():
    result = pdf_check.inspect(pdfs.accessible_pdf(3, "Annual report 2022 to 2023"))
    assert result.status == "passes"
    assert result.problems == []
    assert (result.page_count, result.title, result.language) == (
        3,
        "Annual report 2022 to 2023",
        "en-GB",
    )


@pytest.mark.parametrize(
    ("make", "problems"),
    [
        (lambda: pdfs.text_pdf(3), ["untagged", "title_not_shown"]),
        (lambda: pdfs.scanned_pdf(2), ["untagged", "title_not_shown", "no_text"]),
        (lambda: pdfs.scripted_pdf(), ["scripts"]),
        (lambda: pdfs.open_action_pdf(), ["scripts"]),
        (lambda: pdfs.long_pdf_without_bookmarks(25), ["no_bookmarks"]),
    ],
    ids=["untagged", "scanned", "javascript", "launch-on-open", "long-without-bookmarks"],
)
def test_each_problem_is_found_and_explained(make, problems):
    result = pdf_check.inspect(make())
    assert result.status == "fails"
    assert result.problems == problems
    for problem, fix in pdf_check.guidance(result.problems):
        assert problem.endswith(".") and fix.endswith(".")


def test_a_pdf_without_a_title_or_language_says_so():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 7, "Plenty of real words on this page, so it is not a scan at all.")
    result = pdf_check.inspect(bytes(pdf.output()))
    assert {"no_title", "no_language", "untagged"} <= set(result.problems)
    assert "title_not_shown" not in result.problems  # one message about the title, not two


@pytest.mark.parametrize(
    ("data", "reason", "words"),
    [
        (b"", "empty", "empty"),
        (pdfs.corrupt_pdf(), "corrupt", "damaged"),
        (pdfs.encrypted_pdf(), "encrypted", "password"),
        (b"<html>not a pdf</html>", "not_pdf", "not a PDF"),
        (pdfs.text_pdf(2)[:400], "corrupt", "damaged"),  # cut off half-way
    ],
    ids=["zero-bytes", "corrupt", "encrypted", "not-a-pdf", "truncated"],
)
def test_unreadable_files_get_one_clear_sentence(data, reason, words):
    result = pdf_check.inspect(data)
    assert (result.status, result.reason) == ("unreadable", reason)
    assert words in result.message
    assert result.message.count(".") <= 2


def test_uploads_with_scripts_are_refused_with_a_reason():
    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile

    for data in (pdfs.scripted_pdf(), pdfs.open_action_pdf()):
        with pytest.raises(ValidationError, match="JavaScript or actions that run by themselves"):
            validate_document_file(ContentFile(data, name="report.pdf"), "report.pdf")
