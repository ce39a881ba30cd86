"""Reminders that arrive: emails sent by scheduled background tasks.

* Governance officers, 90 and 30 days before a term ends: one email per
  officer per partnership, listing that partnership's terms only, lay members
  first and marked (their terms are fixed and need a new appointment).
* Board members, when a coming meeting of a body they sit on has papers
  published, and 7 days before it: one email per member per meeting, unless
  they turned meeting reminders off on their "My boards" page.

Every reminder sent is recorded (``ReminderSent``: kind, record, recipient,
with a unique constraint), so running the tasks again, on the same day or
after a missed day, sends nothing twice. A missed day is caught up: the
90-day reminder goes any day from 90 to 31 days before, the 30-day one from
30 days to the last day, and the week's reminder from 7 days to the day.

``manage.py send_reminders`` enqueues one task per partnership and kind;
run it daily (README: Reminders).
"""

import logging
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from site_core.models import Partnership
from site_core.roles import Role

from .models import (
    Meeting,
    MemberAccount,
    MembersAreaPage,
    Membership,
    ReminderSent,
    is_board_member,
)

logger = logging.getLogger(__name__)

TERM_REMINDER_DAYS = (90, 30)
MEETING_REMINDER_DAYS = 7
Kind = ReminderSent.Kind


def _day(value):
    return value if isinstance(value, date) else date.fromisoformat(value)


def _d(value):
    return value.strftime("%-d %B %Y")


def _name(partnership):
    return partnership.short_name or partnership.name


def _send_once(partnership, recipient, records, subject, body):
    """Record then send, in one transaction: a second run (or a second worker
    at the same moment) meets the unique constraint and sends nothing."""
    try:
        with transaction.atomic():
            ReminderSent.objects.bulk_create(
                [
                    ReminderSent(
                        partnership=partnership, kind=kind, object_id=pk, recipient=recipient
                    )
                    for kind, pk in records
                ]
            )
            send_mail(subject, body, None, [recipient.email])
    except IntegrityError:
        logger.info("Reminder to %s already sent: skipped", recipient.pk)
        return False
    return True


def _already_sent(kinds, recipients):
    return set(
        ReminderSent.objects.filter(kind__in=kinds, recipient__in=recipients).values_list(
            "kind", "object_id", "recipient_id"
        )
    )


# -- Terms ending, to governance officers ------------------------------------------------


def term_kind(days_left):
    """Which reminder a term ``days_left`` from its end is due, or None."""
    if 0 <= days_left <= 30:
        return Kind.TERM_30
    if 30 < days_left <= 90:
        return Kind.TERM_90
    return None


def governance_officers(partnership):
    group = partnership.role_groups.filter(role=Role.GOVERNANCE_OFFICERS).values("group")
    return list(
        get_user_model()
        .objects.filter(groups__in=group, is_active=True)
        .exclude(email="")
        .distinct()
    )


def send_term_reminders_now(partnership, today):
    today = _day(today)
    officers = governance_officers(partnership)
    if not officers:
        return 0
    memberships = (
        Membership.objects.filter(post__body__partnership=partnership)
        .ending_between(today, today + timedelta(days=max(TERM_REMINDER_DAYS)))
        .select_related("person", "post__body")
    )
    due = []
    for membership in memberships:
        kind = term_kind((membership.term_ends - today).days)
        if kind is not None and membership.status(today) == Membership.CURRENT:
            due.append((kind, membership))
    # Lay members first: theirs are fixed terms that need a new appointment.
    due.sort(key=lambda e: (not e[1].post.is_lay, e[1].term_ends, e[1].person.name))
    sent_before = _already_sent([Kind.TERM_90, Kind.TERM_30], officers)
    sent = 0
    for officer in officers:
        mine = [(k, m) for k, m in due if (k, m.pk, officer.pk) not in sent_before]
        if not mine:
            continue
        lines = [
            f"Terms on the {_name(partnership)}'s bodies ending soon:",
            "",
        ]
        for _kind, m in mine:
            lay = "LAY MEMBER: " if m.post.is_lay else ""
            days = (m.term_ends - today).days
            stays = " (stays until replaced)" if m.until_replaced else ""
            lines.append(
                f"- {lay}{m.person.display_name}, {m.post.display_label} on the "
                f"{m.post.body.name}: term ends {_d(m.term_ends)}, in {days} days{stays}"
            )
        lines += [
            "",
            "Arrange a reappointment or a successor, and update the membership under "
            "Governance > Memberships in the admin.",
        ]
        count = len(mine)
        subject = f"{_name(partnership)}: {count} term{'s' if count != 1 else ''} ending soon"
        if _send_once(
            partnership, officer, [(k, m.pk) for k, m in mine], subject, "\n".join(lines)
        ):
            sent += 1
    return sent


