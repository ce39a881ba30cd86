"""Members-only pages and papers are unreachable without the right sign-in, by
every route: the page, its sub-pages, the document view, the media path,
search, the sitemap and the admin."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from wagtail.models import PageViewRestriction

from governance.models import Meeting, Post
from tests.factories.governance import (
    AgendaItemFactory,
    DocumentFactory,
    MeetingFactory,
    seat,
)
from tests.helpers import members_papers_collection

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def private_meeting(board, partnership):
    paper = DocumentFactory(title="Scorecard paper", collection=members_papers_collection())
    minutes = DocumentFactory(title="Private minutes", collection=members_papers_collection())
    meeting = MeetingFactory(
        body=board, date=date(2026, 10, 15), access=Meeting.Access.MEMBERS, minutes=minutes
    )
    AgendaItemFactory(meeting=meeting, title="Quarterly scorecard", paper=paper)
    return meeting


@pytest.fixture
def contacts(board, partnership):
    contact = seat(
        board,
        role=Post.Role.LAY_MEMBER,
        name="Casey Contact",
        email="casey@example.org",
        phone="0191 498 0321",
        starts=TODAY - timedelta(days=700),
        ends=TODAY + timedelta(days=30),
    )
    seat(
        board,
        name="Later Leaver",
        starts=TODAY - timedelta(days=10),
        ends=TODAY + timedelta(days=91),
    )
    return contact.person


def assert_sent_to_sign_in(response, url):
    assert response.status_code == 302
    assert response["Location"].startswith("/_util/login/?next=")
    assert url.rstrip("/").split("/")[-1] in response["Location"]


def test_board_members_see_meetings_contacts_and_terms_ending_soon(
    client, login_as, members_page, private_meeting, contacts, board_member
):
    login_as(client, board_member)
    response = client.get(members_page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "casey@example.org" in html
    assert "0191 498 0321" in html
    ending = html.split('id="ending-heading"')[1].split("</section>")[0]
    assert "Casey Contact" in ending
    assert "Later Leaver" not in ending  # 91 days away
    assert "15 October 2026" in html
    assert "no-store" in response["Cache-Control"]

    meeting_url = members_page.url + f"meetings/{private_meeting.pk}/"
    response = client.get(meeting_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Scorecard paper" in html
    assert private_meeting.minutes.url in html


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_members_pages_send_everyone_else_to_sign_in(
    client, login_as, members_page, private_meeting, contacts, outsider, who
):
    if who == "outsider":
        login_as(client, outsider)
    for url in (members_page.url, members_page.url + f"meetings/{private_meeting.pk}/"):
        response = client.get(url)
        assert_sent_to_sign_in(response, url)
        assert b"casey@example.org" not in response.content


def test_the_members_page_stays_shut_if_its_restriction_is_removed(
    client, login_as, members_page, contacts, outsider
):
    PageViewRestriction.objects.filter(page=members_page).delete()
    response = client.get(members_page.url)
    assert response.status_code == 302
    login_as(client, outsider)
    response = client.get(members_page.url)
    assert response.status_code == 302
    assert b"casey@example.org" not in response.content


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_private_papers_need_a_board_members_sign_in_at_the_document_url(
    client, login_as, private_meeting, outsider, who
):
    if who == "outsider":
        login_as(client, outsider)
    paper = private_meeting.agenda_items.first().paper
    response = client.get(paper.url)
    if who == "anonymous":
        assert response.status_code == 302
        assert "login" in response["Location"]
    else:  # signed in, but not one of this partnership's members
        assert response.status_code == 403
    assert b"Board paper text" not in b"".join(getattr(response, "streaming_content", [b""]))


def test_board_members_can_open_private_papers(client, login_as, private_meeting, board_member):
    login_as(client, board_member)
    paper = private_meeting.agenda_items.first().paper
    response = client.get(paper.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Board paper text.\n"


@pytest.mark.parametrize("who", ["anonymous", "board_member"])
def test_media_paths_never_serve_documents(client, login_as, private_meeting, board_member, who):
    if who == "board_member":
        login_as(client, board_member)
    paper = private_meeting.agenda_items.first().paper
    assert paper.url.startswith("/documents/")
    direct = settings.MEDIA_URL + paper.file.name
    assert direct.startswith("/media/documents/")
    assert client.get(direct).status_code == 404
    assert client.get("/media/" + "images/../" + paper.file.name).status_code == 404


def test_members_area_is_left_out_of_search_and_the_sitemap(client, members_page):
    assert members_page.title not in client.get("/search/?q=members").content.decode()
    assert members_page.url not in client.get("/sitemap.xml").content.decode()


@pytest.mark.ignore_template_errors
def test_board_members_have_no_admin_access(client, login_as, board_member):
    login_as(client, board_member)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert not response.get("Location", "").startswith("/admin/pages")
    assert client.get("/admin/snippets/governance/person/").status_code in (302, 403)


def test_sign_in_page_uses_the_site_frame(client, members_page):
    response = client.get("/_util/login/?next=" + members_page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Skip to main content" in html
    assert f'value="{members_page.url}"' in html


def test_signing_out_needs_a_post_and_ends_the_session(
    client, login_as, members_page, board_member
):
    login_as(client, board_member)
    assert client.get("/members/sign-out/").status_code == 405
    assert client.post("/members/sign-out/").status_code == 302
    assert client.get(members_page.url).status_code == 302


def sign_in_at_the_public_page(client, username):
    return client.post(
        "/_util/login/", {"username": username, "password": "not-used-here-123"}, follow=True
    )


def test_signing_in_without_a_next_lands_a_board_member_in_their_members_area(
    client, members_page, board_member
):
    response = sign_in_at_the_public_page(client, "member")
    assert response.redirect_chain[-1][0] == members_page.url
    assert response.status_code == 200


def test_signing_in_without_a_next_lands_anyone_else_on_the_home_page(
    client, members_page, outsider, other_partnership, django_user_model
):
    from tests.helpers import board_members_group

    response = sign_in_at_the_public_page(client, "outsider")
    assert response.redirect_chain[-1][0] == "/"
    assert response.status_code == 200
    client.logout()
    # Another partnership's board member is not sent into this one's members' area.
    theirs = django_user_model.objects.create_user("theirs", password="not-used-here-123")
    theirs.groups.add(board_members_group(other_partnership))
    response = sign_in_at_the_public_page(client, "theirs")
    assert response.redirect_chain[-1][0] == "/"


def test_an_expired_term_staying_on_says_so_in_the_members_area(
    client, login_as, members_page, board, board_member
):
    staying = seat(board, name="Sam Staying", starts=date(2020, 1, 1), ends=TODAY - timedelta(30))
    staying.until_replaced = True
    staying.save()
    login_as(client, board_member)
    html = client.get(members_page.url).content.decode()
    table = html.split('id="membership-heading"')[1].split("</section>")[0]
    row = table.split("Sam Staying")[1].split("</tr>")[0]
    assert "Term ended</span> staying on until replaced" in row
