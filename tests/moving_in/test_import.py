"""Moving in: a folder or zip of PDFs becomes draft pages of the right kind."""

import csv
import io
import zipfile
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from moving_in.models import ImportedFile, ImportRun
from publications.models import (
    AnnualReportPage,
    FrameworkPage,
    PlanPage,
    PublicationDocument,
    PublicationPage,
    ReviewFindingsPage,
    StandardPublicationPage,
)
from tests.factories import pdfs

pytestmark = pytest.mark.django_db


def folder_of_pdfs(folder):
    """What an old site's downloads folder holds."""
    folder.mkdir(exist_ok=True)
    files = {
        "annual-report-2019-20.pdf": pdfs.accessible_pdf(
            4,
            "Annual Report 2019-20",
            text="Annual Report 2019-20. This report tells you what the partnership did between "
            "April 2019 and March 2020 to keep children safe, and what it learned.",
        ),
        "business_plan_2021-2024.pdf": pdfs.text_pdf(3, "Business Plan 2021-2024"),
        "CSPR Child D.pdf": pdfs.text_pdf(2, "Child Safeguarding Practice Review: Child D"),
        "framework.pdf": pdfs.text_pdf(2, "Framework of cooperation between boards"),
        "scan0001.pdf": pdfs.scanned_pdf(2, title=""),
        "newsletter.pdf": pdfs.text_pdf(1, "Spring newsletter"),
        "with-script.pdf": pdfs.scripted_pdf(),
        "locked.pdf": pdfs.encrypted_pdf(),
        "broken.pdf": pdfs.corrupt_pdf(),
        "empty.pdf": b"",
        "notes.txt": b"not a pdf",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def outcomes(run):
    return {item.file_name: item for item in run.files.all()}


def test_a_folder_becomes_draft_pages_of_the_likely_kind(tmp_path, partnership, index):
    call_command("import_publications", str(folder_of_pdfs(tmp_path / "old")),
                 partnership="TSCP", verbosity=0)  # fmt: skip
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.DONE
    assert (run.total, run.processed) == (11, 11)
    files = outcomes(run)

    report = files["annual-report-2019-20.pdf"].page.specific
    assert isinstance(report, AnnualReportPage)
    assert report.title == "Annual Report 2019-20"
    assert report.reporting_year == 2019
    assert (report.period_start, report.period_end) == (date(2019, 4, 1), date(2020, 3, 31))
    assert report.summary.startswith("This report tells you what the partnership did")
    assert not report.live  # nothing is published by an import
    document = files["annual-report-2019-20.pdf"].document
    assert document.page_count == 4 and document.file_size > 0
    assert document.collection == partnership.public_documents
    assert document.accessibility_status == "passes" and document.fully_accessible
    assert [link.document for link in report.documents.all()] == [document]
    assert files["annual-report-2019-20.pdf"].outcome == ImportedFile.Outcome.CREATED

    assert isinstance(files["business_plan_2021-2024.pdf"].page.specific, PlanPage)
    plan = files["business_plan_2021-2024.pdf"].page.specific
    assert (plan.period_start, plan.period_end) == (date(2021, 4, 1), date(2024, 3, 31))
    review = files["CSPR Child D.pdf"].page.specific
    assert isinstance(review, ReviewFindingsPage) and review.review_type == "cspr"
    assert isinstance(files["framework.pdf"].page.specific, FrameworkPage)

    unclear = files["newsletter.pdf"]
    assert isinstance(unclear.page.specific, StandardPublicationPage)
    assert unclear.outcome == ImportedFile.Outcome.NEEDS_ATTENTION
    assert any("not clear" in note for note in unclear.notes)
    scanned = files["scan0001.pdf"]
    assert scanned.document.accessibility_status == "fails"
    assert "no_text" in scanned.document.accessibility_problems
    assert any("file name" in note for note in scanned.notes)

    refused = {name: files[name] for name in ("with-script.pdf", "locked.pdf", "broken.pdf",
                                              "empty.pdf")}  # fmt: skip
    assert all(item.outcome == ImportedFile.Outcome.REFUSED for item in refused.values())
    assert "JavaScript" in refused["with-script.pdf"].notes[0]
    assert "password" in refused["locked.pdf"].notes[0]
    assert "damaged" in refused["broken.pdf"].notes[0]
    assert refused["empty.pdf"].notes == ["The file is empty. Check you chose the right file."]
    assert files["notes.txt"].outcome == ImportedFile.Outcome.SKIPPED
    assert PublicationPage.objects.filter(live=True).count() == 0
    assert PublicationPage.objects.count() == 6


def make_zip(path, files):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def test_a_zip_imports_and_the_same_files_again_are_skipped(tmp_path, partnership, index):
    report = pdfs.text_pdf(2, "Annual Report 2018-19")
    archive = make_zip(
        tmp_path / "old-site.zip",
        {
            "reports/Annual Report 2018-19.pdf": report,
            "reports/Peer review 2022.pdf": pdfs.text_pdf(2, "LGA peer review 2022"),
        },
    )
    call_command("import_publications", str(archive), partnership="tscp", verbosity=0)
    assert PublicationPage.objects.count() == 2
    # The same file under another name, in a second zip, and the first zip again.
    again = make_zip(
        tmp_path / "again.zip",
        {"copy.pdf": report},
    )
    call_command("import_publications", str(archive), partnership="TSCP", verbosity=0)
    call_command("import_publications", str(again), partnership="TSCP", verbosity=0)
    assert PublicationPage.objects.count() == 2
    assert PublicationDocument.objects.count() == 2
    second = ImportRun.objects.order_by("pk")[1]
    assert set(second.files.values_list("outcome", flat=True)) == {"skipped"}
    assert "already here" in second.files.first().notes[0]


def test_a_manifest_sets_and_corrects_fields(tmp_path, partnership, index):
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "ar.pdf").write_bytes(pdfs.text_pdf(2, "Yearly review of safeguarding"))
    (folder / "leave-me.pdf").write_bytes(pdfs.text_pdf(1, "Draft, never published"))
    manifest = tmp_path / "manifest.csv"
    with manifest.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "type", "title", "reporting_year", "publication_date",
                         "summary", "edition", "nonsense", "skip"])  # fmt: skip
        writer.writerow(["ar.pdf", "annual-report", "Annual report 2017 to 2018", "2017",
                         "30/09/2018", "What the board did in 2017 to 2018, and what it learned.",
                         "Fifth annual report", "x", ""])  # fmt: skip
        writer.writerow(["leave-me.pdf", "", "", "", "", "", "", "", "yes"])
    call_command("import_publications", str(folder), partnership="TSCP",
                 manifest=str(manifest), verbosity=0)  # fmt: skip
    files = outcomes(ImportRun.objects.get())
    page = files["ar.pdf"].page.specific
    assert isinstance(page, AnnualReportPage)
    assert page.title == "Annual report 2017 to 2018"
    assert page.reporting_year == 2017
    assert page.publication_date == date(2018, 9, 30)
    assert page.edition == "Fifth annual report"
    assert page.summary == "What the board did in 2017 to 2018, and what it learned."
    assert any("'nonsense' was not used" in note for note in files["ar.pdf"].notes)
    assert files["leave-me.pdf"].outcome == ImportedFile.Outcome.SKIPPED


