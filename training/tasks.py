"""Training's background work, on the task queue: the housekeeping that
``manage.py training_housekeeping`` enqueues (run it hourly, as ``make run``
does): reminders before sessions (with online joining details), offers
that lapsed passed to the next person waiting, places never confirmed
released, and personal details past the retention period removed."""

from django.tasks import task

from . import booking, retention


@task()
def housekeeping():
    return {
        "offers_lapsed": booking.expire_offers(),
        "unconfirmed_released": booking.release_unconfirmed(),
        "reminders_sent": booking.send_reminders(),
        "bookings_anonymised": retention.remove_personal_data(),
    }
