"""Reminders: the right people, on the right days, each with only their own
partnership's records, never twice, and never to a member who opted out."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from governance import reminders
from governance.models import Meeting, Post, ReminderSent
from site_core.roles import Role
from tests.factories.governance import (
    AgendaItemFactory,
    BodyFactory,
    DocumentFactory,
    MeetingFactory,
    linked_member,
    seat,
)
from tests.helpers import role_group

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def officer(django_user_model, partnership):
    user = django_user_model.objects.create_user(
        "officer", email="officer@example.org", password="not-used-here-123"
    )
    user.groups.add(role_group(Role.GOVERNANCE_OFFICERS, partnership))
    return user


@pytest.fixture
def terms(board, partnership):
    """A lay member's term ends in 90 days, a member's in 30, another's in 91."""
    began = TODAY - timedelta(days=700)
    lay = seat(
        board,
        role=Post.Role.LAY_MEMBER,
        name="Lee Lay",
        starts=began,
        ends=TODAY + timedelta(days=90),
    )
    member = seat(board, name="Morgan Member", starts=began, ends=TODAY + timedelta(days=30))
    later = seat(board, name="Lou Later", starts=began, ends=TODAY + timedelta(days=91))
    return {"lay": lay, "member": member, "later": later}


def test_officers_hear_of_terms_ending_in_90_and_30_days_lay_members_first(
    partnership, officer, terms
):
    assert reminders.send_term_reminders_now(partnership, TODAY) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["officer@example.org"]
    assert "LAY MEMBER: Lee Lay" in message.body
    assert "Morgan Member" in message.body
    assert "Lou Later" not in message.body  # 91 days: not yet
    assert message.body.index("Lee Lay") < message.body.index("Morgan Member")
    assert set(ReminderSent.objects.values_list("kind", "object_id")) == {
        ("term_90", terms["lay"].pk),
        ("term_30", terms["member"].pk),
    }


def test_term_reminders_are_never_sent_twice_and_each_threshold_once(partnership, officer, terms):
    reminders.send_term_reminders_now(partnership, TODAY)
    reminders.send_term_reminders_now(partnership, TODAY)
    assert len(mail.outbox) == 1
    # A day later Lou's term is 90 days away: only Lou is news.
    reminders.send_term_reminders_now(partnership, TODAY + timedelta(days=1))
    assert len(mail.outbox) == 2
    assert "Lou Later" in mail.outbox[1].body
    assert "Lee Lay" not in mail.outbox[1].body
    # 60 days on, Lee's term is 30 days away: the second reminder, once.
    reminders.send_term_reminders_now(partnership, TODAY + timedelta(days=60))
    reminders.send_term_reminders_now(partnership, TODAY + timedelta(days=61))
    assert len(mail.outbox) == 4  # Lee at 30 days; Lou at 30 days the day after
    assert "Lee Lay" in mail.outbox[2].body
    assert "Lou Later" in mail.outbox[3].body


def test_a_missed_day_is_caught_up(partnership, officer, terms):
    reminders.send_term_reminders_now(partnership, TODAY + timedelta(days=2))
    assert "Lou Later" in mail.outbox[0].body  # 89 days left: the 90-day reminder


def test_term_reminders_go_to_that_partnerships_officers_with_its_records_only(
    partnership, officer, terms, other_partnership, django_user_model
):
    other_body = BodyFactory(partnership=other_partnership, slug="otb", name="Otherton Board")
    seat(
        other_body,
        name="Otto Other",
        starts=TODAY - timedelta(days=100),
        ends=TODAY + timedelta(days=30),
    )
    other_officer = django_user_model.objects.create_user(
        "other-officer", email="other@example.org", password="not-used-here-123"
    )
    other_officer.groups.add(role_group(Role.GOVERNANCE_OFFICERS, other_partnership))
    # Someone who works for both gets one email per partnership.
    officer.groups.add(role_group(Role.GOVERNANCE_OFFICERS, other_partnership))
    reminders.send_term_reminders_now(partnership, TODAY)
    reminders.send_term_reminders_now(other_partnership, TODAY)
    to_other = [m for m in mail.outbox if m.to == ["other@example.org"]]
    assert len(to_other) == 1
    assert "Otto Other" in to_other[0].body and "Lee Lay" not in to_other[0].body
    to_officer = [m for m in mail.outbox if m.to == ["officer@example.org"]]
    assert len(to_officer) == 2
    assert all(("Otto Other" in m.body) != ("Lee Lay" in m.body) for m in to_officer)


