"""Validation rules and the current / former / vacant logic at term boundaries."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from governance.models import Body, Membership, Post, Relationship
from site_core.models import Partnership
from tests.factories.governance import (
    AgencyFactory,
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    PostFactory,
    RelationshipFactory,
    StrategicPriorityFactory,
)
from tests.factories.site_core import make_site

pytestmark = pytest.mark.django_db

START, END = date(2023, 4, 1), date(2026, 3, 31)


def new_membership(post, person, starts, ends=None, **fields):
    return Membership(post=post, person=person, term_starts=starts, term_ends=ends, **fields)


def messages(error, field):
    return " ".join(error.value.message_dict[field])


def test_a_term_cannot_end_before_it_starts(board, partnership):
    post = PostFactory(body=board)
    membership = new_membership(
        post, PersonFactory(partnership=partnership), date(2024, 5, 1), date(2024, 4, 30)
    )
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "cannot end (30 April 2024) before it starts (1 May 2024)" in messages(
        error, "term_ends"
    )


def test_a_lay_member_needs_a_term_end(board, partnership):
    post = PostFactory(body=board, role=Post.Role.LAY_MEMBER, holders=3)
    membership = new_membership(post, PersonFactory(partnership=partnership), START)
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "enter the date this term ends" in messages(error, "term_ends")
    membership.term_ends = END
    membership.full_clean()


def test_terms_may_not_overlap_beyond_the_posts_holders(board, partnership):
    post = PostFactory(body=board, role=Post.Role.INDEPENDENT_CHAIR, holders=1)
    MembershipFactory(post=post, person__name="Jane Holder", term_starts=START, term_ends=END)
    overlapping = new_membership(
        post, PersonFactory(partnership=partnership), date(2026, 3, 31), date(2029, 3, 31)
    )
    with pytest.raises(ValidationError) as error:
        overlapping.full_clean()
    text = messages(error, "term_starts")
    assert "may be held by 1 person at a time" in text
    assert "Jane Holder from 1 April 2023 to 31 March 2026" in text
    # Starting the day after the other term ends is fine.
    overlapping.term_starts = date(2026, 4, 1)
    overlapping.full_clean()


def test_an_open_ended_term_overlaps_every_later_one(board, partnership):
    post = PostFactory(body=board, holders=1)
    MembershipFactory(post=post, term_starts=START, term_ends=None)
    later = new_membership(post, PersonFactory(partnership=partnership), date(2030, 1, 1))
    with pytest.raises(ValidationError):
        later.full_clean()


def test_shared_posts_allow_as_many_holders_as_seats(board, partnership):
    post = PostFactory(body=board, role=Post.Role.LAY_MEMBER, holders=2)
    MembershipFactory(post=post, term_starts=START, term_ends=END)
    MembershipFactory(post=post, term_starts=date(2024, 1, 1), term_ends=END)
    third = new_membership(post, PersonFactory(partnership=partnership), date(2025, 1, 1), END)
    with pytest.raises(ValidationError) as error:
        third.full_clean()
    assert "may be held by 2 people at a time" in messages(error, "term_starts")
    # A term that starts after one seat frees up fits.
    post.memberships.filter(term_starts=START).update(term_ends=date(2024, 12, 31))
    third.full_clean()


def test_editing_a_membership_does_not_clash_with_itself(board):
    membership = MembershipFactory(post=PostFactory(body=board), term_starts=START)
    membership.term_ends = END
    membership.full_clean()


def test_people_and_agencies_must_belong_to_the_posts_partnership(board):
    other = Partnership.for_site(
        make_site(hostname="other.localhost", default=False, title="Otherton Partnership")
    )
    post = PostFactory(body=board)
    membership = new_membership(
        post,
        PersonFactory(partnership=other),
        START,
        END,
        on_behalf_of=AgencyFactory(partnership=other),
    )
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert set(error.value.message_dict) == {"person", "on_behalf_of"}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (START - timedelta(days=1), "appointed"),
        (START, "current"),
        (END, "current"),
        (END + timedelta(days=1), "former"),
    ],
)
def test_status_at_term_boundaries(board, day, expected):
    membership = MembershipFactory(post=PostFactory(body=board), term_starts=START, term_ends=END)
    assert membership.status(day) == expected


def test_staying_until_replaced_keeps_a_member_current_until_the_successor_starts(
    board, partnership
):
    post = PostFactory(body=board, role=Post.Role.INDEPENDENT_CHAIR)
    chair = MembershipFactory(post=post, term_starts=START, term_ends=END, until_replaced=True)
    assert chair.status(date(2026, 6, 1)) == "current"
    MembershipFactory(post=post, term_starts=date(2026, 7, 1), term_ends=None)
    assert chair.status(date(2026, 6, 30)) == "current"
    assert chair.status(date(2026, 7, 1)) == "former"


def test_vacancies_follow_from_the_dates(board):
    post = PostFactory(body=board, role=Post.Role.LAY_MEMBER, holders=3)
    MembershipFactory(post=post, term_starts=START, term_ends=END)
    MembershipFactory(post=post, term_starts=date(2024, 1, 1), term_ends=date(2027, 1, 1))
    assert post.vacancies(date(2023, 3, 31)) == 3
    assert post.vacancies(date(2024, 6, 1)) == 1
    assert post.vacancies(date(2026, 4, 1)) == 2
    assert post.vacancies(date(2027, 1, 2)) == 3


def test_body_dates_and_tree_are_checked(partnership):
    parent = BodyFactory(partnership=partnership)
    child = BodyFactory(partnership=partnership, parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError) as error:
        parent.full_clean()
    assert "cannot sit under itself" in messages(error, "parent")
    closed = Body(
        partnership=partnership,
        name="Improvement board",
        slug="ib",
        kind=Body.Kind.IMPROVEMENT_BOARD,
        began=date(2018, 3, 31),
        ended=date(2014, 11, 1),
    )
    with pytest.raises(ValidationError) as error:
        closed.full_clean()
    assert "cannot end before it began" in messages(error, "ended")


def test_a_relationship_needs_two_different_bodies_in_order(partnership, board):
    hwb = BodyFactory(partnership=partnership, kind=Body.Kind.HEALTH_AND_WELLBEING)
    same = Relationship(subject=board, other=board, kind=Relationship.Kind.REPORTS_TO)
    with pytest.raises(ValidationError) as error:
        same.full_clean()
    assert "not the same one" in messages(error, "other")
    backwards = RelationshipFactory.build(
        subject=board, other=hwb, began=date(2020, 1, 1), ended=date(2019, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        backwards.full_clean()
    assert "cannot end before it began" in messages(error, "ended")


def test_a_priority_period_cannot_end_before_it_starts(board):
    priority = StrategicPriorityFactory.build(
        body=board, applies_from=date(2019, 4, 1), applies_until=date(2018, 4, 1)
    )
    with pytest.raises(ValidationError) as error:
        priority.full_clean()
    assert "cannot end before it starts" in messages(error, "applies_until")


def test_members_only_minutes_are_moved_to_members_papers_not_refused(board):
    """Saving moves public minutes of a members-only meeting to the partnership's
    members' papers (more in tests/security/test_members_papers.py)."""
    from governance.models import Meeting
    from tests.factories.governance import DocumentFactory, MeetingFactory

    meeting = MeetingFactory.build(
        body=board, access=Meeting.Access.MEMBERS, minutes=DocumentFactory(title="Open minutes")
    )
    meeting.full_clean()
    meeting.save()
    meeting.minutes.refresh_from_db()
    assert meeting.minutes.collection == board.partnership.members_papers
    assert meeting.papers_moved == [meeting.minutes]


def test_a_publication_received_needs_a_page_or_a_title(board):
    from governance.models import PublicationReceived
    from tests.factories.governance import MeetingFactory

    received = PublicationReceived(meeting=MeetingFactory(body=board))
    with pytest.raises(ValidationError) as error:
        received.full_clean()
    assert "Choose the publication's page, or type its title." in error.value.messages


def test_the_same_person_cannot_hold_the_same_post_twice_at_once(board, partnership):
    # A shared post with room to spare: only the double appointment is wrong.
    post = PostFactory(body=board, role=Post.Role.LAY_MEMBER, holders=3)
    first = MembershipFactory(post=post, person__name="Sam Twice", term_starts=START, term_ends=END)
    again = new_membership(post, first.person, date(2025, 1, 1), date(2027, 12, 31))
    with pytest.raises(ValidationError) as error:
        again.full_clean()
    text = messages(error, "term_starts")
    assert "Sam Twice already holds" in text
    assert "from 1 April 2023 to 31 March 2026" in text
    # A later term for the same person, after the first one ends, is a reappointment.
    again.term_starts = date(2026, 4, 1)
    again.full_clean()
