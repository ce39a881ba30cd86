"""What the attendee and their manager are told, by email.

Every email leaves through the task queue (``send_mail`` goes to the
"default" mailer, which queues it: operations/mail.py), and every email to
an attendee ends with the link to see or cancel their booking.
"""

from django.core.mail import send_mail
from django.utils import timezone

from . import links
from .models.records import Status


def _when(session):
    parts = list(session.parts.all())
    lines = []
    for part in parts:
        start, end = timezone.localtime(part.starts), timezone.localtime(part.ends)
        lines.append(f"{start:%A %-d %B %Y}, {start:%H:%M} to {end:%H:%M}")
    return lines


def session_details(session, with_joining_link=False):
    lines = [f"{session.course.title}"]
    lines += [f"  {line}" for line in _when(session)]
    if session.is_online:
        lines.append("  Online")
        if with_joining_link and session.joining_link:
            lines.append(f"  Joining link: {session.joining_link}")
    else:
        lines.append(f"  At: {session.venue}")
    return lines


def _partnership_name(booking):
    partnership = booking.partnership
    return partnership.short_name or partnership.name


def _send(booking, subject, lines, to=None):
    footer = [
        "",
        f"See or cancel your booking: {links.attendee_url(booking)}",
        "",
        f"{booking.partnership.name}",
    ]
    send_mail(
        f"{_partnership_name(booking)} training: {subject}",
        "\n".join([*lines, *footer]),
        None,
        [to or booking.email],
    )


def confirm_email(booking):
    place = (
        "We are holding a place for you"
        if booking.holds_place
        else "The session is fully booked: you will be on its waiting list"
    )
    _send(
        booking,
        "confirm your email address",
        [
            f"Dear {booking.name},",
            "",
            f"{place} on:",
            *session_details(booking.session),
            "",
            "Confirm your email address to keep it:",
            links.attendee_url(booking, "training_confirm"),
        ],
    )


def booked(booking):
    session = booking.session
    lines = [f"Dear {booking.name},", "", "Your place is confirmed:"]
    lines += session_details(session, with_joining_link=True)
    if booking.access_needs:
        lines += ["", "We have passed the access needs you told us to the training team."]
    if session.course.non_attendance_policy:
        lines += ["", f"If you cannot come: {session.course.non_attendance_policy}"]
    _send(booking, f"booked on {session.course.title}", lines)


def waiting(booking):
    _send(
        booking,
        f"waiting list for {booking.session.course.title}",
        [
            f"Dear {booking.name},",
            "",
            "You are on the waiting list for:",
            *session_details(booking.session),
            "",
            "If a place comes free we will email you, and hold it for you for a short time.",
        ],
    )


def ask_manager(booking):
    send_mail(
        f"{_partnership_name(booking)} training: please approve {booking.name}'s place",
        "\n".join(
            [
                f"{booking.name} ({booking.email}) has asked for a place on:",
                *session_details(booking.session),
                "",
                "The course asks their manager to approve the place. Approve or decline it here:",
                links.manager_url(booking),
                "",
                "If you are not their manager, you can ignore this email.",
                "",
                booking.partnership.name,
            ]
        ),
        None,
        [booking.manager_email],
    )


def awaiting_manager(booking):
    _send(
        booking,
        "waiting for your manager",
        [
            f"Dear {booking.name},",
            "",
            f"We have asked your manager ({booking.manager_email}) to approve your place on:",
            *session_details(booking.session),
            "",
            "We hold the place meanwhile, and email you once they have decided.",
        ],
    )


def declined(booking):
    _send(
        booking,
        "place not approved",
        [
            f"Dear {booking.name},",
            "",
            f"Your manager did not approve your place on {booking.session.course.title}, "
            "so it has been released. Talk to them if you think this is a mistake.",
        ],
    )


def offered(booking):
    expires = timezone.localtime(booking.offer_expires_at)
    _send(
        booking,
        f"a place on {booking.session.course.title}",
        [
            f"Dear {booking.name},",
            "",
            "A place has come free on:",
            *session_details(booking.session),
            "",
            f"It is yours if you accept it by {expires:%H:%M on %A %-d %B}:",
            links.attendee_url(booking),
            "",
            "After that it is offered to the next person on the waiting list.",
        ],
    )


def lapsed(booking):
    _send(
        booking,
        "offer ended",
        [
            f"Dear {booking.name},",
            "",
            f"The place we offered you on {booking.session.course.title} was not accepted in "
            "time, so it has gone to the next person waiting.",
        ],
    )


def cancelled(booking):
    _send(
        booking,
        f"cancelled: {booking.session.course.title}",
        [
            f"Dear {booking.name},",
            "",
            "Your booking is cancelled:",
            *session_details(booking.session),
        ],
    )


def reminder(booking):
    _send(
        booking,
        f"reminder: {booking.session.course.title}",
        [
            f"Dear {booking.name},",
            "",
            "A reminder of your place on:",
            *session_details(booking.session, with_joining_link=True),
            "",
            "If you can no longer come, please cancel so someone else can have the place.",
        ],
    )


def attended(booking):
    _send(
        booking,
        f"your certificate for {booking.session.course.title}",
        [
            f"Dear {booking.name},",
            "",
            f"Thank you for attending {booking.session.course.title}.",
            "",
            f"Your certificate: {links.attendee_url(booking, 'training_certificate')}",
            f"Tell us how it went (two minutes): "
            f"{links.attendee_url(booking, 'training_evaluation')}",
        ],
    )


TELLS = {
    Status.CONFIRMED: booked,
    Status.WAITING: waiting,
    Status.AWAITING_MANAGER: awaiting_manager,
}
