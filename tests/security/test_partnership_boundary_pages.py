"""The partnership boundary in the page editor (site_core.boundary,
PartnershipPageForm): a page's fields and inline rows may refer only to its
own partnership's records and documents, whoever edits it (a superuser's
choices are not narrowed, so only the data-level check stands in the way)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset

from publications.models import PublicationPage, StandardPublicationPage
from site_core.models import Partnership
from tests.factories.publications import (
    BodyFactory,
    PublicationDocumentFactory,
    PublicationIndexPageFactory,
)
from tests.publications.test_admin_create import page_data

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]

REFUSED = "belongs to another partnership"


@pytest.fixture(autouse=True)
def _admin_templates(invalid_template_variables_as_in_production):
    """Wagtail's admin renders here (tests/conftest.py says why)."""


@pytest.fixture
def index(home):
    return PublicationIndexPageFactory(parent=home)


@pytest.fixture
def superuser(client, login_as):
    user = get_user_model().objects.create_superuser("root", "root@example.org", None)
    return login_as(client, user)


def _add(client, index, **fields):
    data = page_data(
        StandardPublicationPage,
        title="Neglect strategy",
        slug="neglect-strategy",
        summary="How partners respond to neglect.",
        publication_date="2024-01-10",
        publication_date_precision="day",
        audience="everyone",
        status="current",
        **fields,
    )
    url = reverse(
        "wagtailadmin_pages:add", args=("publications", "standardpublicationpage", index.pk)
    )
    return client.post(url, data)


def test_a_page_cannot_attach_another_partnerships_document(
    client, superuser, index, other_partnership, media_root
):
    theirs = PublicationDocumentFactory(
        title="Their members' paper", collection=other_partnership.members_papers
    )
    response = _add(client, index, documents=inline_formset([{"document": str(theirs.pk)}]))

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not PublicationPage.objects.filter(slug="neglect-strategy").exists()


def test_a_page_cannot_name_another_partnerships_body_as_publisher(
    client, superuser, index, other_partnership, media_root
):
    theirs = BodyFactory(partnership=other_partnership, name="Their board", slug="their-board")
    response = _add(client, index, published_by=[theirs.pk])

    assert response.status_code == 200
    # The form offers only the page's partnership's bodies (publications.forms).
    assert "Select a valid choice" in response.content.decode()
    assert not PublicationPage.objects.filter(slug="neglect-strategy").exists()


def test_a_page_may_attach_its_own_partnerships_document(
    client, superuser, index, site, media_root
):
    ours = PublicationDocumentFactory(
        title="Our strategy", collection=Partnership.for_site(site).public_documents
    )
    own_board = BodyFactory(partnership=Partnership.for_site(site), slug="own-board")
    response = _add(
        client,
        index,
        documents=inline_formset([{"document": str(ours.pk)}]),
        published_by=[own_board.pk],
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    page = StandardPublicationPage.objects.get(slug="neglect-strategy")
    assert [link.document for link in page.documents.all()] == [ours]
