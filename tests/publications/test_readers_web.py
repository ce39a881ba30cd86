"""Publications as the web expects them: a 400 that keeps the filters and
results, announced form hints and errors, CSV and feeds machines can use."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from bs4 import BeautifulSoup

from publications.models import PublicationDocumentLink
from tests.factories.governance import MembershipFactory, PostFactory
from tests.factories.publications import AnnualReportPageFactory, PublicationDocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_reports(index, neglect):
    first = AnnualReportPageFactory(
        parent=index, title="Annual report 2021/22", publication_date=date(2022, 12, 1)
    )
    first.topics.set([neglect])
    first.save_revision().publish()
    second = AnnualReportPageFactory(
        parent=index, title="Annual report 2022/23", publication_date=date(2023, 12, 1)
    )
    second.save_revision().publish()
    return first, second


def test_a_bad_filter_is_a_400_that_keeps_the_form_the_other_choices_and_results(
    client, index, two_reports
):
    response = client.get(index.url, {"q": "annual", "year": "20x3", "sort": "title"})
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#filter-q")["value"] == "annual"  # what was typed is kept
    assert soup.select_one("#filter-sort option[selected]")["value"] == "title"
    year = soup.select_one("#filter-year")
    assert year["aria-invalid"] == "true"
    assert soup.select_one(f"#{year['aria-describedby']}").get_text().startswith("“20x3”")
    titles = [h.get_text(strip=True) for h in soup.select(".publication-list__title")]
    assert titles == ["Annual report 2021/22", "Annual report 2022/23"]


def test_the_publications_search_finds_a_topic_by_name(client, index, two_reports):
    response = client.get(index.url, {"q": "neglect"})
    soup = BeautifulSoup(response.content, "html.parser")
    titles = [h.get_text(strip=True) for h in soup.select(".publication-list__title")]
    assert titles == ["Annual report 2021/22"]


def test_accessible_format_form_points_every_input_at_its_hint_and_error(client, index):
    document = PublicationDocumentFactory(title="Scanned report", fully_accessible=False)
    page = AnnualReportPageFactory(parent=index, title="Annual report 2019/20")
    page.documents = [PublicationDocumentLink(document=document)]
    page.save_revision().publish()
    url = f"/publications/documents/{document.pk}/accessible-format/"

    def described(response):
        soup = BeautifulSoup(response.content, "html.parser")
        found = {}
        for element in soup.select("form.request-form [aria-describedby]"):
            ids = element["aria-describedby"].split()
            assert all(soup.find(id=i) is not None for i in ids), ids
            found[element.get("name") or element.name] = ids
        return found

    fresh = described(client.get(url))
    assert fresh == {"email": ["id_email-hint"]}
    refused = client.post(url, {"name": "", "email": "not-an-email"})
    assert refused.status_code == 400
    after = described(refused)
    assert after["email"] == ["id_email-hint", "id_email-error"]
    assert after["name"] == ["id_name-error"]
    assert after["fieldset"] == ["id_format-error"]


def test_feed_ids_survive_a_new_slug_and_entries_have_their_own_updated(client, two_reports):
    first, _second = two_reports
    atom = "{http://www.w3.org/2005/Atom}"

    def entries():
        feed = ET.fromstring(client.get("/feeds/publications.atom").content)  # noqa: S314
        return {e.findtext(f"{atom}title"): e for e in feed.findall(f"{atom}entry")}

    before = entries()["Annual report 2021/22"].findtext(f"{atom}id")
    first.slug = "annual-report-2021-22-renamed"
    first.save_revision().publish()
    after = entries()
    assert after["Annual report 2021/22"].findtext(f"{atom}id") == before
    assert before == f"urn:uuid:{first.translation_key}"
    updated = [e.findtext(f"{atom}updated") for e in after.values()]
    assert len(set(updated)) == len(updated)
    rss = client.get("/feeds/publications.rss").content.decode()
    assert f'<guid isPermaLink="false">urn:uuid:{first.translation_key}</guid>' in rss


def test_memberships_csv_has_ids_that_join_the_json_and_says_utf8(client, board):
    MembershipFactory(post=PostFactory(body=board), person__name="Zoë Chair")
    response = client.get("/governance.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    row = rows[0]
    assert row["person"] == "Zoë Chair"
    data = client.get("/governance.json").json()
    assert row["person id"] in {p["id"] for p in data["persons"]}
    assert row["membership id"] in {m["id"] for m in data["memberships"]}
    assert row["body id"] == f"body-{board.pk}"
