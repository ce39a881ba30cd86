"""A practitioner on a 320 px phone finds a course, books it, confirms by
email and cancels; every training page passes axe-core, and none scrolls
sideways."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from site_core.models import Partnership
from tests.factories.governance import AgencyFactory
from tests.factories.site_core import make_site
from tests.factories.training import (
    CoursePageFactory,
    CourseSessionFactory,
    TrainingIndexPageFactory,
)
from training import booking as bookings
from training import links
from training.models import Booking, Status

from .helpers import BROWSER_DB, assert_no_axe_violations, assert_no_horizontal_scroll

PHONE = {"width": 320, "height": 568}


@pytest.fixture
def course(live_server):
    address = urlsplit(live_server.url)
    site = make_site(hostname=address.hostname, port=address.port)
    partnership = Partnership.for_site(site)
    AgencyFactory(partnership=partnership, name="Testshire Police")
    index = TrainingIndexPageFactory(parent=site.root_page)
    course = CoursePageFactory(
        parent=index,
        title="Neglect: recognising it early",
        non_attendance_policy="Please cancel two working days before.",
    )
    CourseSessionFactory(course=course, partnership=partnership, capacity=8)
    return course


def check(page, axe):
    assert_no_axe_violations(axe, page)
    assert_no_horizontal_scroll(page)


def link_in_last_mail(part):
    body = mail.outbox[-1].body
    return next(url for url in re.findall(r"https?://\S+", body) if part in url)


@BROWSER_DB
def test_a_practitioner_books_confirms_and_cancels_on_a_phone(live_server, page, axe, course):
    page.set_viewport_size(PHONE)
    page.goto(course.get_parent().full_url)
    check(page, axe)
    page.select_option("#id_level", "introductory")
    page.click("text=Show courses and events")
    check(page, axe)
    page.click("text=Neglect: recognising it early")
    check(page, axe)
    assert "8 places left" in page.inner_text("main")

    page.click("a.button--primary")
    check(page, axe)
    # A mistake first: the form says what is wrong and keeps what was typed.
    page.fill("#id_name", "Priya Shah")
    page.fill("#id_email", "priya.shah")
    page.click("main button[type=submit]")
    assert "There is a problem" in page.inner_text("main")
    assert page.input_value("#id_name") == "Priya Shah"
    check(page, axe)
    page.fill("#id_email", "priya.shah@police.example.org")
    page.select_option("#id_agency_choice", label="Testshire Police")
    page.select_option("#id_role", "practitioner")
    page.click("main button[type=submit]")
    assert "Check your email" in page.inner_text("h1")
    check(page, axe)

    page.goto(link_in_last_mail("/confirm/"))
    assert "your email address is confirmed" in page.inner_text("main")
    assert "Booked" in page.inner_text("main")
    check(page, axe)

    page.goto(link_in_last_mail("/bookings/"))
    page.click("text=Cancel my booking")
    assert "Your booking is cancelled" in page.inner_text("main")
    check(page, axe)
    assert Booking.objects.get().status == Status.CANCELLED


@BROWSER_DB
def test_the_other_training_pages_pass_axe_at_320px(live_server, page, axe, course):
    page.set_viewport_size(PHONE)
    session = course.sessions.get()
    attended = Booking.objects.create(
        session=session, name="Jo Bloggs", email="jo@example.org", role="practitioner"
    )
    bookings.record_attendance(attended, attended=True)
    waiting = Booking.objects.create(
        session=session,
        name="Ann Other",
        email="ann@example.org",
        role="manager",
        status=Status.AWAITING_MANAGER,
        manager_email="boss@example.org",
    )
    for url in [
        links.attendee_url(attended, "training_certificate"),
        links.verify_url(attended),
        links.attendee_url(attended, "training_evaluation"),
        links.manager_url(waiting),
    ]:
        page.goto(url)
        check(page, axe)
    # The evaluation's errors and the manager's missing decision, as shown.
    page.goto(links.attendee_url(attended, "training_evaluation"))
    page.click("main button[type=submit]")
    assert "Choose a number from 1 to 5." in page.inner_text("main")
    check(page, axe)
    page.goto(links.manager_url(waiting))
    page.click("main button[type=submit]")
    assert "Choose whether you approve the place." in page.inner_text("main")
    check(page, axe)
