"""An imported draft's editor takes an invalid form back, with the error named
and what was typed kept, for every kind of page the import makes.

Rendered as in production (``invalid_template_variables_as_in_production``):
under pytest-django's ``ignore_template_errors`` alone, Wagtail's inline
panels raise "You must supply an icon name" on this very request, which no
editor of the real admin meets."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset

from tests.factories import pdfs
from tests.publications.test_admin_create import page_data

pytestmark = pytest.mark.django_db

# A file name the import classifies as each kind of publication page.
KINDS = {
    "AnnualReportPage": ("annual-report-2019-20.pdf", "Annual Report 2019-20"),
    "PlanPage": ("business_plan_2021-2024.pdf", "Business Plan 2021-2024"),
    "ReviewFindingsPage": ("CSPR Child D.pdf", "Child Safeguarding Practice Review: Child D"),
    "FrameworkPage": ("framework.pdf", "Framework of cooperation between boards"),
    "StandardPublicationPage": ("newsletter.pdf", "Spring newsletter"),
}


@pytest.mark.parametrize("kind", KINDS)
def test_an_invalid_edit_of_an_imported_draft_shows_the_form_again(
    kind,
    tmp_path,
    client,
    login_as,
    editor,
    partnership,
    index,
    invalid_template_variables_as_in_production,
):
    from moving_in.models import ImportedFile

    name, title = KINDS[kind]
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / name).write_bytes(pdfs.text_pdf(2, title))
    call_command("import_publications", str(folder), partnership="TSCP", verbosity=0)
    page = ImportedFile.objects.get().page.specific
    assert type(page).__name__ == kind
    signed_in = login_as(client, editor)
    links = list(page.documents.all())
    draft = page.get_latest_revision().pk
    data = page_data(
        type(page),
        title="",  # required: emptied by the editor
        summary="A summary the editor typed",
        publication_date="2023-12-12",
        publication_date_precision="day",
        audience="everyone",
        status="current",
        documents=inline_formset(
            [{"id": link.pk, "document": link.document_id, "title": ""} for link in links],
            initial=len(links),
        ),
    )
    response = signed_in.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The page could not be saved due to validation errors" in html
    assert "This field is required" in html
    assert "A summary the editor typed" in html
    assert page.get_latest_revision().pk == draft  # nothing saved
