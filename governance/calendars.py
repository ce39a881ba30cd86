"""Meetings as iCalendar (RFC 5545): a public feed per body, a private feed per
member, and one meeting's event for "Add to calendar".

Built with the icalendar library, so every feed is one a calendar program
can read. Public feeds and events hold public meetings only; the private
feed (governance.members) adds the members-only meetings of the bodies the
member sits on, in their own partnership only.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

# How long a meeting is assumed to last when only its start is recorded.
MEETING_LENGTH = timedelta(hours=2)
PRODID = "-//Safeguarding children partnership//Governance meetings//EN"


def uid(meeting):
    """Stable whatever the site's address or the body's slug becomes."""
    return f"meeting-{meeting.pk}@partnership-{meeting.body.partnership_id}.governance"


def event(meeting, url=""):
    item = Event()
    item.add("uid", uid(meeting))
    item.add("dtstamp", timezone.now())
    members_only = "" if meeting.is_public else " (members only)"
    item.add("summary", f"{meeting.body.name} meeting{members_only}")
    if meeting.starts_at:
        start = datetime.combine(meeting.date, meeting.starts_at, ZoneInfo(settings.TIME_ZONE))
        item.add("dtstart", start)
        item.add("dtend", start + MEETING_LENGTH)
    else:
        item.add("dtstart", meeting.date)
        item.add("dtend", meeting.date + timedelta(days=1))
    if meeting.place:
        item.add("location", meeting.place)
    description = [meeting.summary] if meeting.summary else []
    if url:
        item.add("url", url)
        description.append(f"Agenda and papers: {url}")
    if description:
        item.add("description", "\n\n".join(description))
    item.add("class", "PUBLIC" if meeting.is_public else "PRIVATE")
    return item


def feed(name, events, prodid=PRODID):
    """A published calendar of ``events``; training's feed is built here too."""
    cal = Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for item in events:
        cal.add_component(item)
    # RFC 5545 3.2.19: every TZID named needs its VTIMEZONE in the file, or a
    # strict calendar program may put a summer meeting an hour out.
    cal.add_missing_timezones()
    return cal


def calendar(name, meetings_with_urls):
    return feed(name, (event(meeting, url) for meeting, url in meetings_with_urls))


def response(cal, filename=None, private=False):
    answer = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    if filename:
        answer["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        answer["Cache-Control"] = "private, no-store"
        answer["X-Robots-Tag"] = "noindex"
    return answer
