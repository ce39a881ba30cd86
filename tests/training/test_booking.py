"""Booking as a practitioner and their manager live it: the form, the email
links (confirm, cancel, accept an offer, approve), the waiting list and its
offers' expiry, reminders; bad input keeps what was typed."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from tests.factories.training import BookingFactory, CoursePageFactory, CourseSessionFactory
from training import booking as bookings
from training.models import Booking, Mode, SessionPart, Status

from .conftest import link_to, path_of

pytestmark = pytest.mark.django_db


def form_data(agency, **extra):
    return {
        "name": "Priya Shah",
        "email": "priya.shah@police.example.org",
        "agency_choice": str(agency.pk),
        "role": "practitioner",
        "access_needs": "Large print handouts",
        **extra,
    }


def book_through_the_form(client, session, agency, **extra):
    response = client.post(session.booking_url(), form_data(agency, **extra))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Booking.objects.get(email=extra.get("email", "priya.shah@police.example.org"))


def test_a_booking_holds_a_place_until_the_email_is_confirmed(client, session, agency, outbox):
    booking = book_through_the_form(client, session, agency)
    assert booking.status == Status.UNCONFIRMED
    assert booking.agency == agency and booking.partnership == session.partnership

    (message,) = outbox
    assert message.to == ["priya.shah@police.example.org"]
    assert "We are holding a place for you" in message.body
    assert "See or cancel your booking" in message.body

    confirmed = client.get(path_of(link_to(message, "/confirm/")))
    assert confirmed.status_code == 200
    assert "your email address is confirmed" in confirmed.content.decode()
    booking.refresh_from_db()
    assert booking.status == Status.CONFIRMED
    assert "Your place is confirmed" in outbox[-1].body
    assert "Civic Centre" in outbox[-1].body
    assert session.places_left() == 2


def test_the_page_after_booking_says_what_is_held(client, session, agency):
    response = client.post(session.booking_url(), form_data(agency), follow=True)
    html = response.content.decode()
    assert "Check your email" in html and "priya.shah@police.example.org" in html
    assert "Working together" in html
    # It names a person: never kept by the edge.
    assert "private" in response["Cache-Control"]


def test_bad_input_says_which_field_and_keeps_what_was_typed(client, session, agency):
    data = form_data(agency, email="not-an-address", role="")
    response = client.post(session.booking_url(), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Enter an email address like name@agency.gov.uk." in html
    assert "Choose your role." in html
    assert 'value="Priya Shah"' in html and 'value="not-an-address"' in html
    assert "Large print handouts" in html
    assert 'aria-invalid="true"' in html
    assert not Booking.objects.exists()


def test_another_partnerships_agency_is_refused(client, session, other_partnership):
    from tests.factories.governance import AgencyFactory

    elsewhere = AgencyFactory(partnership=other_partnership, name="Otherton Council")
    response = client.post(session.booking_url(), form_data(elsewhere))
    assert response.status_code == 400
    assert "Your agency or organisation" in response.content.decode()
    assert not Booking.objects.exists()


def test_another_organisation_needs_its_name(client, session, agency):
    response = client.post(session.booking_url(), form_data(agency, agency_choice="other"))
    assert response.status_code == 400
    assert "Type the name of your organisation." in response.content.decode()
    booking = book_through_the_form(
        client, session, agency, agency_choice="other", other_agency="St Mary's Nursery"
    )
    assert booking.agency is None and booking.organisation == "St Mary's Nursery"


def test_a_full_session_offers_the_waiting_list(client, session, agency, outbox):
    BookingFactory.create_batch(3, session=session)
    page = client.get(session.course.url).content.decode()
    assert "Fully booked" in page and "Join the waiting list" in page
    booking = book_through_the_form(client, session, agency)
    assert booking.status == Status.WAITING and booking.joined_waiting_list
    assert "fully booked" in outbox[-1].body
    client.get(path_of(link_to(outbox[-1], "/confirm/")))
    booking.refresh_from_db()
    assert booking.status == Status.WAITING and booking.email_confirmed_at


def test_cancelling_offers_the_place_to_the_next_person_waiting(client, session, outbox):
    booked = BookingFactory.create_batch(3, session=session)
    first = BookingFactory(session=session, status=Status.WAITING)
    second = BookingFactory(session=session, status=Status.WAITING)
    outbox.clear()

    from training import links

    page = client.get(path_of(links.attendee_url(booked[0])))
    assert "Cancel my booking" in page.content.decode()
    response = client.post(path_of(links.attendee_url(booked[0])), {"action": "cancel"})
    assert "Your booking is cancelled" in response.content.decode()
    booked[0].refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert booked[0].status == Status.CANCELLED
    assert first.status == Status.OFFERED and first.offer_expires_at > timezone.now()
    assert second.status == Status.WAITING
    offer = next(m for m in outbox if m.to == [first.email])
    assert "A place has come free" in offer.body

    accepted = client.post(path_of(link_to(offer, "/bookings/")), {"action": "accept"})
    assert "You have accepted the place" in accepted.content.decode()
    first.refresh_from_db()
    assert first.status == Status.CONFIRMED
    assert session.places_left() == 0


def test_an_offer_not_taken_up_in_time_passes_to_the_next(session, outbox):
    booked = BookingFactory.create_batch(3, session=session)
    first = BookingFactory(session=session, status=Status.WAITING)
    second = BookingFactory(session=session, status=Status.WAITING)
    bookings.cancel(booked[0])
    first.refresh_from_db()
    assert first.status == Status.OFFERED

    assert bookings.expire_offers(timezone.now() + timedelta(hours=1)) == 0
    later = first.offer_expires_at + timedelta(minutes=1)
    assert bookings.expire_offers(later) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.LAPSED
    assert second.status == Status.OFFERED
    assert any("was not accepted in time" in m.body for m in outbox if m.to == [first.email])
    # Accepting after the time is refused.
    assert bookings.accept_offer(first, later).status == Status.LAPSED


def test_a_waiting_list_entry_whose_email_is_unconfirmed_is_passed_over(session):
    booked = BookingFactory.create_batch(3, session=session)
    silent = BookingFactory(session=session, status=Status.WAITING, email_confirmed_at=None)
    keen = BookingFactory(session=session, status=Status.WAITING)
    bookings.cancel(booked[0])
    silent.refresh_from_db()
    keen.refresh_from_db()
    assert silent.status == Status.WAITING and keen.status == Status.OFFERED


def test_unconfirmed_places_are_released_after_two_days(session):
    held = BookingFactory(session=session, status=Status.UNCONFIRMED, email_confirmed_at=None)
    waiting = BookingFactory.create_batch(3, session=session)  # noqa: F841 - fill it
    assert bookings.release_unconfirmed(timezone.now()) == 0
    assert bookings.release_unconfirmed(timezone.now() + timedelta(hours=49)) == 1
    held.refresh_from_db()
    assert held.status == Status.CANCELLED


def test_the_manager_approves_through_a_signed_link(
    client, training_index, partnership, agency, outbox
):
    course = CoursePageFactory(parent=training_index, manager_approval_required=True)
    session = CourseSessionFactory(course=course, partnership=partnership)
    # The manager's address is asked for, and must be given.
    missing = client.post(session.booking_url(), form_data(agency))
    assert missing.status_code == 400
    assert "This course needs your manager" in missing.content.decode()
    booking = book_through_the_form(
        client, session, agency, manager_email="boss@police.example.org"
    )
    client.get(path_of(link_to(outbox[-1], "/confirm/")))
    booking.refresh_from_db()
    assert booking.status == Status.AWAITING_MANAGER
    ask = next(m for m in outbox if m.to == ["boss@police.example.org"])
    manager_link = path_of(link_to(ask, "/bookings/manager/"))

    # The attendee's own link is not the manager's.
    from training import links

    assert (
        client.get(
            path_of(links.attendee_url(booking)).replace("/bookings/", "/bookings/manager/")
        ).status_code
        == 404
    )
    page = client.get(manager_link)
    assert "Priya Shah" in page.content.decode()
    no_choice = client.post(manager_link, {})
    assert no_choice.status_code == 400
    assert "Choose whether you approve the place." in no_choice.content.decode()
    client.post(manager_link, {"decision": "approve"})
    booking.refresh_from_db()
    assert booking.status == Status.CONFIRMED
    assert "Your place is confirmed" in outbox[-1].body


def test_a_manager_who_declines_releases_the_place(training_index, partnership):
    course = CoursePageFactory(parent=training_index, manager_approval_required=True)
    session = CourseSessionFactory(course=course, partnership=partnership, capacity=1)
    booking = BookingFactory(
        session=session, status=Status.AWAITING_MANAGER, manager_email="boss@example.org"
    )
    waiting = BookingFactory(session=session, status=Status.WAITING)
    bookings.manager_decides(booking, approve=False)
    booking.refresh_from_db()
    waiting.refresh_from_db()
    assert booking.status == Status.DECLINED
    assert waiting.status == Status.OFFERED


def test_altered_links_and_other_partnerships_hosts_find_nothing(client, session, other_site):
    from training import links

    booking = BookingFactory(session=session)
    url = path_of(links.attendee_url(booking))
    assert client.get(url).status_code == 200
    assert client.get(url[:-3] + "xx/").status_code == 404
    assert client.get(url, HTTP_HOST="other.localhost").status_code == 404


def test_booking_closed_or_not_yet_open_takes_no_booking(client, session, agency):
    session.booking_closes = timezone.now() - timedelta(hours=1)
    session.booking_opens = timezone.now() - timedelta(days=3)
    session.save()
    response = client.post(session.booking_url(), form_data(agency))
    assert "Booking for this session has closed" in response.content.decode()
    assert not Booking.objects.exists()
    session.booking_opens = timezone.now() + timedelta(days=1)
    session.booking_closes = None
    session.save()
    assert "Booking opens" in client.get(session.course.url).content.decode()


def test_reminders_carry_the_joining_link_to_confirmed_attendees_only(course, partnership, outbox):
    starts = timezone.now() + timedelta(days=1)
    session = CourseSessionFactory(
        course=course,
        partnership=partnership,
        mode=Mode.ONLINE,
        venue="",
        joining_link="https://meet.example.org/abc-123",
        parts=[SessionPart(starts=starts, ends=starts + timedelta(hours=2))],
    )
    confirmed = BookingFactory(session=session)
    BookingFactory(session=session, status=Status.WAITING)
    outbox.clear()
    assert bookings.send_reminders() == 1
    assert bookings.send_reminders() == 0  # once only
    (message,) = outbox
    assert message.to == [confirmed.email]
    assert "https://meet.example.org/abc-123" in message.body


def test_the_joining_link_is_never_on_public_pages(client, course, partnership, training_index):
    session = CourseSessionFactory(
        course=course,
        partnership=partnership,
        mode=Mode.ONLINE,
        venue="",
        joining_link="https://meet.example.org/secret-room",
    )
    for url in (training_index.url, course.url, session.booking_url()):
        assert "secret-room" not in client.get(url).content.decode()
    assert "secret-room" not in client.get(training_index.url + "calendar/").content.decode()


@override_settings(RATE_LIMITS={**settings.RATE_LIMITS, "training-booking": (2, 3600)})
def test_many_bookings_from_one_connection_are_held_back_and_keep_what_was_typed(
    client, session, agency
):
    for n in (1, 2):
        book_through_the_form(client, session, agency, email=f"person{n}@police.example.org")
    refused = client.post(
        session.booking_url(), form_data(agency, email="person3@police.example.org")
    )
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "Please wait 60 minutes before booking again" in html
    assert 'value="Priya Shah"' in html and 'value="person3@police.example.org"' in html
    assert Booking.objects.count() == 2
    # Another connection is not held back.
    other = client.post(
        session.booking_url(),
        form_data(agency, email="person4@police.example.org"),
        REMOTE_ADDR="198.51.100.7",
    )
    assert other.status_code == 302
    assert Booking.objects.count() == 3
