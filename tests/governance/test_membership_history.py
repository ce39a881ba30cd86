"""Governance as a record over time: former members and past chairs by term,
closed bodies as they stood, unrecorded dates said plainly, and meeting
papers described truthfully."""

from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from governance.models import Body, Membership, Post
from site_core.models import Partnership
from tests.factories.governance import (
    BodyFactory,
    DocumentFactory,
    MeetingFactory,
    MembershipFactory,
    PostFactory,
)
from tests.factories.site_core import make_site

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def page_of(client, governance_page, slug):
    response = client.get(f"{governance_page.url}bodies/{slug}/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def section_text(soup, heading_id):
    heading = soup.find(id=heading_id)
    assert heading is not None, f"no #{heading_id} on the page"
    return heading.find_parent("section").get_text(" ", strip=True)


def test_former_members_and_past_chairs_are_listed_by_term_apart_from_current_ones(
    client, governance_page, board
):
    chair = PostFactory(body=board, role=Post.Role.INDEPENDENT_CHAIR, sort_order=1)
    MembershipFactory(
        post=chair,
        person__name="Pat Past",
        term_starts=date(2016, 1, 1),
        term_ends=date(2019, 12, 31),
    )
    MembershipFactory(
        post=chair, person__name="Nia Now", term_starts=date(2020, 1, 1), term_ends=None
    )
    lay = PostFactory(body=board, role=Post.Role.LAY_MEMBER, holders=2, sort_order=5)
    MembershipFactory(
        post=lay,
        person__name="Fran Former",
        term_starts=date(2019, 1, 1),
        term_ends=date(2022, 1, 1),
    )

    soup = page_of(client, governance_page, "tscp")

    current = section_text(soup, "members-heading")
    assert "Nia Now" in current
    assert "Pat Past" not in current and "Fran Former" not in current
    former_rows = [
        row.get_text(" ", strip=True)
        for row in soup.find(id="former-heading").find_next("tbody").find_all("tr")
    ]
    # Chairs first, each with the term they served.
    assert former_rows[0].startswith("Independent Chair Pat Past")
    assert "From 1 January 2016 to 31 December 2019" in former_rows[0]
    assert former_rows[1].startswith("Lay member Fran Former")
    facts = soup.select_one(".fact-list").get_text(" ", strip=True)
    assert "Chair Nia Now (Independent Chair)" in facts
    assert (
        "Past chairs Pat Past (Independent Chair): From 1 January 2016 to 31 December 2019" in facts
    )


def test_a_term_past_its_end_says_it_has_ended(client, governance_page, board):
    seat = PostFactory(body=board, role=Post.Role.INDEPENDENT_SCRUTINEER)
    MembershipFactory(
        post=seat,
        person__name="Sam Staying",
        term_starts=date(2020, 1, 1),
        term_ends=TODAY - timedelta(days=30),
        until_replaced=True,
    )
    MembershipFactory(
        post=PostFactory(body=board, role=Post.Role.MEMBER, label="Police lead"),
        person__name="Gus Gone",
        term_starts=date(2020, 1, 1),
        term_ends=TODAY - timedelta(days=1),
    )

    soup = page_of(client, governance_page, "tscp")

    current = section_text(soup, "members-heading")
    assert "Sam Staying" in current
    assert "Term ended staying on until replaced" in current
    assert "Gus Gone" not in current
    assert "Gus Gone" in section_text(soup, "former-heading")


def test_a_closed_body_shows_who_sat_on_it_when_it_closed_and_no_vacant_seats(
    client, governance_page, partnership
):
    closed = BodyFactory(
        partnership=partnership,
        name="Testshire Safeguarding Children Board",
        slug="tscb",
        kind=Body.Kind.BOARD,
        ended=date(2019, 9, 28),
    )
    chair = PostFactory(body=closed, role=Post.Role.INDEPENDENT_CHAIR, sort_order=1)
    MembershipFactory(post=chair, person__name="Paula Last", term_starts=None, term_ends=None)
    PostFactory(body=closed, role=Post.Role.LAY_MEMBER, holders=2, sort_order=5)

    soup = page_of(client, governance_page, "tscb")
    text = soup.get_text(" ", strip=True)

    assert "Vacant" not in text
    facts = soup.select_one(".fact-list").get_text(" ", strip=True)
    assert "Chair when it closed Paula Last (Independent Chair)" in facts
    members = section_text(soup, "members-heading")
    assert members.startswith("Members when it closed")
    # Neither date is recorded, and the page does not make one up.
    assert "Start not recorded; end not recorded" in members


def test_a_term_with_no_recorded_start_is_current_and_says_so(client, governance_page, board):
    seat = PostFactory(body=board, role=Post.Role.INDEPENDENT_CHAIR)
    membership = MembershipFactory(
        post=seat, person__name="Chris Named", term_starts=None, term_ends=None
    )
    membership.full_clean()

    assert membership.status() == Membership.CURRENT
    members = section_text(page_of(client, governance_page, "tscp"), "members-heading")
    assert "Chris Named" in members
    assert "Start not recorded; end not recorded" in members


def test_an_unrecorded_start_still_counts_against_the_seats(board):
    seat = PostFactory(body=board, role=Post.Role.INDEPENDENT_CHAIR, holders=1)
    MembershipFactory(post=seat, person__name="First", term_starts=None, term_ends=None)
    later = Membership(
        post=seat,
        person=MembershipFactory.build(post=seat).person,
        term_starts=date(2024, 1, 1),
    )
    later.person.save()
    with pytest.raises(Exception, match="an unrecorded date"):
        later.full_clean()


def meeting_page(client, governance_page, meeting):
    response = client.get(f"{governance_page.url}bodies/{meeting.body.slug}/meetings/{meeting.pk}/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize(
    ("days_ago", "minutes_say", "agenda_says"),
    [
        (
            800,
            "The minutes of this meeting are not published on this site.",
            "No agenda for this meeting is published on this site.",
        ),
        (20, "The minutes are not published yet", "The agenda has not been published yet."),
        (-10, "The meeting has not taken place yet", "The agenda has not been published yet."),
    ],
    ids=["long past", "recent", "upcoming"],
)
def test_missing_papers_are_described_by_when_the_meeting_was(
    client, governance_page, board, days_ago, minutes_say, agenda_says
):
    meeting = MeetingFactory(body=board, date=TODAY - timedelta(days=days_ago))

    soup = meeting_page(client, governance_page, meeting)

    assert minutes_say in section_text(soup, "minutes-heading")
    assert agenda_says in section_text(soup, "agenda-heading")
    if days_ago > 100:
        assert "not published yet" not in soup.get_text(" ", strip=True)


def test_published_minutes_are_linked_whatever_the_date(client, governance_page, board):
    minutes = DocumentFactory(title="Minutes of the old meeting")
    meeting = MeetingFactory(body=board, date=TODAY - timedelta(days=800), minutes=minutes)

    minutes_section = section_text(
        meeting_page(client, governance_page, meeting), "minutes-heading"
    )

    assert "not published" not in minutes_section


def test_another_partnerships_former_members_are_never_shown(client, governance_page, board):
    other_site = make_site(hostname="other.example", default=False, title="Otherside Partnership")
    other = BodyFactory(
        partnership=Partnership.for_site(other_site), name="Otherside board", slug="tscp"
    )
    MembershipFactory(
        post=PostFactory(body=other, role=Post.Role.INDEPENDENT_CHAIR),
        person__name="Olive Otherside",
        term_starts=date(2015, 1, 1),
        term_ends=date(2018, 1, 1),
    )

    text = page_of(client, governance_page, "tscp").get_text(" ", strip=True)

    assert "Olive Otherside" not in text


def test_no_one_is_a_current_member_of_a_body_after_it_closed(partnership):
    closed = BodyFactory(
        partnership=partnership, slug="old", kind=Body.Kind.BOARD, ended=date(2019, 9, 28)
    )
    membership = MembershipFactory(
        post=PostFactory(body=closed, role=Post.Role.INDEPENDENT_CHAIR),
        term_starts=None,
        term_ends=None,
    )

    assert membership.status(on=date(2019, 9, 28)) == Membership.CURRENT
    assert membership.status() == Membership.FORMER
