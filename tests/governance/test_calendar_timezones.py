"""Every calendar the site writes is valid to RFC 5545 for a timed meeting: each
zone named by a TZID has its VTIMEZONE in the same file (section 3.2.19), and
that VTIMEZONE alone puts a summer meeting at the right hour."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from governance.models import Meeting
from tests.factories.governance import MeetingFactory, linked_member

from .test_my_boards import make_feed

pytestmark = pytest.mark.django_db

# A summer date (British Summer Time) a year or two ahead, so the meeting is upcoming.
SUMMER = date(timezone.localdate().year + 1, 7, 15)


@pytest.fixture
def summer_meetings(board):
    public = MeetingFactory(
        body=board, date=SUMMER, starts_at=time(14, 0), access=Meeting.Access.PUBLIC
    )
    members = MeetingFactory(
        body=board,
        date=SUMMER + timedelta(days=7),
        starts_at=time(10, 30),
        access=Meeting.Access.MEMBERS,
    )
    return public, members


def strictly_parsed(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    # icalendar is lenient: what it could not read it records as errors.
    for component in cal.walk():
        assert not component.errors, (component.name, component.errors)
    return cal


def assert_zones_are_defined(cal):
    used = cal.get_used_tzids()
    assert used == {"Europe/London"}
    assert {tz.tz_name for tz in cal.timezones} == used
    assert not cal.get_missing_tzids()
    # Read with nothing but the file's own VTIMEZONE, a 14:00 summer start is 13:00 UTC.
    london = cal.timezones[0].to_tz()
    for event in cal.walk("VEVENT"):
        start = event["dtstart"].dt
        wall = start.replace(tzinfo=None)
        assert wall.replace(tzinfo=london).astimezone(UTC) == start.astimezone(UTC)
        assert start.utcoffset() == timedelta(hours=1)


def test_public_feeds_and_add_to_calendar_carry_their_vtimezone(
    client, governance_page, board, summer_meetings
):
    public, _ = summer_meetings
    for url in [
        f"{governance_page.url}meetings/calendar/",
        f"{governance_page.url}bodies/{board.slug}/calendar/",
        f"{governance_page.url}bodies/{board.slug}/meetings/{public.pk}/calendar/",
    ]:
        cal = strictly_parsed(client.get(url))
        assert len(cal.walk("VEVENT")) == 1, url
        start = cal.walk("VEVENT")[0]["dtstart"].dt
        assert start.astimezone(UTC) == datetime(SUMMER.year, 7, 15, 13, 0, tzinfo=UTC)
        assert_zones_are_defined(cal)


def test_members_event_and_private_feed_carry_their_vtimezone(
    client, login_as, members_page, board, board_member, summer_meetings
):
    linked_member(board_member, board, "Casey Member")
    _, members_only = summer_meetings

    login_as(client, board_member)
    cal = strictly_parsed(client.get(f"{members_page.url}meetings/{members_only.pk}/calendar/"))
    assert_zones_are_defined(cal)
    client.logout()

    feed = make_feed(client, login_as, members_page, board_member)
    cal = strictly_parsed(client.get(feed))
    assert len(cal.walk("VEVENT")) == 2
    assert_zones_are_defined(cal)
