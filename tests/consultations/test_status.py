"""A consultation's status comes from its dates and whether its outcome is out."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from consultations.models import Status, status_on
from tests.factories.consultations import ConsultationPageFactory

OPENS, CLOSES = date(2026, 3, 1), date(2026, 3, 31)


@pytest.mark.parametrize(
    ("day", "published", "expected"),
    [
        (date(2026, 2, 28), False, Status.UPCOMING),
        (OPENS, False, Status.OPEN),  # open on its first day
        (CLOSES, False, Status.OPEN),  # and on its last
        (date(2026, 4, 1), False, Status.CLOSED),
        (date(2026, 4, 1), True, Status.CONCLUDED),
        # An outcome ticked early does not end a consultation still running.
        (date(2026, 3, 15), True, Status.OPEN),
    ],
)
def test_status_from_dates(day, published, expected):
    assert status_on(day, OPENS, CLOSES, published) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("opens", "closes", "words"),
    [
        (7, 14, "Upcoming"),
        (-7, 7, "Open"),
        (-14, -7, "Closed"),
    ],
)
def test_the_page_says_its_status_in_words(home, client, opens, closes, words):
    today = timezone.localdate()
    page = ConsultationPageFactory(
        parent=home,
        opens_on=today + timedelta(days=opens),
        closes_on=today + timedelta(days=closes),
    )
    html = client.get(page.url).content.decode()
    assert f"<strong>{words}.</strong>" in html
    # Only an open consultation offers its questions.
    assert ("Questions for children and young people" in html) == (words == "Open")


@pytest.mark.django_db
def test_a_concluded_consultation_shows_you_said_we_did(home, client):
    today = timezone.localdate()
    page = ConsultationPageFactory(
        parent=home,
        opens_on=today - timedelta(days=60),
        closes_on=today - timedelta(days=30),
        outcome_published=True,
        you_said="<p>Young people told us they want to know who to ask.</p>",
        we_did="<p>Every school now shows who to ask on one poster.</p>",
    )
    html = client.get(page.url).content.decode()
    assert "Closed: outcome published." in html
    assert "You said, we did" in html
    assert "who to ask on one poster" in html


@pytest.mark.django_db
def test_the_outcome_needs_both_halves_and_the_dates_an_order(home):
    from django.core.exceptions import ValidationError

    page = ConsultationPageFactory.build(
        opens_on=date(2026, 3, 31), closes_on=date(2026, 3, 1), outcome_published=True
    )
    with pytest.raises(ValidationError) as raised:
        page.clean()
    assert "closes_on" in raised.value.message_dict
    page.closes_on = date(2026, 4, 30)
    with pytest.raises(ValidationError) as raised:
        page.clean()
    assert set(raised.value.message_dict) == {"you_said", "we_did"}
