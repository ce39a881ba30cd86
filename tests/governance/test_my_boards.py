"""A board member's own area: their boards, terms, meetings and papers, packs and
calendars, only ever of their own partnership; everyone else is refused."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from governance import packs
from governance.models import Attendance, Meeting, MemberAccount, Post
from tests.factories.governance import (
    AgendaItemFactory,
    AttendanceFactory,
    BodyFactory,
    DeclarationFactory,
    DocumentFactory,
    GovernanceIndexPageFactory,
    InterestFactory,
    MeetingFactory,
    MembersAreaPageFactory,
    linked_member,
)
from tests.helpers import board_members_group, members_papers_collection, restrict_to_board_members

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
OTHER_HOST = "other.localhost"


@pytest.fixture
def casey(board, partnership, board_member):
    """Casey sits on the board as a lay member, term ending in 45 days."""
    return linked_member(
        board_member,
        board,
        "Casey Member",
        role=Post.Role.LAY_MEMBER,
        starts=TODAY - timedelta(days=600),
        ends=TODAY + timedelta(days=45),
    ).person


@pytest.fixture
def meetings(board, partnership):
    """A members-only meeting next week (a private paper) and a public one last month
    (a public paper and a private one)."""
    private_paper = DocumentFactory(
        title="Private scorecard", collection=members_papers_collection(partnership)
    )
    upcoming = MeetingFactory(
        body=board, date=TODAY + timedelta(days=7), access=Meeting.Access.MEMBERS, place="Room 1"
    )
    AgendaItemFactory(
        meeting=upcoming, number="1", title="Quarterly scorecard", paper=private_paper
    )
    public_paper = DocumentFactory(
        title="Annual report paper", collection=partnership.public_documents
    )
    hidden = DocumentFactory(
        title="Hidden appendix", collection=members_papers_collection(partnership)
    )
    past = MeetingFactory(body=board, date=TODAY - timedelta(days=30), access=Meeting.Access.PUBLIC)
    AgendaItemFactory(meeting=past, number="1", title="Annual report", paper=public_paper)
    AgendaItemFactory(meeting=past, number="2", title="Appendix", paper=hidden)
    return {"upcoming": upcoming, "past": past}


@pytest.fixture
def other_side(other_partnership, django_user_model):
    """Another partnership with its own member, body and members-only meeting."""
    home = other_partnership.site.root_page.specific
    index = GovernanceIndexPageFactory(parent=home)
    members = MembersAreaPageFactory(parent=index)
    restrict_to_board_members(members)
    body = BodyFactory(partnership=other_partnership, name="Otherton Board", slug="otb")
    meeting = MeetingFactory(
        body=body, date=TODAY + timedelta(days=3), access=Meeting.Access.MEMBERS
    )
    AgendaItemFactory(
        meeting=meeting,
        title="Otherton secret item",
        paper=DocumentFactory(
            title="Otherton secret", collection=members_papers_collection(other_partnership)
        ),
    )
    user = django_user_model.objects.create_user("otherton", password="not-used-here-123")
    user.groups.add(board_members_group(other_partnership))
    linked_member(user, body, "Otto Other")
    return {"user": user, "meeting": meeting, "members": members, "body": body}


def my_boards_url(members_page):
    return members_page.url + "my-boards/"


def test_a_member_sees_their_seats_terms_meetings_papers_and_records(
    client, login_as, members_page, casey, meetings, board_member
):
    AttendanceFactory(meeting=meetings["past"], person=casey, status=Attendance.Status.PRESENT)
    DeclarationFactory(meeting=meetings["past"], person=casey, interest="Governor of a school")
    InterestFactory(person=casey, description="Trustee of Testshire Young Carers")
    login_as(client, board_member)
    response = client.get(my_boards_url(members_page))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Casey Member" in html
    assert "Lay member" in html
    assert "45 days" in html
    assert "Quarterly scorecard" in html  # members-only agenda
    assert "Members only" in html
    assert "Present at 1" in html
    assert "Governor of a school" in html
    assert "Trustee of Testshire Young Carers" in html
    assert f"meetings/{meetings['upcoming'].pk}/papers/" in html


def test_the_members_area_links_to_my_boards(client, login_as, members_page, casey, board_member):
    login_as(client, board_member)
    html = client.get(members_page.url).content.decode()
    assert 'href="/governance/members/my-boards/"' in html


def test_a_signed_in_member_without_a_linked_record_is_told_what_to_do(
    client, login_as, members_page, board_member
):
    login_as(client, board_member)
    response = client.get(my_boards_url(members_page))
    assert response.status_code == 200
    assert "not linked to a member's record" in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "outsider", "other_member"])
def test_everyone_else_is_refused_my_boards_packs_and_events(
    client, login_as, members_page, casey, meetings, outsider, other_side, who
):
    if who == "outsider":
        login_as(client, outsider)
    elif who == "other_member":
        login_as(client, other_side["user"])
    upcoming = meetings["upcoming"].pk
    for url in [
        my_boards_url(members_page),
        f"{members_page.url}meetings/{upcoming}/papers/",
        f"{members_page.url}meetings/{upcoming}/calendar/",
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/_util/login/")


def test_a_member_cannot_reach_another_partnerships_meeting_from_their_own_site(
    client, login_as, members_page, casey, board_member, other_side
):
    login_as(client, board_member)
    other = other_side["meeting"].pk
    for suffix in ["", "papers/", "calendar/"]:
        response = client.get(f"{members_page.url}meetings/{other}/{suffix}")
        assert response.status_code == 404, suffix


def test_a_member_is_refused_on_another_partnerships_site(
    client, login_as, board_member, casey, other_side
):
    login_as(client, board_member)
    response = client.get(other_side["members"].url + "my-boards/", HTTP_HOST=OTHER_HOST)
    assert response.status_code == 302  # sent to sign in, not shown Otherton's
    response = client.get(
        f"{other_side['members'].url}meetings/{other_side['meeting'].pk}/papers/",
        HTTP_HOST=OTHER_HOST,
    )
    assert response.status_code == 302


def _zip_names(response):
    data = b"".join(response.streaming_content)
    archive = zipfile.ZipFile(io.BytesIO(data))
    return archive, archive.namelist()


def test_the_members_pack_holds_every_paper_with_a_contents_page(
    client, login_as, members_page, casey, meetings, board_member
):
    login_as(client, board_member)
    response = client.get(f"{members_page.url}meetings/{meetings['past'].pk}/papers/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    archive, names = _zip_names(response)
    # Numbered once, by place in the pack; the agenda's numbers are on the contents page.
    extension = names[0].rsplit(".", 1)[1]
    assert names == [f"01 Annual report.{extension}", f"02 Appendix.{extension}", "00 Contents.txt"]
    contents = archive.read("00 Contents.txt").decode()
    assert f"01 Annual report.{extension}: 1 Annual report" in contents
    assert f"02 Appendix.{extension}: 2 Appendix" in contents


def test_the_public_pack_holds_only_public_papers(client, governance_page, board, meetings):
    past = meetings["past"]
    response = client.get(f"{governance_page.url}bodies/{board.slug}/meetings/{past.pk}/papers/")
    assert response.status_code == 200
    archive, names = _zip_names(response)
    assert any("Annual report" in n for n in names)
    assert not any("Appendix" in n for n in names)
    assert (
        "Appendix" not in archive.read("00 Contents.txt").decode().split("Papers in this pack")[1]
    )


def test_a_members_only_meeting_has_no_public_pack_or_event(
    client, governance_page, board, meetings
):
    upcoming = meetings["upcoming"].pk
    base = f"{governance_page.url}bodies/{board.slug}/meetings/{upcoming}/"
    assert client.get(base + "papers/").status_code == 404
    assert client.get(base + "calendar/").status_code == 404


def test_packs_are_rebuilt_in_the_background_when_papers_change(
    board, partnership, meetings, django_capture_on_commit_callbacks
):
    past = meetings["past"]
    first = packs.build(past, packs.PUBLIC)
    assert first is not None
    with django_capture_on_commit_callbacks(execute=True):
        AgendaItemFactory(
            meeting=past,
            number="3",
            title="Late paper",
            paper=DocumentFactory(title="Late paper", collection=partnership.public_documents),
        )
    pack = past.packs.get(audience=packs.PUBLIC)
    assert pack.fingerprint != first.fingerprint
    names = zipfile.ZipFile(pack.file.open("rb")).namelist()
    assert any("Late paper" in n for n in names)
    # Nothing changed: the pack is not rewritten.
    again = packs.build(past, packs.PUBLIC)
    assert again.file.name == pack.file.name


def test_a_meeting_made_members_only_loses_its_public_pack(board, meetings):
    past = meetings["past"]
    packs.build(past, packs.PUBLIC)
    past.access = Meeting.Access.MEMBERS
    past.save()
    assert packs.build(past, packs.PUBLIC) is None
    assert not past.packs.filter(audience=packs.PUBLIC).exists()


# -- Calendars ---------------------------------------------------------------------------


def parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def summaries(cal):
    return sorted(str(e.get("summary")) for e in cal.walk("VEVENT"))


def test_a_bodys_public_feed_parses_and_holds_public_meetings_only(
    client, governance_page, board, meetings
):
    cal = parse(client.get(f"{governance_page.url}bodies/{board.slug}/calendar/"))
    events = cal.walk("VEVENT")
    assert len(events) == 1
    assert (
        str(events[0]["uid"])
        == f"meeting-{meetings['past'].pk}@partnership-{board.partnership_id}.governance"
    )
    assert events[0].decoded("dtstart") == meetings["past"].date
    assert "members only" not in summaries(cal)[0]


def test_the_partnership_feed_and_a_meetings_event_parse(client, governance_page, board, meetings):
    cal = parse(client.get(f"{governance_page.url}meetings/calendar/"))
    assert len(cal.walk("VEVENT")) == 1
    past = meetings["past"]
    response = client.get(f"{governance_page.url}bodies/{board.slug}/meetings/{past.pk}/calendar/")
    assert "attachment" in response["Content-Disposition"]
    event = parse(response).walk("VEVENT")[0]
    assert f"/meetings/{past.pk}/" in str(event["url"])


def test_a_timed_meeting_has_a_start_and_end_in_local_time(client, governance_page, board):
    from datetime import time

    meeting = MeetingFactory(body=board, date=TODAY + timedelta(days=20), starts_at=time(14, 0))
    event = parse(
        client.get(f"{governance_page.url}bodies/{board.slug}/meetings/{meeting.pk}/calendar/")
    ).walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert (start.hour, start.minute) == (14, 0)
    assert str(start.tzinfo) == "Europe/London"
    assert event.decoded("dtend") - start == timedelta(hours=2)


def make_feed(client, login_as, members_page, user):
    login_as(client, user)
    response = client.post(my_boards_url(members_page), {"action": "new_calendar"})
    assert response.status_code == 200
    html = response.content.decode()
    url = html.split('id="feed-url"')[1].split('value="')[1].split('"')[0]
    client.logout()
    return url.replace("http://testserver", "")


def test_a_members_private_feed_has_their_bodies_members_only_meetings(
    client, login_as, members_page, casey, meetings, board_member, other_side
):
    url = make_feed(client, login_as, members_page, board_member)
    assert url.startswith("/members/calendar/")
    response = client.get(url)  # no sign-in: the secret is the key
    assert "no-store" in response["Cache-Control"]
    cal = parse(response)
    titles = summaries(cal)
    assert any("(members only)" in t for t in titles)
    assert len(titles) == 2
    assert "Otherton" not in response.content.decode()
    # The same secret on another partnership's site opens nothing.
    assert client.get(url, HTTP_HOST=OTHER_HOST).status_code == 404


def test_a_private_feed_can_be_replaced_and_turned_off(
    client, login_as, members_page, casey, board_member
):
    first = make_feed(client, login_as, members_page, board_member)
    second = make_feed(client, login_as, members_page, board_member)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    login_as(client, board_member)
    client.post(my_boards_url(members_page), {"action": "revoke_calendar"})
    assert client.get(second).status_code == 404
    assert not MemberAccount.objects.get(person=casey).calendar_token_hash


def test_a_feed_stops_when_the_member_leaves_the_board_members_group(
    client, login_as, members_page, casey, board_member, partnership
):
    url = make_feed(client, login_as, members_page, board_member)
    board_member.groups.remove(board_members_group(partnership))
    assert client.get(url).status_code == 404
    assert client.get("/members/calendar/not-a-real-token.ics").status_code == 404


def test_only_a_hash_of_the_calendar_secret_is_stored(
    client, login_as, members_page, casey, board_member
):
    url = make_feed(client, login_as, members_page, board_member)
    token = url.split("/")[-1].removesuffix(".ics")
    assert token not in MemberAccount.objects.get(person=casey).calendar_token_hash


def test_a_member_can_turn_meeting_reminders_off_and_on(
    client, login_as, members_page, casey, board_member
):
    login_as(client, board_member)
    response = client.post(my_boards_url(members_page), {"action": "reminders_off"})
    assert response.status_code == 302
    assert not MemberAccount.objects.get(person=casey).meeting_reminders
    assert "Meeting reminders are off" in client.get(my_boards_url(members_page)).content.decode()
    client.post(my_boards_url(members_page), {"action": "reminders_on"})
    assert MemberAccount.objects.get(person=casey).meeting_reminders
    response = client.post(my_boards_url(members_page), {"action": "delete_everything"})
    assert response.status_code == 400
