"""Booking, from the form to the register: places that are never
over-booked, a waiting list that offers freed places in turn, and every
change of a booking's status in one place.

**Capacity.** Every change that can take or free a place runs in one
transaction that first locks the session's row (``select_for_update``):
two people booking the last place at once are served one after the other,
and the second finds it taken and joins the waiting list. On SQLite, which
has no row locks, the site's transactions start IMMEDIATE (config/settings),
so writers take turns the same way.

**Waiting list.** A freed place (a cancellation, a manager's refusal, an
email address never confirmed, an offer that lapsed) is offered to the
earliest person waiting whose email address is confirmed, for
``TRAINING_OFFER_HOURS``; ``expire_offers`` (run by the housekeeping task)
passes a lapsed offer to the next person.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import emails
from .models.records import HOLDS_PLACE, Booking, CourseSession, Status


class BookingClosed(Exception):
    """Booking is not open for this session (not yet, closed or cancelled)."""


def _lock(session_id):
    return CourseSession.objects.select_for_update().get(pk=session_id)


def _taken(session):
    return session.bookings.filter(status__in=HOLDS_PLACE).count()


def book(session, booking, now=None):
    """Save ``booking`` (filled in from the form) on ``session``: a place if one
    is left, the waiting list otherwise. Emails the link to confirm the address."""
    with transaction.atomic():
        locked = _lock(session.pk)
        if locked.booking_state(now) != "open":
            raise BookingClosed
        booking.session = locked
        booking.status = Status.UNCONFIRMED if _taken(locked) < locked.capacity else Status.WAITING
        booking.save()
    emails.confirm_email(booking)
    return booking


def _offer_free_places(session, now):
    """Offer each free place of the locked ``session`` to the next person waiting."""
    free = session.capacity - _taken(session)
    if free <= 0 or session.cancelled or (session.starts_at and session.starts_at <= now):
        return []
    waiting = list(
        session.bookings.filter(status=Status.WAITING, email_confirmed_at__isnull=False).order_by(
            "created_at", "pk"
        )[:free]
    )
    for booking in waiting:
        booking.status = Status.OFFERED
        booking.offer_expires_at = now + timedelta(hours=settings.TRAINING_OFFER_HOURS)
        booking.save(update_fields=["status", "offer_expires_at"])
    return waiting


def _change(booking, change, now=None):
    """Run ``change(booking, now)`` with the session locked; then offer any
    place it freed, and send the emails it asked for after the commit."""
    now = now or timezone.now()
    with transaction.atomic():
        session = _lock(booking.session_id)
        booking = Booking.objects.select_related("session__course").get(pk=booking.pk)
        booking.session = session
        tell = change(booking, now) or []
        offers = _offer_free_places(session, now)
    for send in tell:
        send(booking)
    for offered in offers:
        emails.offered(offered)
    return booking


def _after_confirmation(booking):
    """Where a held place goes once the attendee (or their offer) is confirmed."""
    if booking.session.course.manager_approval_required and not booking.manager_decided_at:
        booking.status = Status.AWAITING_MANAGER
        return [emails.ask_manager, emails.awaiting_manager]
    booking.status = Status.CONFIRMED
    return [emails.booked]


def confirm_email(booking, now=None):
    """The attendee opened the link in their first email."""

    def change(booking, now):
        if booking.email_confirmed_at:
            return []
        booking.email_confirmed_at = now
        tell = []
        if booking.status == Status.UNCONFIRMED:
            tell = _after_confirmation(booking)
        elif booking.status == Status.WAITING:
            tell = [emails.waiting]
        booking.save(update_fields=["status", "email_confirmed_at"])
        return tell

    return _change(booking, change, now)


def manager_decides(booking, approve, now=None):
    def change(booking, now):
        if booking.status != Status.AWAITING_MANAGER:
            return []
        booking.manager_decided_at = now
        if approve:
            booking.status = Status.CONFIRMED
            tell = [emails.booked]
        else:
            booking.status = Status.DECLINED
            tell = [emails.declined]
        booking.save(update_fields=["status", "manager_decided_at"])
        return tell

    return _change(booking, change, now)


def accept_offer(booking, now=None):
    def change(booking, now):
        if booking.status != Status.OFFERED or booking.offer_expires_at <= now:
            return []
        tell = _after_confirmation(booking)
        booking.offer_expires_at = None
        booking.save(update_fields=["status", "offer_expires_at"])
        return tell

    return _change(booking, change, now)


def cancel(booking, now=None):
    def change(booking, now):
        if not booking.can_cancel:
            return []
        booking.status = Status.CANCELLED
        booking.offer_expires_at = None
        booking.save(update_fields=["status", "offer_expires_at"])
        return [emails.cancelled]

    return _change(booking, change, now)


def record_attendance(booking, attended, charge=None, charge_note="", now=None):
    """A training officer's mark on the register: attended (the certificate and
    evaluation follow by email) or did not attend, with any charge."""

    def change(booking, now):
        was = booking.status
        booking.status = Status.ATTENDED if attended else Status.DID_NOT_ATTEND
        booking.charge = charge
        booking.charge_note = charge_note
        booking.save(update_fields=["status", "charge", "charge_note"])
        return [emails.attended] if attended and was != Status.ATTENDED else []

    return _change(booking, change, now)


# -- the housekeeping task's share ------------------------------------------------


def expire_offers(now=None):
    """Offers past their time lapse; their places go to the next people waiting."""
    now = now or timezone.now()
    lapsed = 0
    for booking in Booking.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now):

        def change(booking, now):
            if booking.status != Status.OFFERED or booking.offer_expires_at > now:
                return []
            booking.status = Status.LAPSED
            booking.save(update_fields=["status"])
            return [emails.lapsed]

        _change(booking, change, now)
        lapsed += 1
    return lapsed


def release_unconfirmed(now=None):
    """Places held for an email address never confirmed are released."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.TRAINING_UNCONFIRMED_HOURS)
    released = 0
    for booking in Booking.objects.filter(status=Status.UNCONFIRMED, created_at__lte=cutoff):

        def change(booking, now):
            if booking.status != Status.UNCONFIRMED:
                return []
            booking.status = Status.CANCELLED
            booking.save(update_fields=["status"])
            return []

        _change(booking, change, now)
        released += 1
    return released


def send_reminders(now=None):
    """A reminder (with the joining link, online) to each confirmed attendee
    of a session starting within ``TRAINING_REMINDER_DAYS``, once."""
    now = now or timezone.now()
    due = Booking.objects.filter(
        status=Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        session__cancelled=False,
        session__starts_at__gt=now,
        session__starts_at__lte=now + timedelta(days=settings.TRAINING_REMINDER_DAYS),
    ).select_related("session__course", "partnership__site")
    sent = 0
    for booking in due:
        # Claim it first: a second worker at the same moment updates nothing.
        if Booking.objects.filter(pk=booking.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        ):
            emails.reminder(booking)
            sent += 1
    return sent
