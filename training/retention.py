"""Attendees' personal details are kept for ``TRAINING_RETENTION_YEARS`` after
their session ended (3 by default), then removed: names, email addresses
(theirs and their manager's), access needs, charge notes and evaluations'
free text. What is counted stays: the booking's status, agency, role,
charge and confidence scores, so the yearly figures do not change.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models.records import Booking, Evaluation


def cutoff(now=None):
    now = now or timezone.now()
    return now - timedelta(days=365 * settings.TRAINING_RETENTION_YEARS)


@transaction.atomic
def remove_personal_data(now=None):
    """Remove the personal details of every booking past the retention period;
    how many bookings it changed."""
    now = now or timezone.now()
    due = Booking.objects.filter(
        personal_data_removed_at__isnull=True, session__ends_at__lt=cutoff(now)
    )
    ids = list(due.values_list("pk", flat=True))
    Evaluation.objects.filter(booking_id__in=ids).update(comments="")
    return Booking.objects.filter(pk__in=ids).update(
        name="",
        email="",
        manager_email="",
        access_needs="",
        other_agency="",
        charge_note="",
        personal_data_removed_at=now,
    )
