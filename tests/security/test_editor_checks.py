"""Help for editors: vague link text, file-name document titles, the accessibility checker."""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import UploadedFile
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from site_core.editor_checks import is_vague_link_text, looks_like_file_name, page_problems
from tests.factories.publications import make_pdf_bytes
from tests.factories.site_core import StandardPageFactory
from tests.helpers import default_partnership

pytestmark = pytest.mark.django_db

# A real PDF: uploads whose content is not what their extension says are refused.
PDF = make_pdf_bytes(pages=1)
Document = get_document_model()


@pytest.mark.parametrize(
    "title",
    ["AR_2023_final", "annual report.pdf", "Minutes.DOCX", "sscp-ar-2023-v2", "plan.v1.final"],
)
def test_file_names_are_recognised(title):
    assert looks_like_file_name(title)


@pytest.mark.parametrize(
    "title",
    ["Annual report 2022 to 2023", "Working Together 2023", "COVID-19", "Section 11 audit"],
)
def test_real_titles_are_not_flagged(title):
    assert not looks_like_file_name(title)


@pytest.mark.parametrize("text", ["Click here", "here.", "Read more…", "MORE INFO", "this link"])
def test_vague_link_text_is_recognised(text):
    assert is_vague_link_text(text)


def test_descriptive_link_text_is_fine():
    assert not is_vague_link_text("Read the annual report 2022 to 2023")


@pytest.mark.ignore_template_errors
def test_the_document_form_refuses_a_file_name_title(client, login_as, editor):
    login_as(client, editor)
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "AR_2023_final",
            "file": SimpleUploadedFile("AR_2023_final.pdf", PDF),
            "collection": default_partnership().public_documents_id,
        },
    )
    assert response.status_code == 200
    assert "looks like a file name" in response.content.decode()
    assert not Document.objects.exists()

    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Annual report 2022 to 2023",
            "file": SimpleUploadedFile("AR_2023_final.pdf", PDF),
            "collection": default_partnership().public_documents_id,
        },
    )
    assert response.status_code == 302
    assert Document.objects.get().title == "Annual report 2022 to 2023"


@pytest.mark.ignore_template_errors
def test_the_multiple_uploader_waits_for_a_real_title(client, login_as, editor):
    login_as(client, editor)
    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "files[]": SimpleUploadedFile("AR_2023_final.pdf", PDF),
            "collection": default_partnership().public_documents_id,
        },
    )
    assert response.json()["success"]
    assert "looks like a file name" not in response.json().get("error_message", "")
    # Held back until the editor gives it a title; nothing is lost.
    assert not Document.objects.exists()
    assert UploadedFile.objects.count() == 1


@pytest.mark.ignore_template_errors
def test_saving_a_page_warns_about_vague_links(client, login_as, editor, home):
    page = StandardPageFactory(parent=home, title="Training")
    login_as(client, editor)
    data = nested_form_data(
        {
            "title": "Training",
            "slug": page.slug,
            "summary": "",
            "body": streamfield(
                [
                    (
                        "paragraph",
                        rich_text(
                            '<p>Book a course: <a href="https://example.org/book">click here</a>.'
                            "</p>"
                        ),
                    )
                ]
            ),
            "next_review_due": "2027-11-01",
            "comments": inline_formset([]),
        }
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.id]), data, follow=True)
    text = BeautifulSoup(response.content, "html.parser").get_text(" ")
    assert "“click here” does not say where the link goes" in text


def test_linked_documents_with_file_name_titles_are_flagged(home):
    document = Document(title="SSCP_AR_2023")
    document.file.save("sscp.pdf", ContentFile(PDF), save=False)
    document.save()
    page = StandardPageFactory(
        parent=home,
        body=[
            (
                "paragraph",
                f'<p>See <a linktype="document" id="{document.pk}">the report</a>.</p>',
            ),
        ],
    )
    [problem] = page_problems(page)
    assert "“SSCP_AR_2023” looks like a file name" in problem


def test_a_clean_page_has_no_problems(home):
    page = StandardPageFactory(
        parent=home,
        body=[("paragraph", '<p><a href="https://example.org">Read the thresholds guide</a></p>')],
    )
    assert page_problems(page) == []


@pytest.mark.ignore_template_errors
def test_the_accessibility_checker_runs_the_extra_rules(client, login_as, editor, home):
    login_as(client, editor)
    soup = BeautifulSoup(client.get(home.url).content, "html.parser")
    template = soup.find("template", id="wagtail-userbar-template")
    inner = BeautifulSoup(template.decode_contents(), "html.parser")
    config = json.loads(inner.find(id="checker-axe-configuration").string)
    assert {"image-alt", "link-name", "alt-text-quality"} <= set(config["options"]["runOnly"])
    [alt_check] = [c for c in config["spec"]["checks"] if c["id"] == "check-image-alt-text"]
    assert "image" in alt_check["options"]["pattern"]
