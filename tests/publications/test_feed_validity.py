"""Every feed passes a strict check (tests/publications/feed_checks.py):
RFC 4287's schema and rules for Atom, RSS 2.0, and the W3C Feed Validator's
common warnings."""

from datetime import date

import pytest

from tests.factories.publications import (
    AnnualReportPageFactory,
    PlanPageFactory,
    ReviewFindingsPageFactory,
)

from .feed_checks import atom_problems, parse, rss_problems

pytestmark = pytest.mark.django_db

FEEDS = [
    "/feeds/publications.rss",
    "/feeds/publications.atom",
    "/feeds/publications/annual-report.rss",
    "/feeds/publications/plan.atom",
]


@pytest.fixture
def published(index, neglect, board):
    report = AnnualReportPageFactory(
        parent=index, title="Annual report 2022/23 & summary", publication_date=date(2023, 12, 12)
    )
    report.topics.set([neglect])
    report.published_by.set([board])
    report.save_revision().publish()
    # Two publications of one day, published by nobody named.
    for title in ("Business plan", "Learning from a review"):
        factory = PlanPageFactory if title == "Business plan" else ReviewFindingsPageFactory
        page = factory(parent=index, title=title, publication_date=date(2018, 4, 1))
        page.save_revision().publish()


@pytest.mark.parametrize("path", FEEDS)
def test_every_feed_passes_the_strict_check(client, published, path):
    response = client.get(path)
    assert response.status_code == 200
    url = f"http://localhost{path}"  # the site's own address, whatever the request's host
    problems = atom_problems if path.endswith(".atom") else rss_problems
    assert problems(response.content, url) == []


def test_atom_entries_without_a_publisher_are_the_partnership_s(client, published):
    feed = parse(client.get("/feeds/publications.atom").content)
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.findtext(f"{atom}author/{atom}name") == (
        "Testshire Safeguarding Children Partnership"
    )


def test_the_feed_id_is_a_uuid_that_differs_per_feed(client, published):
    atom = "{http://www.w3.org/2005/Atom}"
    ids = {
        parse(client.get(path).content).findtext(f"{atom}id")
        for path in ("/feeds/publications.atom", "/feeds/publications/plan.atom")
    }
    assert len(ids) == 2
    assert all(i.startswith("urn:uuid:") for i in ids)


GOOD_ATOM = """<feed xmlns="http://www.w3.org/2005/Atom">
<title>T</title><id>urn:uuid:{feed_id}</id><updated>2024-01-01T00:00:00Z</updated>
<link href="http://a.example/f.atom" rel="self" type="application/atom+xml"/>
<author><name>A</name></author>
<entry><title>E</title><id>urn:uuid:{one}</id><updated>2024-01-01T00:00:00Z</updated>
<link href="http://a.example/e/"/></entry>
<entry><title>F</title><id>urn:uuid:{two}</id><updated>{second_updated}</updated>
<link href="{second_link}"/></entry>
</feed>"""


def _atom(**changes):
    values = {
        "feed_id": "240df17d-3408-4bf4-af32-a4daf940ec27",
        "one": "289195f8-63ca-4092-b25a-ffed1bef0e97",
        "two": "c78bac67-6f35-4ba5-a44e-b5ebc6c4239d",
        "second_updated": "2024-01-02T00:00:00Z",
        "second_link": "http://a.example/f/",
    }
    return GOOD_ATOM.format(**{**values, **changes}).encode()


def test_the_check_finds_what_the_validator_would():
    """The check itself: a good feed passes, each fault is named."""
    assert atom_problems(_atom(), "http://a.example/f.atom") == []
    assert atom_problems(_atom(feed_id="240df17d:publications:all"))  # not a UUID
    assert atom_problems(_atom(second_updated="2024-01-01T00:00:00Z"))  # shared updated
    assert atom_problems(_atom(second_updated="2024-01-02"))  # not RFC 3339
    assert atom_problems(_atom(second_link="/f/"))  # relative
    assert atom_problems(_atom(two="289195f8-63ca-4092-b25a-ffed1bef0e97"))  # repeated id
    assert atom_problems(_atom(), "http://b.example/f.atom")  # self is elsewhere
    no_author = _atom().replace(b"<author><name>A</name></author>", b"")
    assert atom_problems(no_author)
    untyped = _atom().replace(b' type="application/atom+xml"', b"")
    assert atom_problems(untyped)
