"""Capacity is guaranteed by the database: 50 people booking the last 5
places at the same moment, each on a connection of their own, make exactly
5 bookings and 45 waiting-list entries (training/booking.py locks the
session's row while it counts and adds)."""

import threading

import pytest
from django.db import connection

from tests.factories.training import (
    BookingFactory,
    CoursePageFactory,
    CourseSessionFactory,
    TrainingIndexPageFactory,
)
from training.booking import book
from training.models import HOLDS_PLACE, Booking, Status

PEOPLE = 50


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_people_booking_the_last_five_places_at_once(home, partnership):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL's row locks and concurrent connections; SQLite serialises every "
            "writer anyway. CI runs this on PostgreSQL."
        )
    course = CoursePageFactory(parent=TrainingIndexPageFactory(parent=home))
    session = CourseSessionFactory(course=course, partnership=partnership, capacity=10)
    BookingFactory.create_batch(5, session=session)

    start = threading.Barrier(PEOPLE)
    failures = []

    def person(n):
        try:
            start.wait()
            book(
                session,
                Booking(name=f"Person {n}", email=f"person{n}@example.org", role="practitioner"),
            )
        except Exception as error:
            failures.append(repr(error))
        finally:
            connection.close()  # each thread had a connection of its own

    threads = [threading.Thread(target=person, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    new = Booking.objects.filter(session=session, email__startswith="person")
    assert new.filter(status__in=HOLDS_PLACE).count() == 5
    assert new.filter(status=Status.WAITING).count() == 45
    assert session.bookings.filter(status__in=HOLDS_PLACE).count() == session.capacity
