"""Public meetings: the partnership's meetings calendar, each body's meetings
list, their iCalendar feeds, "Add to calendar" for one meeting, the public
papers pack, and the register of interests where the partnership publishes it.

Routes of ``GovernanceIndexPage`` (governance/models/pages.py) call these.
Only public meetings, and only public papers, ever appear here.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from site_core.pagination import BadPageNumber, paginate

from . import calendars, packs
from .models.bodies import Body
from .models.meetings import Meeting
from .models.members import Interest
from .models.people import Membership

PAST_PER_PAGE = 20


def public_meetings(partnership):
    return Meeting.objects.filter(
        body__partnership=partnership, access=Meeting.Access.PUBLIC
    ).select_related("body")


def _sub_url(page, request, name, **kwargs):
    base = page.get_url(request) or ""
    return base.rstrip("/") + "/" + page.reverse_subpage(name, kwargs=kwargs or None)


def _full_sub_url(page, request, name, **kwargs):
    base = page.get_full_url(request) or ""
    return base.rstrip("/") + "/" + page.reverse_subpage(name, kwargs=kwargs or None)


def meeting_url(page, request, meeting, full=False):
    build = _full_sub_url if full else _sub_url
    return build(page, request, "meeting_detail", slug=meeting.body.slug, meeting_id=meeting.pk)


def _listing(page, request, template, title, meetings, **context):
    today = timezone.localdate()
    upcoming = list(meetings.filter(date__gte=today).order_by("date", "starts_at"))
    status = 200
    try:
        past = paginate(
            meetings.filter(date__lt=today).order_by("-date"),
            request.GET.get("page"),
            PAST_PER_PAGE,
        )
        page_error = ""
    except BadPageNumber as error:
        past, page_error, status = None, str(error), 400
    response = page.subroute(
        request,
        template,
        title,
        upcoming=upcoming,
        past=past,
        page_error=page_error,
        **context,
    )
    response.status_code = status
    return response


def partnership_meetings(page, request):
    partnership = page.partnership(request)
    return _listing(
        page,
        request,
        "governance/meetings.html",
        "Meetings",
        public_meetings(partnership),
        gov_body=None,
        feed_url=_sub_url(page, request, "partnership_calendar"),
    )


def body_meetings(page, request, slug):
    partnership = page.partnership(request)
    body = get_object_or_404(Body, partnership=partnership, slug=slug)
    return _listing(
        page,
        request,
        "governance/meetings.html",
        f"Meetings of the {body.name}",
        public_meetings(partnership).filter(body=body),
        gov_body=body,
        feed_url=_sub_url(page, request, "body_calendar", slug=body.slug),
    )


def partnership_calendar(page, request):
    partnership = page.partnership(request)
    meetings = public_meetings(partnership)
    cal = calendars.calendar(
        f"{partnership.short_name or partnership.name} meetings",
        [(m, meeting_url(page, request, m, full=True)) for m in meetings],
    )
    return calendars.response(cal)


def body_calendar(page, request, slug):
    partnership = page.partnership(request)
    body = get_object_or_404(Body, partnership=partnership, slug=slug)
    meetings = public_meetings(partnership).filter(body=body)
    cal = calendars.calendar(
        f"{body.name} meetings", [(m, meeting_url(page, request, m, full=True)) for m in meetings]
    )
    return calendars.response(cal)


def _public_meeting(page, request, slug, meeting_id):
    return get_object_or_404(
        public_meetings(page.partnership(request)), pk=meeting_id, body__slug=slug
    )


def meeting_calendar(page, request, slug, meeting_id):
    meeting = _public_meeting(page, request, slug, meeting_id)
    cal = calendars.calendar(
        f"{meeting.body.name} meeting", [(meeting, meeting_url(page, request, meeting, full=True))]
    )
    return calendars.response(cal, filename=f"meeting-{meeting.date:%Y-%m-%d}.ics")


def pack_response(pack, meeting, audience, private):
    if pack is None or not pack.file:
        raise Http404("No papers pack for this meeting.")
    response = FileResponse(
        pack.file.open("rb"),
        as_attachment=True,
        filename=packs.download_name(meeting, audience),
        content_type="application/zip",
    )
    if private:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
    return response


def meeting_pack(page, request, slug, meeting_id):
    meeting = _public_meeting(page, request, slug, meeting_id)
    # Normally built already in the background; built here if the worker is behind.
    pack = packs.build(meeting, packs.PUBLIC)
    return pack_response(pack, meeting, packs.PUBLIC, private=False)


def register_of_interests(page, request):
    """Current members' current interests, by name: public facts only."""
    if not page.publish_register_of_interests:
        raise Http404("This partnership does not publish a register of interests.")
    partnership = page.partnership(request)
    today = timezone.localdate()
    people = {}
    memberships = Membership.objects.filter(post__body__partnership=partnership).select_related(
        "person", "post__body"
    )
    for membership in memberships:
        if membership.status(today) == Membership.CURRENT:
            people.setdefault(membership.person_id, {"person": membership.person, "posts": []})
            people[membership.person_id]["posts"].append(membership.post)
    interests = Interest.objects.filter(person_id__in=people).order_by("person__name", "kind")
    for interest in interests:
        if interest.is_current(today):
            people[interest.person_id].setdefault("interests", []).append(interest)
    entries = sorted(people.values(), key=lambda e: e["person"].name)
    return page.subroute(
        request,
        "governance/register_of_interests.html",
        "Register of interests",
        entries=entries,
        today=today,
    )
