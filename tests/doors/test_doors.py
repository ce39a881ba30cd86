"""The three doors: on each partnership's home page, each with its own help
strip (the local number still first, the exit button still there), the young
person's door with Childline, young people's versions and a reading age for
the editor."""

import re

import pytest
from bs4 import BeautifulSoup

from doors.models import Audience
from site_core.partnerships import add_partnership
from tests.factories.doors import DoorPageFactory

HOSTS = ["127.0.0.1", "eastsussex.localhost", "southtees.localhost"]
LOCAL_NUMBER = {
    "127.0.0.1": "0191 498 0123",
    "eastsussex.localhost": "01632 960 101",
    "southtees.localhost": "0113 496 0201",
}


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("host", HOSTS)
def test_each_home_page_offers_the_three_doors_and_the_route(client, demo, host):
    home = soup(client.get("/", HTTP_HOST=host))
    doors = [a.get_text(strip=True) for a in home.select(".doors__link")]
    assert doors == ["I'm worried about a child", "I work with children", "I'm a young person"]
    assert home.select_one(".doors__route a")["href"] == "/worried/"


@pytest.mark.parametrize("host", HOSTS)
def test_each_door_words_its_help_strip_for_its_reader_with_the_local_number_first(
    client, demo, host
):
    home = soup(client.get("/", HTTP_HOST=host))
    strips = {}
    for link in home.select(".doors__link"):
        page = soup(client.get(link["href"], HTTP_HOST=host))
        strip = page.select_one(".help-strip")
        # Under the exit bar, first on a phone's screen.
        body_children = [el for el in page.body.find_all(recursive=False) if el.name]
        order = [el.get("class", [""])[0] for el in body_children]
        assert order.index("quick-exit") < order.index("help-strip") < order.index("site-header")
        phones = [a.get_text() for a in strip.select("a[href^='tel:']")]
        assert phones[0] == LOCAL_NUMBER[host]
        strips[link.get_text(strip=True)] = strip.get_text(" ", strip=True)
    assert strips["I'm a young person"].startswith("Need help?")
    assert "Childline" in strips["I'm a young person"]
    assert strips["I work with children"].startswith("Making a referral?")
    assert strips["I'm worried about a child"].startswith("Worried about a child?")


def test_the_young_persons_door_points_to_childline_and_young_peoples_versions(client, demo):
    page = soup(client.get("/young-people/", HTTP_HOST="127.0.0.1"))
    assert page.select_one("#childline-heading")
    assert page.select_one("a[href='tel:08001111']")
    versions = [a.get_text() for a in page.select("[aria-labelledby=young-versions-heading] a")]
    assert versions == ["Annual report 2022/23: the short version for young people"]
    # East Sussex publishes no young people's version: none is borrowed from Sunderland.
    other = soup(client.get("/young-people/", HTTP_HOST="eastsussex.localhost"))
    assert other.select_one("#young-versions-heading") is None


@pytest.mark.django_db
@pytest.mark.ignore_template_errors
def test_the_editor_sees_the_young_persons_reading_age(
    client, home, editor, login_as, invalid_template_variables_as_in_production
):
    plain = DoorPageFactory(
        parent=home,
        audience=Audience.YOUNG_PERSON,
        summary="You can get help. It is not your fault. Tell an adult you trust today.",
    )
    hard = DoorPageFactory(
        parent=home,
        audience=Audience.YOUNG_PERSON,
        summary="Multi-agency safeguarding arrangements necessitate comprehensive "
        "interdisciplinary collaboration notwithstanding organisational boundaries.",
    )
    grown_up = DoorPageFactory(parent=home, audience=Audience.PROFESSIONAL)
    login_as(client, editor)
    easy = client.get(f"/admin/pages/{plain.pk}/edit/").content.decode()
    age = int(re.search(r"Reading age as last saved: about (\d+)", easy).group(1))
    assert age <= 11 and "Plain enough" in easy
    assert "above 11" in client.get(f"/admin/pages/{hard.pk}/edit/").content.decode()
    assert "Reading age" not in client.get(f"/admin/pages/{grown_up.pk}/edit/").content.decode()


@pytest.mark.django_db
def test_a_new_partnership_gets_its_three_doors_as_drafts(client, site):
    added = add_partnership("Newshire Partnership", "NSCP", "new.localhost", area="Newshire")
    home = added.site.root_page
    doors = {page.slug: page.specific for page in home.get_children()}
    for slug in ("worried-about-a-child", "professionals", "young-people"):
        assert not doors[slug].live  # nothing public before its approvers publish it
    assert doors["young-people"].specific.audience == Audience.YOUNG_PERSON
    # Until a door is published, the home page's worried door is the route.
    page = soup(client.get("/", HTTP_HOST="new.localhost"))
    assert [a["href"] for a in page.select(".doors__link")] == ["/worried/"]
