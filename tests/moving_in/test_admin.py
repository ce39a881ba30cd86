"""Through the admin: uploads refused or checked, the multiple uploader's Update,
the import from a zip (scoped to the editor's partnership), its report, the
accessibility report, and "HTML first"."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from moving_in.models import ImportedFile, ImportRun
from publications.models import AnnualReportPage, PublicationDocument
from site_core.roles import Role
from tests.factories import pdfs

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]


@pytest.fixture
def signed_in(client, editor, login_as):
    return login_as(client, editor)


def upload(client, name, content, title="Annual report 2022 to 2023"):
    from site_core.models import Partnership

    collection = Partnership.objects.get(short_name="TSCP").public_documents
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": title, "file": SimpleUploadedFile(name, content), "collection": collection.pk},
    )


def test_the_admin_refuses_a_pdf_with_javascript(signed_in, partnership):
    for content in (pdfs.scripted_pdf(), pdfs.open_action_pdf()):
        response = upload(signed_in, "report.pdf", content)
        assert response.status_code == 200
        assert "JavaScript or actions that run by themselves" in response.content.decode()
    assert not PublicationDocument.objects.exists()


def test_an_empty_file_gets_one_sentence(signed_in, partnership):
    response = upload(signed_in, "report.pdf", b"")
    html = response.content.decode()
    assert html.count("The file is empty (0 bytes): check you chose the right file.") == 1
    assert "is not allowed" not in html  # no second message about the extension
    assert not PublicationDocument.objects.exists()


def test_an_upload_is_checked_and_sets_fully_accessible(signed_in, partnership):
    assert upload(signed_in, "report.pdf", pdfs.accessible_pdf(2)).status_code == 302
    assert upload(signed_in, "scan.pdf", pdfs.scanned_pdf(2), title="Scanned plan").status_code == (
        302
    )
    good = PublicationDocument.objects.get(title="Annual report 2022 to 2023")
    scanned = PublicationDocument.objects.get(title="Scanned plan")
    assert (good.accessibility_status, good.fully_accessible) == ("passes", True)
    assert (scanned.accessibility_status, scanned.fully_accessible) == ("fails", False)
    # The editor sees what is wrong and how to fix it, and cannot tick the box over it.
    html = signed_in.get(reverse("wagtaildocs:edit", args=[scanned.pk])).content.decode()
    assert "no real text" in html
    assert "Recognize text" in html
    response = signed_in.post(
        reverse("wagtaildocs:edit", args=[scanned.pk]),
        {"title": "Scanned plan", "collection": scanned.collection_id, "fully_accessible": "on"},
    )
    assert response.status_code == 302
    scanned.refresh_from_db()
    assert scanned.fully_accessible is False


def test_the_multiple_uploader_update_works_for_file_name_titles(signed_in, partnership):
    """Issue 14: 'Upload successful', then Update spun for ever (ValueError: no field 'file')."""
    response = signed_in.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "files[]": SimpleUploadedFile("draft-budget-2027-28.pdf", pdfs.text_pdf(2)),
            "collection": partnership.public_documents.pk,
        },
    )
    data = response.json()
    assert data["success"] is True  # "Upload successful"
    # The title (the file name) was refused, so the upload waits for a real title.
    assert "uploaded_file_id" in data and not PublicationDocument.objects.exists()
    upload_id = data["uploaded_file_id"]
    prefix = f"uploaded-document-{upload_id}"
    response = signed_in.post(
        reverse("wagtaildocs:create_multiple_from_uploaded_document", args=[upload_id]),
        {
            f"{prefix}-title": "Draft budget 2027 to 2028",
            f"{prefix}-collection": partnership.public_documents.pk,
        },
    )
    assert response.status_code == 200
    assert response.json()["success"] is True
    document = PublicationDocument.objects.get()
    assert document.title == "Draft budget 2027 to 2028"
    assert document.page_count == 2
    assert document.accessibility_status == "fails"  # fpdf2's PDFs are untagged


def zip_of(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return SimpleUploadedFile("old-site.zip", buffer.getvalue(), content_type="application/zip")


def test_an_editor_imports_a_zip_and_reads_the_report(
    signed_in, partnership, index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            reverse("moving_in:index"),
            {
                "partnership": partnership.pk,
                "archive": zip_of(
                    {
                        "Annual Report 2019-20.pdf": pdfs.accessible_pdf(
                            3, "Annual Report 2019-20"
                        ),
                        "script.pdf": pdfs.scripted_pdf(),
                    }
                ),
            },
        )
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("moving_in:run", args=[run.pk])
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE and run.processed == 2
    page = AnnualReportPage.objects.get()
    assert page.reporting_year == 2019 and not page.live
    html = signed_in.get(response["Location"]).content.decode()
    assert "Created: 1" in html and "Not imported: 1" in html
    assert 'value="100"' in html  # the progress bar
    assert "JavaScript" in html
    csv_text = signed_in.get(reverse("moving_in:run_csv", args=[run.pk])).content.decode()
    assert "Annual Report 2019-20.pdf,Created,annual report" in csv_text


def test_an_editor_cannot_import_into_another_partnership(
    client, login_as, make_user, partnership, index, other_partnership
):
    editor = make_user("oscar", Role.EDITORS, partnership=other_partnership)
    signed_in = login_as(client, editor)
    response = signed_in.post(
        reverse("moving_in:index"),
        {"partnership": partnership.pk, "archive": zip_of({"a.pdf": pdfs.text_pdf(1)})},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not ImportRun.objects.exists()
    # Nor see another partnership's import.
    theirs = ImportRun.objects.create(partnership=partnership, source_name="theirs.zip")
    assert signed_in.get(reverse("moving_in:run", args=[theirs.pk])).status_code == 404
    assert signed_in.get(reverse("moving_in:run_csv", args=[theirs.pk])).status_code == 404
    assert "theirs.zip" not in signed_in.get(reverse("moving_in:index")).content.decode()


def test_board_members_cannot_import(client, login_as, make_user, partnership, index):
    member = make_user("bea", Role.BOARD_MEMBERS, partnership=partnership)
    assert login_as(client, member).get(reverse("moving_in:index")).status_code in (302, 403)


def test_a_bad_upload_gets_a_clear_message(signed_in, partnership, index):
    response = signed_in.post(
        reverse("moving_in:index"),
        {"partnership": partnership.pk, "archive": SimpleUploadedFile("a.zip", b"not a zip")},
    )
    assert response.status_code == 400
    assert "This is not a zip file" in response.content.decode()


def test_the_accessibility_report_lists_failing_documents_of_the_partnership_only(
    signed_in, partnership, other_partnership
):
    ours = PublicationDocument(title="Our scanned report", collection=partnership.public_documents)
    ours.file.save("ours.pdf", io.BytesIO(pdfs.scanned_pdf(1)), save=False)
    ours.save()
    theirs = PublicationDocument(
        title="Their scanned report", collection=other_partnership.public_documents
    )
    theirs.file.save("theirs.pdf", io.BytesIO(pdfs.scanned_pdf(1)), save=False)
    theirs.save()
    fine = PublicationDocument(title="Our good report", collection=partnership.public_documents)
    fine.file.save("fine.pdf", io.BytesIO(pdfs.accessible_pdf(1)), save=False)
    fine.save()
    html = signed_in.get(reverse("moving_in:accessibility")).content.decode()
    assert "Our scanned report" in html
    assert "Recognize text" in html  # how to fix it
    assert "Their scanned report" not in html
    assert "Our good report" not in html


def test_html_first_turns_the_pdf_into_a_draft_body(
    signed_in, partnership, index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(
            reverse("moving_in:index"),
            {
                "partnership": partnership.pk,
                "archive": zip_of(
                    {"Annual Report 2020-21.pdf": pdfs.accessible_pdf(3, "Annual Report 2020-21")}
                ),
            },
        )
    page = AnnualReportPage.objects.get()
    url = reverse("moving_in:html_first", args=[page.pk])
    assert "Make the draft" in signed_in.get(url).content.decode()
    response = signed_in.post(url)
    assert response.status_code == 302
    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    headings = [block.value["text"] for block in draft.body if block.block_type == "heading"]
    assert headings == ["Section 2", "Section 3"]  # from the PDF's bookmarks
    paragraphs = [block for block in draft.body if block.block_type == "paragraph"]
    assert "page 2 of Annual Report 2020-21" in paragraphs[1].value.source
    assert not page.live


def test_html_first_is_refused_to_another_partnerships_editor(
    client, login_as, make_user, partnership, index, other_partnership, tmp_path
):
    from django.core.management import call_command

    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "ar.pdf").write_bytes(pdfs.accessible_pdf(2, "Annual Report 2020-21"))
    call_command("import_publications", str(folder), partnership="TSCP", verbosity=0)
    page = AnnualReportPage.objects.get()
    outsider = login_as(client, make_user("oscar", Role.EDITORS, partnership=other_partnership))
    response = outsider.post(reverse("moving_in:html_first", args=[page.pk]))
    assert response.status_code in (302, 403)  # Wagtail's "permission denied" redirect
    page.refresh_from_db()
    assert not page.get_latest_revision_as_object().body


def test_an_imported_draft_that_needs_attention_says_so_in_its_editor(
    signed_in,
    partnership,
    index,
    django_capture_on_commit_callbacks,
    invalid_template_variables_as_in_production,
):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(
            reverse("moving_in:index"),
            {
                "partnership": partnership.pk,
                "archive": zip_of(
                    {
                        "newsletter.pdf": pdfs.accessible_pdf(2, "Spring newsletter"),
                        "Annual Report 2019-20.pdf": pdfs.accessible_pdf(
                            3, "Annual Report 2019-20"
                        ),
                    }
                ),
            },
        )
    flagged = ImportedFile.objects.get(file_name="newsletter.pdf")
    assert flagged.outcome == ImportedFile.Outcome.NEEDS_ATTENTION
    html = signed_in.get(reverse("wagtailadmin_pages:edit", args=[flagged.page_id])).content
    assert b"Imported from newsletter.pdf. Check before submitting" in html
    assert flagged.notes[0].encode() in html.replace(b"&#x27;", b"'")

    clear = ImportedFile.objects.get(file_name="Annual Report 2019-20.pdf")
    assert clear.outcome == ImportedFile.Outcome.CREATED
    html = signed_in.get(reverse("wagtailadmin_pages:edit", args=[clear.page_id])).content
    assert b"Check before submitting" not in html
