"""Signed links in the emails: the attendee's own (status, confirm, cancel,
accept an offer, certificate, evaluation) and their manager's (approve).

A link names the booking by its reference, signed with the site's secret and
a salt of its own, so an attendee's link cannot be turned into their
manager's, and no booking can be reached by guessing. The attendee's links
do not expire: "cancel" must work from the first email to the last.
"""

from django.core import signing
from django.urls import reverse

ATTENDEE = "training.booking"
MANAGER = "training.manager"


def token(booking, salt=ATTENDEE):
    return signing.dumps(str(booking.reference), salt=salt)


def reference_from(value, salt=ATTENDEE):
    """The booking's reference, or None for a link that was altered."""
    try:
        return signing.loads(value, salt=salt)
    except signing.BadSignature:
        return None


def absolute(booking, path):
    return booking.partnership.site.root_url.rstrip("/") + path


def attendee_url(booking, name="training_booking"):
    return absolute(booking, reverse(name, kwargs={"token": token(booking)}))


def manager_url(booking):
    return absolute(booking, reverse("training_manager", kwargs={"token": token(booking, MANAGER)}))


def verify_url(booking):
    return absolute(booking, reverse("training_verify", kwargs={"reference": booking.reference}))
