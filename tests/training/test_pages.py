"""The public listing (filters, places left, calendar feed) and course pages:
only approved, live pages and their sessions; bad filters a 400 that keeps
the choices, never a 500."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from publications.models import Topic
from site_core.partnerships import add_partnership
from tests.factories.training import BookingFactory, CoursePageFactory, CourseSessionFactory
from training.models import Level, Mode, SessionPart, TrainingIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(training_index, partnership):
    neglect = Topic.objects.create(name="Neglect", slug="neglect")
    intro = CoursePageFactory(parent=training_index, title="Neglect: recognising it early")
    intro.topics.add(neglect)
    intro.save()
    advanced = CoursePageFactory(
        parent=training_index, title="Advanced child protection", level=Level.ADVANCED
    )
    starts = timezone.now() + timedelta(days=30)
    online = CourseSessionFactory(
        course=advanced,
        partnership=partnership,
        mode=Mode.ONLINE,
        venue="",
        capacity=1,
        parts=[SessionPart(starts=starts, ends=starts + timedelta(hours=2))],
    )
    BookingFactory(session=online)
    in_person = CourseSessionFactory(course=intro, partnership=partnership)
    return {"intro": intro, "advanced": advanced, "online": online, "in_person": in_person}


def titles(response):
    html = response.content.decode()
    return {t for t in ("Neglect: recognising it early", "Advanced child protection") if t in html}


def test_the_listing_shows_upcoming_sessions_with_places(client, training_index, catalogue):
    response = client.get(training_index.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert titles(response) == {"Neglect: recognising it early", "Advanced child protection"}
    assert "Fully booked" in html and "3 places left" not in html
    assert "s-maxage=60" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("level=advanced", {"Advanced child protection"}),
        ("topic=neglect", {"Neglect: recognising it early"}),
        ("mode=online", {"Advanced child protection"}),
        ("mode=in_person", {"Neglect: recognising it early"}),
        ("places=on", {"Neglect: recognising it early"}),
        ("audience=health", {"Neglect: recognising it early", "Advanced child protection"}),
    ],
)
def test_filters(client, training_index, catalogue, query, expected):
    response = client.get(f"{training_index.url}?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


def test_a_date_filter(client, training_index, catalogue):
    later = (timezone.localdate() + timedelta(days=20)).isoformat()
    response = client.get(f"{training_index.url}?starting={later}")
    assert titles(response) == {"Advanced child protection"}


@pytest.mark.parametrize(
    "query",
    [
        "level=expert",
        "topic=nothing-like-it",
        "mode=carrier-pigeon",
        "starting=31-31-2027",
        "starting=2027-02-30",
        "level=advanced&level=introductory",
        "audience=%F0%9F%98%80",
    ],
)
def test_bad_filters_are_a_clear_400(client, training_index, catalogue, query):
    response = client.get(f"{training_index.url}?{query}")
    html = response.content.decode()
    assert response.status_code == 400
    assert "We could not apply that filter" in html
    assert "Start again with no filters" in html
    assert titles(response) == set()


def test_bad_filter_keeps_the_other_choices(client, training_index, catalogue):
    response = client.get(f"{training_index.url}?level=advanced&mode=bus")
    html = response.content.decode()
    assert '<option value="advanced" selected>' in html
    assert "is not one we know" in html


def test_the_calendar_feed_has_each_part_of_each_session(client, training_index, catalogue):
    response = client.get(training_index.url + "calendar/")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    summaries = sorted(str(e["summary"]) for e in calendar.walk("VEVENT"))
    assert summaries == ["Advanced child protection", "Neglect: recognising it early"]
    assert any("Civic Centre" in str(e["location"]) for e in calendar.walk("VEVENT"))


def test_the_course_page_lists_sessions_and_places(client, catalogue):
    html = client.get(catalogue["intro"].url).content.decode()
    assert "Recognise signs of abuse and neglect" in html
    assert "20 places left" in html
    assert "Book a place" in html
    assert "Step-free access and a hearing loop." in html


def test_a_draft_course_and_its_sessions_are_nowhere_public(client, training_index, partnership):
    draft = CoursePageFactory(parent=training_index, title="Not approved yet", live=False)
    session = CourseSessionFactory(course=draft, partnership=partnership)
    assert "Not approved yet" not in client.get(training_index.url).content.decode()
    assert "Not approved yet" not in client.get(training_index.url + "calendar/").content.decode()
    assert client.get(session.booking_url()).status_code == 404


def test_cancelled_and_past_sessions_are_not_listed(client, training_index, catalogue):
    catalogue["in_person"].cancelled = True
    catalogue["in_person"].save()
    assert titles(client.get(training_index.url)) == {"Advanced child protection"}


def test_a_session_of_another_course_is_not_booked_through_this_page(client, catalogue):
    other = catalogue["advanced"].url + f"book/{catalogue['in_person'].pk}/"
    assert client.get(other).status_code == 404


def test_a_nul_byte_in_a_filter_is_dropped_not_an_error(client, training_index, catalogue):
    response = client.get(f"{training_index.url}?level=advanced%00")
    assert response.status_code == 200
    assert titles(response) == {"Advanced child protection"}


def test_a_new_partnership_gets_its_training_listing_as_a_draft(client, site):
    added = add_partnership("Newshire Partnership", "NSCP", "new.localhost", area="Newshire")
    listing = TrainingIndexPage.objects.child_of(added.site.root_page).get()
    assert listing.title == "Training and events"
    # Nothing public before the partnership's approvers publish it.
    assert not listing.live
    assert client.get("/training/", HTTP_HOST="new.localhost").status_code == 404