# -- Meetings, to board members ---------------------------------------------------------


def meeting_recipients(meeting, today):
    """Accounts of the meeting's body's members who still hold a members' role
    in its partnership and want meeting reminders."""
    partnership = meeting.body.partnership
    person_ids = [
        m.person_id
        for m in Membership.objects.filter(post__body=meeting.body)
        if m.status(today) in (Membership.CURRENT, Membership.APPOINTED)
    ]
    accounts = (
        MemberAccount.objects.filter(
            person_id__in=person_ids,
            person__partnership=partnership,
            meeting_reminders=True,
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user", "person")
    )
    return [a for a in accounts if is_board_member(a.user, partnership)]


def has_papers(meeting):
    return meeting.agenda_items.exclude(paper=None).exists()


def meeting_link(meeting):
    page = (
        MembersAreaPage.objects.live()
        .descendant_of(meeting.body.partnership.site.root_page)
        .first()
    )
    if page is None:
        return ""
    url = page.get_full_url() or ""
    return (
        url.rstrip("/")
        + "/"
        + page.reverse_subpage("meeting_detail", kwargs={"meeting_id": meeting.pk})
    )


def send_meeting_reminders_now(partnership, today):
    today = _day(today)
    meetings = Meeting.objects.filter(
        body__partnership=partnership, date__gte=today
    ).select_related("body__partnership__site")
    sent = 0
    for meeting in meetings:
        due = []
        if has_papers(meeting):
            due.append(Kind.PAPERS)
        if (meeting.date - today).days <= MEETING_REMINDER_DAYS:
            due.append(Kind.MEETING_7)
        if not due:
            continue
        accounts = meeting_recipients(meeting, today)
        users = [a.user for a in accounts]
        sent_before = _already_sent(due, users)
        link = meeting_link(meeting)
        for account in accounts:
            kinds = [k for k in due if (k, meeting.pk, account.user_id) not in sent_before]
            if not kinds:
                continue
            when = _d(meeting.date)
            if meeting.starts_at:
                when += f" at {meeting.starts_at:%H:%M}"
            lines = [f"Dear {account.person.display_name},", ""]
            if Kind.PAPERS in kinds:
                lines.append(
                    f"The papers for the {meeting.body.name} meeting on {when} are published."
                )
            if Kind.MEETING_7 in kinds:
                days = (meeting.date - today).days
                lines.append(
                    f"The {meeting.body.name} meets {'today' if days == 0 else f'in {days} days'}, "
                    f"on {when}{', at ' + meeting.place if meeting.place else ''}."
                )
            if link:
                lines += ["", f"Agenda, papers and the papers pack (sign in first): {link}"]
            lines += [
                "",
                "You can turn these reminders off on your “My boards” page in the members' area.",
            ]
            subject = f"{_name(partnership)}: {meeting.body.name}, {_d(meeting.date)}" + (
                ": papers published" if Kind.PAPERS in kinds else ": meeting next week"
            )
            if _send_once(
                partnership,
                account.user,
                [(k, meeting.pk) for k in kinds],
                subject,
                "\n".join(lines),
            ):
                sent += 1
    return sent


# -- Tasks -------------------------------------------------------------------------------


def _partnership(partnership_id):
    return Partnership.objects.select_related("site__root_page").filter(pk=partnership_id).first()


@task()
def send_term_reminders(partnership_id, on):
    partnership = _partnership(partnership_id)
    return 0 if partnership is None else send_term_reminders_now(partnership, on)


@task()
def send_meeting_reminders(partnership_id, on):
    partnership = _partnership(partnership_id)
    return 0 if partnership is None else send_meeting_reminders_now(partnership, on)


def enqueue_all(on=None):
    """One task per partnership and kind of reminder (manage.py send_reminders)."""
    on = (on or timezone.localdate()).isoformat()
    results = []
    for partnership_id in Partnership.objects.values_list("pk", flat=True):
        results.append(send_term_reminders.enqueue(partnership_id, on))
        results.append(send_meeting_reminders.enqueue(partnership_id, on))
    return results
