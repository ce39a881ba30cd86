""" "My boards": a signed-in board member's own page in the members' area.

The bodies they sit on, their posts, terms and time left, the meetings of
those bodies (upcoming and past, with agenda, papers and the papers pack),
their attendance and declarations, their register of interests, their
reminder choice and their private calendar feed.

Everything is of the partnership whose site is being viewed: the members'
area (``MembersAreaPage.serve``) has already checked that the user is one of
its board members or governance officers, and the member's record is found
through their account in this partnership only.
"""

from collections import Counter

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from site_core.models import Partnership

from . import calendars, packs
from .meeting_views import pack_response
from .models.meetings import Attendance, Declaration, Meeting
from .models.members import MemberAccount
from .models.people import Membership

PAST_MEETINGS_SHOWN = 12


def account_for(user, partnership):
    """The user's member account in ``partnership``, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        MemberAccount.objects.select_related("person__partnership", "user")
        .filter(user=user, person__partnership=partnership)
        .first()
    )


def members_sub_url(page, request, name, full=False, **kwargs):
    base = (page.get_full_url(request) if full else page.get_url(request)) or ""
    return base.rstrip("/") + "/" + page.reverse_subpage(name, kwargs=kwargs or None)


def private_feed_url(request, token):
    return request.build_absolute_uri(reverse("governance_member_calendar", args=[token]))


def _seats(person, today):
    memberships = (
        Membership.objects.filter(person=person)
        .select_related("post__body", "on_behalf_of")
        .order_by("post__body__name", "-term_starts")
    )
    current, former = [], []
    for membership in memberships:
        status = membership.status(today)
        entry = {"membership": membership, "status": status}
        if membership.term_ends:
            entry["days_left"] = (membership.term_ends - today).days
        (former if status == Membership.FORMER else current).append(entry)
    return current, former


def member_bodies(person, today=None):
    """Ids of the bodies the person sits on today (or is appointed to)."""
    today = today or timezone.localdate()
    current, _ = _seats(person, today)
    return {entry["membership"].post.body_id for entry in current}


def meetings_of(body_ids):
    return (
        Meeting.objects.filter(body_id__in=body_ids)
        .select_related("body", "minutes")
        .prefetch_related("agenda_items__paper")
    )


def context(page, request, account, token=""):
    today = timezone.localdate()
    person = account.person
    current, former = _seats(person, today)
    body_ids = {entry["membership"].post.body_id for entry in current}
    meetings = meetings_of(body_ids)
    upcoming = list(meetings.filter(date__gte=today).order_by("date", "starts_at"))
    past = list(meetings.filter(date__lt=today).order_by("-date")[:PAST_MEETINGS_SHOWN])
    attendance = list(
        Attendance.objects.filter(person=person, meeting__body__partnership=person.partnership)
        .select_related("meeting__body")
        .order_by("-meeting__date")
    )
    counts = Counter(a.status for a in attendance)
    return {
        "account": account,
        "person": person,
        "current_seats": current,
        "former_seats": former,
        "upcoming": upcoming,
        "past": past,
        "attendance": attendance,
        "attended": counts[Attendance.Status.PRESENT],
        "apologies": counts[Attendance.Status.APOLOGIES],
        "absent": counts[Attendance.Status.ABSENT],
        "declarations": Declaration.objects.filter(person=person)
        .select_related("meeting__body")
        .order_by("-meeting__date"),
        "interests": person.interests.all(),
        "today": today,
        "new_feed_url": private_feed_url(request, token) if token else "",
        "sub_title": "My boards",
    }


ACTIONS = {"reminders_on", "reminders_off", "new_calendar", "revoke_calendar"}


def my_boards(page, request):
    partnership = Partnership.for_request(request)
    account = account_for(request.user, partnership)
    token = ""
    if request.method == "POST":
        if account is None:
            raise Http404("No member record is linked to this sign-in.")
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            return HttpResponseBadRequest("Unknown action: choose one of the page's buttons.")
        if action in ("reminders_on", "reminders_off"):
            account.meeting_reminders = action == "reminders_on"
            account.save(update_fields=["meeting_reminders"])
        elif action == "revoke_calendar":
            account.revoke_calendar_token()
        else:
            # Shown once, on this answer: only its hash is kept.
            token = account.new_calendar_token()
        if not token:
            return redirect(members_sub_url(page, request, "my_boards"))
    extra = {"sub_title": "My boards", "account": None, "person": None}
    if account is not None:
        extra = context(page, request, account, token)
    return page.render(request, template="governance/my_boards.html", context_overrides=extra)


def _own_meeting(request, meeting_id):
    partnership = Partnership.for_request(request)
    meeting = (
        Meeting.objects.select_related("body")
        .filter(pk=meeting_id, body__partnership=partnership)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def members_pack(page, request, meeting_id):
    meeting = _own_meeting(request, meeting_id)
    pack = packs.build(meeting, packs.MEMBERS)
    return pack_response(pack, meeting, packs.MEMBERS, private=True)


def members_meeting_calendar(page, request, meeting_id):
    meeting = _own_meeting(request, meeting_id)
    url = members_sub_url(page, request, "meeting_detail", full=True, meeting_id=meeting.pk)
    cal = calendars.calendar(f"{meeting.body.name} meeting", [(meeting, url)])
    return calendars.response(cal, filename=f"meeting-{meeting.date:%Y-%m-%d}.ics", private=True)