def test_the_command_says_what_is_wrong(tmp_path, partnership, index):
    with pytest.raises(CommandError, match="No partnership called 'NOPE'"):
        call_command("import_publications", str(tmp_path), partnership="NOPE", verbosity=0)
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_publications", str(tmp_path / "missing"), partnership="TSCP")
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(CommandError, match="neither a folder nor a zip"):
        call_command("import_publications", str(tmp_path / "bad.zip"), partnership="TSCP",
                     verbosity=0)  # fmt: skip


def test_the_report_csv_lists_every_file(tmp_path, partnership, index):
    folder = folder_of_pdfs(tmp_path / "old")
    report = tmp_path / "report.csv"
    out = io.StringIO()
    call_command("import_publications", str(folder), partnership="TSCP", report=str(report),
                 stdout=out, stderr=io.StringIO())  # fmt: skip
    assert "11 files: 2 created, 4 created but need attention, 1 skipped, 4 not imported" in (
        out.getvalue()
    )
    rows = list(csv.DictReader(report.open()))
    assert len(rows) == 11
    assert {row["outcome"] for row in rows} == {
        "Created", "Created: needs attention", "Skipped", "Not imported"
    }  # fmt: skip


def test_pages_go_to_the_named_partnership_only(tmp_path, partnership, index, other_partnership):
    call_command("import_publications", str(folder_of_pdfs(tmp_path / "old")),
                 partnership="OSCP", verbosity=0)  # fmt: skip
    home = other_partnership.site.root_page
    assert all(page.is_descendant_of(home) for page in PublicationPage.objects.all())
    assert not PublicationPage.objects.descendant_of(partnership.site.root_page).exists()
    assert {d.collection for d in PublicationDocument.objects.all()} == {
        other_partnership.public_documents
    }
    # The same files into the first partnership are not "duplicates" of the other's.
    call_command("import_publications", str(tmp_path / "old"), partnership="TSCP", verbosity=0)
    assert PublicationPage.objects.descendant_of(partnership.site.root_page).count() == 6
