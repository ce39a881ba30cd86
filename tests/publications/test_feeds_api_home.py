"""Feeds parse, the API answers read-only, the home page features the latest report."""

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from publications.models import KeyFigure, NextYearPriority
from site_core import tenancy
from tests.factories.publications import (
    AnnualReportPageFactory,
    PlanPageFactory,
    PublicationDocumentFactory,
    ReviewFindingsPageFactory,
)
from tests.factories.site_core import make_site
from tests.helpers import default_partnership

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(content):
    """Parse a feed this site made (trusted input in a test)."""
    return ET.fromstring(content)  # noqa: S314


@pytest.fixture
def published(index, neglect):
    report = AnnualReportPageFactory(
        parent=index, title="Annual report 2022/23", publication_date=date(2023, 12, 12),
        summary="What we did in 2022/23.",
    )  # fmt: skip
    report.topics.set([neglect])
    report.save_revision().publish()
    plan = PlanPageFactory(parent=index, title="Business plan", publication_date=date(2018, 4, 1))
    AnnualReportPageFactory(parent=index, title="Draft report", live=False)
    return report, plan


def test_rss_feed_of_all_publications_parses(client, published):
    report, _plan = published
    response = client.get("/feeds/publications.rss")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse(response.content).find("channel")
    assert channel.findtext("title") == "Testshire Safeguarding Children Partnership: publications"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Annual report 2022/23", "Business plan"]
    first = items[0]
    assert first.findtext("description") == "What we did in 2022/23."
    assert first.findtext("link").endswith(report.url)
    assert "12 Dec 2023" in first.findtext("pubDate")
    assert {c.text for c in first.findall("category")} == {"Annual report", "Neglect"}


def test_atom_feed_per_type_parses(client, published):
    response = client.get("/feeds/publications/plan.atom")
    assert response.status_code == 200
    feed = parse(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == ["Business plan"]


def test_unknown_feed_type_is_not_found(client, published):
    assert client.get("/feeds/publications/podcast.rss").status_code == 404


def test_each_site_feeds_only_its_own_publications(client, published):
    other = make_site(hostname="other.localhost", default=False, title="Other home")
    from tests.factories.publications import PublicationIndexPageFactory

    other_index = PublicationIndexPageFactory(parent=other.root_page)
    ReviewFindingsPageFactory(parent=other_index, title="Other review")
    response = client.get("/feeds/publications.rss", HTTP_HOST="other.localhost")
    titles = [i.findtext("title") for i in parse(response.content).iter("item")]
    assert titles == ["Other review"]


def test_api_lists_live_pages_and_documents_read_only(client, published):
    response = client.get("/api/v2/pages/?type=publications.AnnualReportPage&fields=summary")
    assert response.status_code == 200
    data = response.json()
    assert [item["title"] for item in data["items"]] == ["Annual report 2022/23"]
    assert data["items"][0]["summary"] == "What we did in 2022/23."
    report_id = data["items"][0]["id"]
    detail = client.get(f"/api/v2/pages/{report_id}/").json()
    assert detail["publication_date"] == "2023-12-12"
    assert detail["reporting_year"] == 2022
    PublicationDocumentFactory(
        title="Full report",
        pages=2,
        collection=tenancy.public_documents_collection(default_partnership()),
        published_on_its_own=True,
    )
    documents = client.get("/api/v2/documents/").json()
    assert documents["items"][0]["title"] == "Full report"
    assert documents["items"][0]["page_count"] == 2
    assert client.post("/api/v2/pages/", {"title": "x"}).status_code == 405
    assert client.delete(f"/api/v2/pages/{report_id}/").status_code == 405


def test_home_page_features_the_latest_annual_report_and_priorities(client, home, index):
    older = AnnualReportPageFactory(
        parent=index, title="Annual report 2021/22", reporting_year=2021
    )
    latest = AnnualReportPageFactory(parent=index, title="Annual report 2022/23")
    latest.next_priorities = [NextYearPriority(text="Embed Working Together 2023")]
    latest.key_figures = [KeyFigure(value=Decimal(100), label="training sessions")]
    latest.save_revision().publish()
    soup = BeautifulSoup(client.get(home.url).content, "html.parser")
    feature = soup.find(id="latest-report-heading").find_parent("section")
    assert feature.find("a", href=latest.url)
    assert not feature.find("a", href=older.url)
    text = " ".join(feature.get_text(" ").split())
    assert "Our priorities for 2023/24" in text
    assert "Embed Working Together 2023" in text
    assert "100 training sessions" in text


def test_home_page_without_reports_shows_no_empty_feature(client, home):
    soup = BeautifulSoup(client.get(home.url).content, "html.parser")
    assert soup.find(id="latest-report-heading") is None