def test_board_members_get_no_term_reminders(partnership, terms, board_member):
    board_member.email = "member@example.org"
    board_member.save()
    reminders.send_term_reminders_now(partnership, TODAY)
    assert mail.outbox == []


# -- Meetings ----------------------------------------------------------------------------


@pytest.fixture
def members(board, partnership, make_user, board_member):
    """Two linked members of the board; a third person sits elsewhere."""
    board_member.email = f"{board_member.username}@example.org"
    board_member.save()
    second = make_user("second", Role.BOARD_MEMBERS, partnership=partnership)
    accounts = [
        linked_member(board_member, board, "Casey Member"),
        linked_member(second, board, "Sam Second"),
    ]
    elsewhere = BodyFactory(partnership=partnership, slug="elsewhere", name="Elsewhere group")
    user = make_user("elsewhere", Role.BOARD_MEMBERS, partnership=partnership)
    linked_member(user, elsewhere, "Eli Elsewhere")
    return accounts


def recipients():
    return sorted(m.to[0] for m in mail.outbox)


def test_members_hear_when_papers_are_published_once(board, partnership, members, members_page):
    meeting = MeetingFactory(
        body=board, date=TODAY + timedelta(days=20), access=Meeting.Access.MEMBERS
    )
    reminders.send_meeting_reminders_now(partnership, TODAY)
    assert mail.outbox == []  # no papers yet, and more than a week away
    AgendaItemFactory(meeting=meeting, title="Scorecard", paper=DocumentFactory())
    reminders.send_meeting_reminders_now(partnership, TODAY)
    assert recipients() == ["member@example.org", "second@example.org"]
    assert "papers for the" in mail.outbox[0].body
    assert "/governance/members/meetings/" in mail.outbox[0].body
    reminders.send_meeting_reminders_now(partnership, TODAY + timedelta(days=1))
    assert len(mail.outbox) == 2


def test_members_hear_7_days_before_a_meeting_not_8(board, partnership, members):
    MeetingFactory(body=board, date=TODAY + timedelta(days=8))
    reminders.send_meeting_reminders_now(partnership, TODAY)
    assert mail.outbox == []
    reminders.send_meeting_reminders_now(partnership, TODAY + timedelta(days=1))
    assert recipients() == ["member@example.org", "second@example.org"]
    assert "meets in 7 days" in mail.outbox[0].body
    reminders.send_meeting_reminders_now(partnership, TODAY + timedelta(days=2))
    assert len(mail.outbox) == 2


def test_an_opted_out_member_and_a_former_member_hear_nothing(board, partnership, members):
    members[1].meeting_reminders = False
    members[1].save()
    members[0].user.groups.clear()  # no longer one of the partnership's board members
    MeetingFactory(body=board, date=TODAY + timedelta(days=3))
    reminders.send_meeting_reminders_now(partnership, TODAY)
    assert mail.outbox == []


def test_another_partnerships_meetings_never_reach_these_members(
    board, partnership, members, other_partnership
):
    other_body = BodyFactory(partnership=other_partnership, slug="otb", name="Otherton Board")
    MeetingFactory(body=other_body, date=TODAY + timedelta(days=3))
    reminders.send_meeting_reminders_now(other_partnership, TODAY)
    reminders.send_meeting_reminders_now(partnership, TODAY)
    assert mail.outbox == []


def test_the_daily_command_enqueues_and_running_it_twice_sends_nothing_new(
    board, partnership, members, officer, terms
):
    MeetingFactory(body=board, date=TODAY + timedelta(days=5))
    call_command("send_reminders", verbosity=0)  # the immediate backend runs the tasks
    first = len(mail.outbox)
    assert first == 3  # the officer's terms, and two members' meeting reminders
    call_command("send_reminders", verbosity=0)
    assert len(mail.outbox) == first


def test_the_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="2026-11-27"):
        call_command("send_reminders", date="27/11/2026")


def test_with_the_real_queue_the_command_only_enqueues(
    settings, board, partnership, members, officer, terms
):
    """Under the database queue (production, make run) the command returns at once
    with one stored task per partnership and kind; the worker (db_worker) sends."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("send_reminders", verbosity=0)
    queued = DBTaskResult.objects.filter(task_path__startswith="governance.reminders.")
    assert queued.count() == 2 * type(partnership).objects.count()
    assert {tuple(r.args_kwargs["args"]) for r in queued} == {(partnership.pk, TODAY.isoformat())}
    assert mail.outbox == []
