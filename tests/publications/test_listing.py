"""The publications index and 'Learning from reviews': filters, search,
sorting, pagination and bad values."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

from governance.models import Body
from publications.models.listing import RESULTS_PER_PAGE
from site_core.models import Partnership
from tests.factories.publications import (
    AnnualReportPageFactory,
    AudienceVersionPageFactory,
    BodyFactory,
    FrameworkPageFactory,
    PlanPageFactory,
    PublicationIndexPageFactory,
    ReviewFindingsPageFactory,
    TopicFactory,
)
from tests.factories.site_core import make_site
from tests.helpers import SharedContent

pytestmark = pytest.mark.django_db


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".publication-list__title a")]


def count_text(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(soup.select_one(".result-count").get_text().split())


def _build_catalogue():
    """The default site's publications index with four live publications from
    two publishers and one draft (the bodies and topics as
    tests/publications/conftest.py makes them): what most tests here only
    read. Their ids."""
    site = make_site()
    partnership = Partnership.for_site(site)
    index = PublicationIndexPageFactory(parent=site.root_page.specific)
    board = BodyFactory(
        partnership=partnership,
        name="Testshire Safeguarding Children Board",
        slug="tscb",
        short_name="TSCB",
        kind="board",
    )
    hwb = BodyFactory(
        partnership=partnership,
        name="Testshire Health and Wellbeing Board",
        slug="hwb",
        short_name="HWB",
        kind="hwb",
    )
    neglect = TopicFactory(name="Neglect", slug="neglect")
    early_help = TopicFactory(name="Early help", slug="early-help")
    report = AnnualReportPageFactory(
        parent=index, title="Annual report 2022/23", publication_date=date(2023, 12, 12)
    )
    report.published_by.set([board])
    report.topics.set([neglect])
    report.save_revision().publish()
    plan = PlanPageFactory(parent=index, title="Business plan", publication_date=date(2018, 4, 23))
    plan.published_by.set([board])
    plan.topics.set([early_help])
    plan.save_revision().publish()
    review = ReviewFindingsPageFactory(
        parent=index, title="Peer review of neglect work", publication_date=date(2015, 1, 28),
        review_type="peer_review",
    )  # fmt: skip
    review.published_by.set([hwb])
    review.topics.set([neglect])
    review.save_revision().publish()
    framework = FrameworkPageFactory(
        parent=index, title="Framework of cooperation", publication_date=date(2015, 1, 28)
    )
    framework.published_by.set([hwb])
    framework.save_revision().publish()
    draft = AnnualReportPageFactory(parent=index, title="Unpublished draft report", live=False)
    pages = {"index": index, "report": report, "plan": plan, "review": review}
    pages.update(framework=framework, draft=draft)
    return {"hwb": hwb.pk, "pages": {name: page.pk for name, page in pages.items()}}


CATALOGUE = SharedContent("_shared_catalogue", _build_catalogue)
_shared_catalogue = CATALOGUE.session_fixture()


@pytest.fixture
def catalogue(_shared_catalogue, db):
    """The catalogue's index, pages and the Health and Wellbeing Board, fresh
    from the database: built once per test process (tests/helpers.py:
    SharedContent); what a test changes rolls back with it."""
    ids = _shared_catalogue.get()
    found = {name: Page.objects.get(pk=pk).specific for name, pk in ids["pages"].items()}
    found["hwb"] = Body.objects.get(pk=ids["hwb"])
    return found


def test_index_lists_live_publications_newest_first(client, catalogue):
    index = catalogue["index"]
    response = client.get(index.url)
    assert response.status_code == 200
    assert titles(response) == [
        "Annual report 2022/23",
        "Business plan",
        "Framework of cooperation",
        "Peer review of neglect work",
    ]
    assert count_text(response) == "4 publications"


def test_each_listed_publication_says_what_it_is(client, catalogue):
    """A page of mixed results is fetched as plain publications: each still
    names its own type, a review its kind of review, and a version made for an
    audience is not called one twice."""
    index = catalogue["index"]
    version = AudienceVersionPageFactory(
        parent=index, title="Annual report for young people", full_version=catalogue["report"],
        publication_date=date(2024, 1, 5),
    )  # fmt: skip
    version.save_revision().publish()
    soup = BeautifulSoup(client.get(index.url).content, "html.parser")
    kinds = {
        item.select_one(".publication-list__title").get_text(strip=True): item.select_one(
            ".publication-list__meta span"
        ).get_text(strip=True)
        for item in soup.select(".publication-list__item")
    }
    assert kinds == {
        "Annual report for young people": "Young person's version",
        "Annual report 2022/23": "Annual report",
        "Business plan": "Strategic and business plan",
        "Framework of cooperation": "Framework of cooperation or protocol",
        "Peer review of neglect work": "Peer review",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?type=annual-report", ["Annual report 2022/23"]),
        ("?type=review", ["Peer review of neglect work"]),
        ("?year=2015", ["Framework of cooperation", "Peer review of neglect work"]),
        ("?body=hwb", ["Framework of cooperation", "Peer review of neglect work"]),
        ("?topic=neglect", ["Annual report 2022/23", "Peer review of neglect work"]),
        ("?topic=neglect&body=tscb", ["Annual report 2022/23"]),
        ("?year=2015&type=framework&body=hwb", ["Framework of cooperation"]),
        ("?year=2018&topic=neglect", []),
        ("?sort=oldest&year=2015", ["Framework of cooperation", "Peer review of neglect work"]),
        (
            "?sort=title",
            [
                "Annual report 2022/23",
                "Business plan",
                "Framework of cooperation",
                "Peer review of neglect work",
            ],
        ),
        ("?sort=oldest", ["Framework of cooperation", "Peer review of neglect work",
                          "Business plan", "Annual report 2022/23"]),
        # The annual report is tagged "Neglect": topic names are searched too.
        ("?q=neglect", ["Annual report 2022/23", "Peer review of neglect work"]),
        ("?q=neglect&type=annual-report", ["Annual report 2022/23"]),
        ("?q=nothing-matches-this", []),
    ],
)  # fmt: skip
def test_filters_combine(client, catalogue, query, expected):
    index = catalogue["index"]
    response = client.get(index.url + query)
    assert response.status_code == 200
    assert titles(response) == expected
    if not expected:
        assert "Nothing matches these filters" in response.content.decode()


def test_filter_form_keeps_the_chosen_values_so_urls_can_be_shared(client, catalogue):
    index, hwb = catalogue["index"], catalogue["hwb"]
    response = client.get(
        index.url + f"?type=review&year=2015&topic=neglect&sort=title&body={hwb.slug}"
    )
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#filter-type option[selected]")["value"] == "review"
    assert soup.select_one("#filter-year option[selected]")["value"] == "2015"
    assert soup.select_one("#filter-topic option[selected]")["value"] == "neglect"
    assert soup.select_one("#filter-sort option[selected]")["value"] == "title"
    chosen_body = soup.select_one("#filter-body option[selected]")
    assert (chosen_body["value"], chosen_body.get_text()) == (hwb.slug, hwb.name)
    # Each list marks the one chosen value, and offers the others by name.
    assert len(soup.select("option[selected]")) == 5
    assert "Anyone" in soup.select_one("#filter-body").get_text()
    assert "1 publication matches your filters" in count_text(response)
    assert soup.find("meta", attrs={"name": "robots", "content": "noindex"})


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?type=podcast", "“podcast” is not a type we know"),
        ("?year=twenty", "“twenty” is not a year"),
        ("?year=²⁰²³", "“²⁰²³” is not a year"),
        ("?year=２０２３", "“２０２３” is not a year"),
        ("?year=1999", "Nothing was published in 1999"),
        ("?body=<script>", "is not a publisher we know"),
        ("?topic=nope", "“nope” is not a topic we know"),
        ("?sort=random", "is not a sort order we know"),
        ("?type=plan&type=review", "Choose one type at a time"),
        ("?page=abc", "is not a page number"),
        ("?page=0", "Page numbers start at 1"),
        ("?page=40", "There is no page 40"),
    ],
)
def test_bad_filter_values_answer_400_with_a_clear_message(client, catalogue, query, message):
    index = catalogue["index"]
    response = client.get(index.url + query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "<script>" not in html.split("<main", 1)[1]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find(role="alert")
    assert len(soup.find_all("h1")) == 1
    # The filter form stays, with its options, so the reader can correct it.
    form = soup.find("form", class_="filter-form")
    assert form is not None and form.find("select", attrs={"name": "year"})


def test_pagination_counts_and_links(client, index):
    for number in range(RESULTS_PER_PAGE + 2):
        AnnualReportPageFactory(
            parent=index, title=f"Report {number:02d}", publication_date=date(2020, 1, number + 1)
        )
    response = client.get(index.url + "?sort=title&page=2")
    assert response.status_code == 200
    assert titles(response) == ["Report 10", "Report 11"]
    assert count_text(response) == "12 publications, page 2 of 2"
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".pagination a[rel=prev]")["href"] == "?sort=title&page=1"


def test_index_advertises_feeds(client, catalogue):
    index = catalogue["index"]
    response = client.get(index.url + "?type=plan")
    soup = BeautifulSoup(response.content, "html.parser")
    feeds = {link["href"] for link in soup.find_all("link", rel="alternate")}
    assert {"/feeds/publications.rss", "/feeds/publications/plan.rss"} <= feeds


def test_learning_from_reviews_lists_reviews_by_type_and_theme(client, index, learning, neglect):
    ReviewFindingsPageFactory(parent=index, title="Peer review", review_type="peer_review")
    rapid = ReviewFindingsPageFactory(
        parent=index, title="Rapid review", review_type="rapid_review"
    )
    rapid.topics.set([neglect])
    rapid.save_revision().publish()
    AnnualReportPageFactory(parent=index, title="Not a review")
    # Same date, so newest-first falls back to title order.
    assert titles(client.get(learning.url)) == ["Peer review", "Rapid review"]
    assert titles(client.get(learning.url + "?type=rapid_review")) == ["Rapid review"]
    assert titles(client.get(learning.url + "?topic=neglect")) == ["Rapid review"]
    assert titles(client.get(learning.url + "?type=peer_review&topic=neglect")) == []
    response = client.get(learning.url + "?type=annual-report")
    assert response.status_code == 400
    assert "is not a type we know" in response.content.decode()


def test_index_links_to_learning_from_reviews(client, index, learning):
    soup = BeautifulSoup(client.get(index.url).content, "html.parser")
    assert soup.select_one(".related-listings a")["href"] == learning.url


def test_many_pages_of_results_link_the_ends_and_the_neighbours_only(client, index):
    for number in range(RESULTS_PER_PAGE * 12):
        AnnualReportPageFactory(parent=index, title=f"Report {number:03d}")
    response = client.get(index.url + "?sort=title&page=6")
    soup = BeautifulSoup(response.content, "html.parser")
    pagination = soup.select_one(".pagination")
    linked = [a.get_text(" ", strip=True) for a in pagination.select("a:not([rel])")]
    assert linked == ["Page 1", "Page 4", "Page 5", "Page 7", "Page 8", "Page 12"]
    assert pagination.select_one("[aria-current=page]").get_text(" ", strip=True) == "Page 6"
    assert len(pagination.select(".pagination__gap")) == 2


def test_filter_options_show_names_as_typed_never_as_markup(client, catalogue):
    index, hwb = catalogue["index"], catalogue["hwb"]
    hwb.name = 'Health & Wellbeing "Board" <b>'
    hwb.save()
    response = client.get(index.url + f"?body={hwb.slug}")
    soup = BeautifulSoup(response.content, "html.parser")
    chosen = soup.select_one("#filter-body option[selected]")
    assert chosen.get_text() == 'Health & Wellbeing "Board" <b>'
    assert not soup.select("#filter-body b")
    assert "Health &amp; Wellbeing &quot;Board&quot; &lt;b&gt;" in response.content.decode()
