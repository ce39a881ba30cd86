"""The demo says only what its sources say: no notes to developers, no term
dates for real people the seeds do not give, learning from reviews for every
partnership, and governance pages that describe the past truthfully.

One test reads the demo as a reader would."""

import re

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page, Site

from governance.models import Meeting, Membership
from publications.models import PublicationPage, ReviewFindingsPage

pytestmark = pytest.mark.django_db

HOSTS = {
    "sunderland": "127.0.0.1",
    "east-sussex": "eastsussex.localhost",
    "south-tees": "southtees.localhost",
}
# Words that only a note meant for developers would use on a public page.
DEVELOPER_NOTES = re.compile(
    r"demo date|demonstration|the seed|does not reproduce|this demo\b", re.IGNORECASE
)


def text_of(client, host, path):
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200, f"{host}{path} answered {response.status_code}"
    main = BeautifulSoup(response.content, "html.parser").select_one("main")
    return " ".join(main.get_text(" ").split())


def test_the_demo_tells_readers_only_what_its_sources_say(client, demo):
    # No public page carries a note meant for developers.
    for page in Page.objects.live().public().filter(depth__gt=1):
        site_id, _root, path = page.get_url_parts()
        host = Site.objects.get(pk=site_id).hostname
        found = DEVELOPER_NOTES.search(text_of(client, host, path))
        assert found is None, f"{host}{path} says “{found.group(0)}”"

    # Every partnership's "Learning from reviews" lists what its report says.
    for key, host in HOSTS.items():
        text = text_of(client, host, "/publications/learning-from-reviews/")
        assert "No reviews are published" not in text, key
        assert "Try removing" not in text, key
        site = Site.objects.get(hostname=host)
        assert ReviewFindingsPage.objects.live().descendant_of(site.root_page).exists(), key

    # Real people named in the seeds have no invented term dates.
    for name in ("Paul Ennals", "Jen Beer", "Chris Robson"):
        membership = Membership.objects.get(person__name=name)
        assert membership.term_starts is None, name
        assert membership.term_ends is None, name

    sunderland = HOSTS["sunderland"]
    board = text_of(client, sunderland, "/governance/bodies/sscb/")
    assert "Vacant" not in board
    assert "Paul Ennals" in board and "Start not recorded" in board

    # Dates only as exact as the seeds give them (no day invented).
    framework = text_of(client, sunderland, "/publications/framework-of-cooperation/")
    for invented in ("28 January 2015", "31 January 2016", "Adopted"):
        assert invented not in framework, invented
    assert "November 2014 or later" in framework
    assert "do not record the decision" in framework  # what it says instead of a date
    # The paper put it forward: neither a draft nor adopted.
    assert "Proposed for adoption" in framework and "Draft" not in framework
    review = text_of(client, sunderland, "/publications/peer-review-2014/")
    for invented in ("1 November 2014", "30 November 2014", "28 January 2015"):
        assert invented not in review, invented
    assert "November 2014 or later" in review
    for slug in ("competency-framework-group", "core-curriculum-group"):
        group = text_of(client, sunderland, f"/governance/bodies/{slug}/")
        assert "April 2017" not in group and "March 2019" not in group, slug
        assert "2017–19 business plan" in group, slug
    annual = PublicationPage.objects.descendant_of(
        Site.objects.get(hostname=sunderland).root_page
    ).get(slug="annual-report-2022-23")
    assert annual.publication_date_label == "by September 2024"  # the seed's own words
    report_text = text_of(client, sunderland, "/publications/annual-report-2022-23/")
    assert "by September 2024" in report_text

    # The plan's "68 indicators" add up: indicator 56 is reported in two parts.
    plan = text_of(client, sunderland, "/publications/strategic-plan-2018-19/")
    assert "68 indicators" in plan
    counts = [int(n) for n in re.findall(r"\((\d+) indicators\)", plan)]
    assert counts == [23, 8, 37] and sum(counts) == 68
    assert "Indicator 56 is reported in 2 parts (56a and 56b)" in plan

    report = text_of(client, sunderland, "/publications/annual-report-2022-23/")
    assert "Joint Targeted Area Inspection, early 2023" in report
    assert "February 2023" not in report

    home = text_of(client, sunderland, "/")
    assert "What is current" in home
    assert "No plan in force is published on this site" in home

    # A meeting years ago whose minutes are not here does not promise them.
    east_sussex = HOSTS["east-sussex"]
    held = Meeting.objects.get(body__partnership__site__hostname=east_sussex, date__year=2023)
    text = text_of(client, east_sussex, f"/governance/bodies/hwb/meetings/{held.pk}/")
    assert "not published yet" not in text
    assert "not published on this site" in text


# The demo's own numbers are in Ofcom's drama ranges; Childline's and 999 are real.
REAL_NUMBERS = {"tel:999", "tel:08001111"}


def local_contacts(soup, selector):
    """The links to the partnership's own numbers and addresses within ``selector``."""
    region = soup.select_one(selector)
    assert region is not None, selector
    return [
        link
        for link in region.select("a[href^='tel:'], a[href^='mailto:']")
        if link["href"] not in REAL_NUMBERS
    ]


def test_invented_numbers_are_labelled_where_they_stand_and_no_date_claims_a_check(client, demo):
    for key, host in HOSTS.items():
        for path, regions in (
            ("/", [".help-strip", ".worried"]),
            ("/contact-us/", [".help-strip", ".contact-urgent", ".worried"]),
        ):
            response = client.get(path, HTTP_HOST=host)
            page = BeautifulSoup(response.content, "html.parser")
            for selector in regions:
                invented = local_contacts(page, selector)
                assert invented, f"{key}{path} {selector} shows no local number"
                for link in invented:
                    label = link.find_next_sibling()
                    assert label is not None and label.get_text() == "Demo contact", (
                        f"{key}{path} {selector}: {link.get_text()} carries no demo label"
                    )
            # The real lines are never called demo.
            for link in page.select("a[href='tel:999'], a[href='tel:08001111']"):
                label = link.find_next_sibling()
                assert label is None or "Demo" not in label.get_text(), link["href"]

        # Nobody rang the numbers or tested the site: no date says they did.
        contact = text_of(client, host, "/contact-us/")
        assert "last checked" not in contact, key
        statement = text_of(client, host, "/accessibility-statement/")
        assert "Last tested" not in statement, key


def test_public_meetings_say_what_the_seeds_record(client, demo):
    seeded = [
        (HOSTS["east-sussex"], "hwb", "12 December 2023"),
        (HOSTS["south-tees"], "scrutiny", "30 October 2023"),
    ]
    for host, body_slug, day in seeded:
        meetings = text_of(client, host, "/governance/meetings/")
        assert day in meetings, host
        held = Meeting.objects.get(body__partnership__site__hostname=host, body__slug=body_slug)
        text = text_of(client, host, f"/governance/bodies/{body_slug}/meetings/{held.pk}/")
        assert "Publications received Annual report 2022/23" in text, host
        # The papers say what the meeting was asked to do, not what it decided.
        assert "was asked to" in text, host
        for decision in ("Received and considered", "Acknowledged", "noted its"):
            assert decision not in text, (host, decision)
        feed = client.get("/governance/meetings/calendar/", HTTP_HOST=host)
        assert feed.content.decode().count("BEGIN:VEVENT") >= 1, host
