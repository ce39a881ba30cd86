"""The document chooser on a public page offers no members' papers; on a page
in the members' area and on a meeting it offers them (publications.publicity)."""

import pytest
from django.urls import reverse

from site_core import tenancy
from site_core.roles import Role
from tests.factories.governance import AgendaItemFactory, BodyFactory, MeetingFactory
from tests.factories.publications import PublicationDocumentFactory
from tests.factories.site_core import StandardPageFactory
from tests.helpers import restrict_to_board_members

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]


@pytest.fixture(autouse=True)
def _media(media_root):
    """Uploaded files go to the test's own folder."""


@pytest.fixture
def documents(partnership, other_partnership):
    """Each partnership's public document and members' papers (one in Members'
    papers, one the paper of a members-only meeting), all titled "Neglect ..."."""

    def of(partnership, owner):
        public = PublicationDocumentFactory(
            title=f"Neglect strategy ({owner})",
            collection=tenancy.public_documents_collection(partnership),
        )
        private = PublicationDocumentFactory(
            title=f"Neglect budget, board paper ({owner})",
            collection=tenancy.members_papers_collection(partnership),
        )
        meeting_paper = PublicationDocumentFactory(
            title=f"Neglect audit, meeting paper ({owner})",
            collection=tenancy.public_documents_collection(partnership),
        )
        meeting = MeetingFactory(body=BodyFactory(partnership=partnership), access="members")
        AgendaItemFactory(meeting=meeting, paper=meeting_paper)
        return {"public": public, "private": private, "meeting": meeting}

    return {"own": of(partnership, "ours"), "other": of(other_partnership, "theirs")}


def offered(client, editing_url, query=None):
    """The titles the document chooser lists, opened from the editor at
    ``editing_url`` (then searched for ``query``, as the modal does)."""
    chooser = reverse(
        "wagtaildocs_chooser:choose_results" if query else "wagtaildocs_chooser:choose"
    )
    referer = f"http://testserver{editing_url}"  # a browser sends the whole address
    response = client.get(chooser, {"q": query} if query else {}, HTTP_REFERER=referer)
    assert response.status_code == 200
    return response.content.decode()


def test_the_chooser_on_a_public_page_offers_no_members_papers(
    client, login_as, make_user, home, documents
):
    page = StandardPageFactory(parent=home, title="Neglect")
    login_as(client, make_user("eddie", Role.EDITORS, Role.GOVERNANCE_OFFICERS))
    editing = reverse("wagtailadmin_pages:edit", args=[page.id])
    adding = reverse("wagtailadmin_pages:add", args=["site_core", "standardpage", home.id])

    for url in (editing, adding):
        for query in (None, "neglect"):
            html = offered(client, url, query)
            assert "Neglect strategy (ours)" in html
            assert "board paper (ours)" not in html
            assert "meeting paper (ours)" not in html
            assert "(theirs)" not in html


def test_the_chooser_in_the_members_area_and_on_a_meeting_offers_members_papers(
    client, login_as, make_user, home, documents
):
    members_area = StandardPageFactory(parent=home, title="Board")
    restrict_to_board_members(members_area)
    board_page = StandardPageFactory(parent=members_area, title="Board papers")
    login_as(client, make_user("eddie", Role.EDITORS, Role.GOVERNANCE_OFFICERS))
    meeting = documents["own"]["meeting"]

    for url in (
        reverse("wagtailadmin_pages:edit", args=[board_page.id]),
        reverse("wagtailadmin_pages:add", args=["site_core", "standardpage", members_area.id]),
        reverse("wagtailsnippets_governance_meeting:edit", args=[meeting.pk]),
    ):
        html = offered(client, url, "neglect")
        assert "Neglect strategy (ours)" in html
        assert "board paper (ours)" in html
        assert "meeting paper (ours)" in html
        assert "(theirs)" not in html
