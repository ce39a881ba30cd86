"""Documents: metadata computed from the file, refused uploads, and the
'Request an accessible format' form."""

import io
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Collection

from publications.models import (
    AccessibleFormatRequest,
    PublicationDocument,
    PublicationDocumentLink,
)
from publications.validators import validate_document_file
from tests.factories.publications import (
    AnnualReportPageFactory,
    PublicationDocumentFactory,
    make_pdf_bytes,
)

pytestmark = pytest.mark.django_db


def test_page_count_type_and_size_come_from_a_real_pdf():
    document = PublicationDocumentFactory(title="Annual report", pages=24)
    document.refresh_from_db()
    assert document.page_count == 24
    assert document.file_size == document.file.size > 0
    assert document.type_label == "PDF"
    assert document.description.startswith("PDF, ")
    assert document.description.endswith(" KB, 24 pages") or document.description.endswith(
        " bytes, 24 pages"
    )


def test_a_single_page_is_not_pages():
    document = PublicationDocumentFactory(pages=1)
    assert document.description.endswith(", 1 page")


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", make_pdf_bytes(2)),
        ("minutes.docx", docx_bytes()),
        ("figures.csv", b"year,sessions\n2022,100\n"),
        ("notes.rtf", b"{\\rtf1 Hello}"),
    ],
)
def test_genuine_files_are_accepted(name, content):
    facts = validate_document_file(SimpleUploadedFile(name, content), name)
    if name.endswith(".pdf"):
        assert facts["page_count"] == 2


@pytest.fixture
def editor(client, admin_user, login_as):
    return login_as(client, admin_user)


def upload(client, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Uploaded",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
            "fully_accessible": "on",
        },
    )


@pytest.mark.ignore_template_errors
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script>", "web-page markup"),
        ("report.pdf", b"Just some text pretending", "is not a PDF"),
        ("report.pdf", b"%PDF-1.7 broken beyond repair", "could not be opened"),
        ("minutes.docx", b"MZ\x90\x00 a windows program", "is a program"),
        ("minutes.docx", b"PK\x03\x04 not really a zip", "is not a .docx document"),
        ("figures.csv", b"a,b\n<script>steal()</script>\n", "markup or script"),
        ("picture.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "cannot be uploaded"),
        ("page.html", b"<p>hello</p>", "cannot be uploaded"),
        ("tool.exe", b"MZ\x90\x00", "cannot be uploaded"),
        ("script.js", b"alert(1)", "cannot be uploaded"),
    ],
)
def test_the_admin_refuses_files_whose_content_does_not_match(editor, name, content, message):
    response = upload(editor, name, content)
    assert response.status_code == 200  # the form again, with the reason
    assert message in response.content.decode()
    assert not PublicationDocument.objects.exists()


@pytest.mark.ignore_template_errors
def test_the_admin_accepts_a_real_pdf_and_counts_its_pages(editor):
    response = upload(editor, "report.pdf", make_pdf_bytes(5))
    assert response.status_code == 302
    document = PublicationDocument.objects.get()
    assert document.page_count == 5
    # fpdf2 makes untagged PDFs: the check says so, and readers may ask for another format.
    assert document.accessibility_status == "fails"
    assert document.fully_accessible is False


@pytest.mark.ignore_template_errors
def test_the_multiple_upload_view_refuses_a_renamed_file_too(editor):
    response = editor.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile("report.pdf", b"<html><body>x</body></html>")},
    )
    assert "web-page markup" in response.content.decode()
    assert not PublicationDocument.objects.exists()


@pytest.fixture
def inaccessible(index):
    document = PublicationDocumentFactory(title="Scanned report", fully_accessible=False)
    page = AnnualReportPageFactory(parent=index, title="Annual report 2019/20")
    page.documents = [PublicationDocumentLink(document=document)]
    page.save_revision().publish()
    return document, page


def request_url(document):
    return reverse("publications:accessible_format", args=[document.pk])


def test_request_form_shows_for_documents_marked_not_fully_accessible(client, inaccessible):
    document, page = inaccessible
    response = client.get(request_url(document))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Request an accessible format" in html
    assert "Scanned report" in html
    assert page.url in html


def test_request_form_is_not_offered_for_accessible_or_unpublished_documents(client, index):
    accessible = PublicationDocumentFactory(fully_accessible=True)
    loose = PublicationDocumentFactory(fully_accessible=False)  # attached to nothing
    assert client.get(request_url(accessible)).status_code == 404
    assert client.get(request_url(loose)).status_code == 404
    assert client.get("/publications/documents/999999/accessible-format/").status_code == 404


def test_incomplete_request_is_refused_with_messages(client, inaccessible):
    document, _page = inaccessible
    response = client.post(request_url(document), {"name": "", "email": "not-an-email"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter a valid email address." in html
    assert not AccessibleFormatRequest.objects.exists()


def test_request_reaches_the_admin_and_email_when_configured(client, inaccessible, settings):
    settings.ACCESSIBLE_FORMAT_REQUEST_EMAIL = "unit@example.org"
    document, page = inaccessible
    response = client.post(
        request_url(document),
        {"name": "Sam Reader", "email": "sam@example.org", "format": "large_print",
         "details": "Size 18 please"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"].endswith("?sent=1")
    record = AccessibleFormatRequest.objects.get()
    assert (record.document, record.page.pk, record.format) == (document, page.pk, "large_print")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["unit@example.org"]
    assert "Large print" in mail.outbox[0].body
    assert "Request sent" in client.get(response["Location"]).content.decode()


@pytest.mark.ignore_template_errors
def test_request_without_email_configured_still_reaches_the_admin(
    client, inaccessible, admin_client
):
    document, _page = inaccessible
    client.post(
        request_url(document),
        {"name": "Sam Reader", "email": "sam@example.org", "format": "braille"},
    )
    assert len(mail.outbox) == 0
    listing = admin_client.get(reverse("wagtailsnippets_publications_accessibleformatrequest:list"))
    assert "Sam Reader" in listing.content.decode()
    # Requests come only from readers: the admin offers no way to invent one.
    add = admin_client.get(reverse("wagtailsnippets_publications_accessibleformatrequest:add"))
    assert add.status_code != 200


def test_metadata_is_computed_for_files_saved_through_storage_first():
    """The demo loader stores the file before saving the record."""
    from django.core.files.base import ContentFile
    from wagtail.models import Collection

    root = Collection.get_first_root_node()
    document = PublicationDocument(title="Stored first", collection=root)
    document.file.save("stored.pdf", ContentFile(make_pdf_bytes(6)), save=False)
    document.save()
    document.refresh_from_db()
    assert document.page_count == 6
    assert document.file_size > 0


def test_a_request_goes_to_its_own_partnerships_inbox(client, inaccessible, settings):
    from site_core.models import Partnership

    settings.ACCESSIBLE_FORMAT_REQUEST_EMAIL = "fallback@example.org"
    document, page = inaccessible
    partnership = Partnership.objects.get(site=page.get_site())
    Partnership.objects.filter(pk=partnership.pk).update(requests_email="tscp@example.org")
    response = client.post(
        request_url(document),
        {"name": "Sam Reader", "email": "sam@example.org", "format": "braille"},
    )
    assert response.status_code == 302
    assert AccessibleFormatRequest.objects.get().partnership == partnership
    [message] = mail.outbox
    assert message.to == ["tscp@example.org"]
    assert message.subject.startswith(f"{partnership.short_name}:")
