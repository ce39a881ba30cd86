"""Training sessions as iCalendar (RFC 5545): one event per part of each
session, so a course over two mornings is two entries in the calendar."""

from django.utils import timezone
from icalendar import Event

from governance.calendars import feed

PRODID = "-//Safeguarding children partnership//Training and events//EN"


def events(session, url):
    for number, part in enumerate(session.parts.all(), start=1):
        item = Event()
        item.add(
            "uid", f"training-session-{session.pk}-{number}@partnership-{session.partnership_id}"
        )
        item.add("dtstamp", timezone.now())
        item.add("summary", session.course.title)
        item.add("dtstart", part.starts)
        item.add("dtend", part.ends)
        item.add("location", "Online" if session.is_online else session.venue)
        item.add("url", url)
        item.add("description", f"{session.course.summary}\n\nDetails and booking: {url}")
        yield item


def calendar(name, sessions, request):
    return feed(
        name,
        (
            item
            for session in sessions
            for item in events(session, session.course.get_full_url(request) or "")
        ),
        prodid=PRODID,
    )
