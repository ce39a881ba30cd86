"""The guided "Worried about a child?" route: every answer path, for every
demo partnership, from that partnership's own contacts; no cookie, no form,
no script needed; the exit on every step; a missing contact is said, never a 500."""

import re

import pytest
from django.contrib.sessions.models import Session

from site_core.models import SafeguardingContacts

HOSTS = {
    "sunderland": "127.0.0.1",
    "east-sussex": "eastsussex.localhost",
    "south-tees": "southtees.localhost",
}

# What each answer path must show, per demo partnership (demo/sites.py and demo/doors.py).
EXPECTED = {
    "sunderland": {
        "emergency": ["0191 498 0123"],
        "lado": ["https://example.org/sunderland/lado-form", "0191 498 0789", "lado@example.org"],
        "adult": ["0191 498 0321"],
        "referral": ["https://example.org/sunderland/referral-form", "0191 498 0123"],
        "children-services": ["0191 498 0123"],
        "out-of-hours": ["0191 498 0456"],
    },
    "east-sussex": {
        "emergency": ["01632 960 101"],
        "lado": ["01632 960 103"],
        "adult": ["01632 960 104"],
        "referral": ["https://example.org/east-sussex/referral-form", "01632 960 101"],
        "children-services": ["01632 960 101"],
        "out-of-hours": ["01632 960 102"],
    },
    "south-tees": {
        "emergency": ["0113 496 0201"],
        "lado": ["https://example.org/south-tees/lado-form", "0113 496 0203"],
        "adult": ["https://example.org/south-tees/adults-at-risk"],
        "referral": ["0113 496 0201"],
        "children-services": ["0113 496 0201"],
        "out-of-hours": ["0113 496 0202"],
    },
}

# Each path: the answers chosen, by their first words, from the first question.
PATHS = {
    "emergency": ["Yes, a child is in danger"],
    "lado": ["No, not right now", "An adult who works with children"],
    "adult": ["No, not right now", "An adult who may be being harmed"],
    "referral": ["No, not right now", "A child or young person", "Yes, I work with children"],
    "children-services": [
        "No, not right now",
        "A child or young person",
        "No, I am a parent",
        "Yes, it is during office hours",
    ],
    "out-of-hours": [
        "No, not right now",
        "A child or young person",
        "No, I am a parent",
        "No, it is evening",
    ],
}

ANSWER_LINK = re.compile(r'<a class="route__answer" href="([^"]+)">([^<]+)</a>')


def assert_reader_keeps_nothing(response):
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert not response.cookies
    html = response.content.decode()
    # Works without JavaScript: each answer is a plain link, never a form to post.
    assert "<form" not in html.split('id="main-content"')[1].split("</main>")[0]
    # The exit button on every step.
    assert "data-quick-exit" in html and "Exit this page" in html
    assert "keeps nothing about you" in html


def walk(client, host, answers):
    """Follow the route's links as a reader would, checking every step."""
    response = client.get("/worried/", HTTP_HOST=host)
    assert_reader_keeps_nothing(response)
    for answer in answers:
        links = {words: href for href, words in ANSWER_LINK.findall(response.content.decode())}
        chosen = [href for words, href in links.items() if words.startswith(answer)]
        assert chosen, f"no answer starting “{answer}” among {list(links)}"
        response = client.get(chosen[0], HTTP_HOST=host)
        assert_reader_keeps_nothing(response)
    return response


@pytest.mark.parametrize("partnership", sorted(HOSTS))
@pytest.mark.parametrize("path", sorted(PATHS))
def test_each_answer_path_leads_to_the_partnerships_own_contact(client, demo, partnership, path):
    sessions_before = Session.objects.count()
    response = walk(client, HOSTS[partnership], PATHS[path])
    html = response.content.decode()
    if path == "emergency":
        assert "Call 999 now" in html and 'href="tel:999"' in html
    for expected in EXPECTED[partnership][path]:
        assert expected in html, f"{partnership} {path}: {expected} missing"
    # No other demo partnership's numbers.
    for other, paths in EXPECTED.items():
        if other != partnership:
            assert paths["children-services"][0] not in html
    # Nothing about the reader was stored.
    assert Session.objects.count() == sessions_before


def test_the_privacy_page_says_the_route_keeps_nothing(client, demo):
    route = client.get("/worried/", HTTP_HOST="eastsussex.localhost").content.decode()
    privacy_url = re.search(r'href="([^"]+)">Read our privacy notice', route).group(1)
    privacy = client.get(privacy_url, HTTP_HOST="eastsussex.localhost").content.decode()
    assert "set no cookie" in privacy and "no record of your answers" in privacy


@pytest.mark.django_db
def test_missing_contacts_are_said_and_never_a_500(client, site):
    contacts = SafeguardingContacts.for_site(site)
    for name in ("front_door_phone", "out_of_hours_phone", "lado_phone", "lado_email"):
        setattr(contacts, name, "")
    contacts.save()
    lado = client.get("/worried/lado/")
    assert lado.status_code == 200
    assert "does not list the LADO" in lado.content.decode()
    for step in ("referral", "children-services", "out-of-hours", "adult"):
        response = client.get(f"/worried/{step}/")
        assert response.status_code == 200
        assert "does not list" in response.content.decode()


@pytest.mark.django_db
def test_a_partnership_without_a_lado_form_offers_its_lado_phone(client, site):
    page = client.get("/worried/lado/").content.decode()
    assert "0191 498 0002" in page  # the factory's LADO phone
    assert "online form" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("step", ["nowhere", "..", "start-again"])
def test_an_unknown_step_is_not_found(client, site, step):
    assert client.get(f"/worried/{step}/").status_code == 404
