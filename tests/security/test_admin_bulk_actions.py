"""Bulk actions' confirmation pages (GET) name only the user's own partnership's
records, whatever ids the address carries (site_core.permissions,
site_core.tenant_admin.ScopedBulkAction)."""

import pytest
import wagtail_factories
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from governance.models import Interest, Person
from publications.models import AccessibleFormatRequest
from site_core import tenancy
from site_core.roles import Role
from tests.factories.governance import (
    DocumentFactory,
    GovernanceIndexPageFactory,
    InterestFactory,
    MembersAreaPageFactory,
    PersonFactory,
)
from tests.factories.site_core import StandardPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]


@pytest.fixture(autouse=True)
def _admin_templates(invalid_template_variables_as_in_production, media_root):
    """Wagtail's admin renders here; uploads go to the test's own folder."""


def bulk(client, model, action, *ids):
    opts = model._meta
    url = reverse("wagtail_bulk_action", args=[opts.app_label, opts.model_name, action])
    return client.get(url, {"id": [str(pk) for pk in ids]})


def officer_of(make_user, partnership):
    return make_user("gill", Role.GOVERNANCE_OFFICERS, partnership=partnership)


def test_a_register_of_interests_confirmation_lists_only_own_declarations(
    client, login_as, make_user, partnership, other_partnership
):
    ours = InterestFactory(
        person=PersonFactory(partnership=partnership, name="Ada Ours"),
        description="Governor of Hill Primary",
    )
    theirs = InterestFactory(
        person=PersonFactory(partnership=other_partnership, name="Bea Theirs"),
        description="Director of Otherton Care Ltd",
    )
    login_as(client, officer_of(make_user, partnership))

    own = bulk(client, Interest, "delete", ours.pk)
    assert own.status_code == 200
    assert "Ada Ours" in own.content.decode()

    assert bulk(client, Interest, "delete", theirs.pk).status_code == 404
    mixed = bulk(client, Interest, "delete", ours.pk, theirs.pk)
    assert mixed.status_code == 404
    assert "Bea Theirs" not in mixed.content.decode()


def test_select_all_lists_only_own_people(
    client, login_as, make_user, partnership, other_partnership
):
    PersonFactory(partnership=partnership, name="Ada Ours")
    PersonFactory(partnership=other_partnership, name="Bea Theirs")
    login_as(client, officer_of(make_user, partnership))

    page = bulk(client, Person, "delete", "all").content.decode()
    assert "Ada Ours" in page
    assert "Bea Theirs" not in page


def test_a_user_with_no_permission_on_a_model_is_shown_none_of_its_records(
    client, login_as, editor, partnership, other_partnership
):
    """Editors keep no governance records: neither partnership's interests are named."""
    ours = InterestFactory(person=PersonFactory(partnership=partnership, name="Ada Ours"))
    theirs = InterestFactory(person=PersonFactory(partnership=other_partnership, name="Bea Theirs"))
    login_as(client, editor)

    for interest in (ours, theirs):
        response = bulk(client, Interest, "delete", interest.pk)
        assert response.status_code == 404
        assert interest.person.name not in response.content.decode()


def test_accessible_format_requests_name_only_own_readers(
    client, login_as, editor, partnership, other_partnership
):
    def request_from(partnership, reader):
        document = DocumentFactory(collection=partnership.public_documents)
        return AccessibleFormatRequest.objects.create(
            document=document,
            partnership=partnership,
            name=reader,
            email="reader@example.org",
            format=AccessibleFormatRequest.Format.WORD,
        )

    ours = request_from(partnership, "Reader Ours")
    theirs = request_from(other_partnership, "Reader Theirs")
    login_as(client, editor)

    own = bulk(client, AccessibleFormatRequest, "delete", ours.pk)
    assert "Reader Ours" in own.content.decode()
    response = bulk(client, AccessibleFormatRequest, "delete", theirs.pk)
    assert response.status_code == 404
    assert "Reader Theirs" not in response.content.decode()


@pytest.mark.parametrize("action", ["delete", "add_tags", "add_to_collection"])
def test_members_papers_are_named_only_to_their_own_partnership(
    client, login_as, editor, partnership, other_partnership, action
):
    Document = get_document_model()
    ours = DocumentFactory(title="Our board paper", collection=partnership.members_papers)
    theirs = DocumentFactory(title="Their board paper", collection=other_partnership.members_papers)
    login_as(client, editor)

    assert "Our board paper" in bulk(client, Document, action, ours.pk).content.decode()
    response = bulk(client, Document, action, theirs.pk)
    assert response.status_code == 404
    assert "Their board paper" not in response.content.decode()


def test_images_are_named_only_to_their_own_partnership(
    client, login_as, editor, partnership, other_partnership
):
    Image = get_image_model()
    ours = wagtail_factories.ImageFactory(
        title="Our event photo", collection=partnership.collection
    )
    theirs = wagtail_factories.ImageFactory(
        title="Their event photo", collection=other_partnership.collection
    )
    login_as(client, editor)

    assert "Our event photo" in bulk(client, Image, "delete", ours.pk).content.decode()
    response = bulk(client, Image, "delete", theirs.pk)
    assert response.status_code == 404
    assert "Their event photo" not in response.content.decode()


@pytest.mark.parametrize("action", ["delete", "move", "publish", "unpublish"])
def test_draft_and_members_only_page_titles_stay_in_their_partnership(
    client, login_as, editor, partnership, other_partnership, action
):
    from wagtail.models import Page

    ours = StandardPageFactory(parent=partnership.site.root_page, title="Our draft strategy")
    draft = StandardPageFactory(
        parent=other_partnership.site.root_page, title="Their draft strategy", live=False
    )
    index = GovernanceIndexPageFactory(parent=other_partnership.site.root_page)
    members = MembersAreaPageFactory(parent=index, title="Their members' area")
    tenancy.restrict_to_members(members, other_partnership)
    login_as(client, editor)

    assert "Our draft strategy" in bulk(client, Page, action, ours.pk).content.decode()
    for page in (draft, members):
        response = bulk(client, Page, action, page.pk)
        assert response.status_code == 404
        assert page.title not in response.content.decode()
