"""No input gives a 5xx: every parameter of every public URL, the API
included, answers 200, a 400 that says what was wrong, or a 404.

Hypothesis writes the values (any Unicode, NUL bytes, quotes, FTS operators,
huge numbers); CI runs this on SQLite and on PostgreSQL, whose search
backends fail on different things.
"""

from datetime import date
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_core.models import Partnership
from tests.factories.governance import BodyFactory
from tests.factories.publications import (
    LearningFromReviewsPageFactory,
    PlanPageFactory,
    PublicationIndexPageFactory,
    ReviewFindingsPageFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

# Anything a hostile or careless address bar can carry.
VALUES = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.sampled_from("\x00\"'<>:*()^~-+|&%;/\\ ²⁰３javascript"), max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["", " ", "\x00", "2023", "²⁰²³", "1e9", "9223372036854775808", "NaN"]),
)
CHECKS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def site_urls(home):
    partnership = Partnership.objects.get(site=home.get_site())
    body = BodyFactory(partnership=partnership, name="Executive", slug="executive")
    topic = TopicFactory(name="Neglect", slug="neglect")
    index = PublicationIndexPageFactory(parent=home)
    learning = LearningFromReviewsPageFactory(parent=index)
    review = ReviewFindingsPageFactory(
        parent=index, title="Peer review of neglect", publication_date=date(2023, 5, 1)
    )
    review.topics.add(topic)
    review.published_by.add(body)
    review.save_revision().publish()
    plan = PlanPageFactory(parent=index, title="Business plan", publication_date=date(2018, 4, 1))
    return {"index": index.url, "learning": learning.url, "plan": plan.url}


PARAMETERS = {
    "/search/": ["q", "page"],
    "index": ["q", "type", "year", "body", "topic", "sort", "page"],
    "learning": ["q", "type", "year", "topic", "sort", "page"],
    "plan": ["theme", "status"],
    "/api/v2/pages/": [
        "search",
        "search_operator",
        "offset",
        "limit",
        "type",
        "order",
        "fields",
        "locale",
        "child_of",
        "slug",
    ],
    "/api/v2/documents/": ["search", "search_operator", "offset", "limit", "order"],
    # Wagtail's find: a 302 to the one found, a 404, or a 400 saying what was wrong.
    "/api/v2/pages/find/": ["id", "html_path", "type", "fields"],
    "/api/v2/documents/find/": ["id", "fields"],
    "/api/v2/indicators/": ["theme", "offset", "limit"],
    "/api/v2/recommendations/": ["status", "review", "overdue", "offset", "limit"],
    "/feeds/publications.rss": ["page"],
    "/governance.json": ["format"],
}


def _assert_answers(client, url):
    response = client.get(url)
    assert response.status_code in (200, 302, 400, 404), (url, response.status_code)
    if response.status_code == 302:
        assert "/find/" in url
    if response.status_code == 400 and "/api/" not in url:
        assert b"<h1" in response.content  # a page that says what was wrong


@pytest.mark.parametrize("where", sorted(PARAMETERS))
def test_no_value_of_any_parameter_gives_a_server_error(client, site_urls, where):
    base = site_urls.get(where, where)

    @CHECKS
    @given(name=st.sampled_from(PARAMETERS[where]), value=VALUES, other=VALUES)
    def check(name, value, other):
        names = PARAMETERS[where]
        second = names[(names.index(name) + 1) % len(names)]
        _assert_answers(client, f"{base}?{urlencode({name: value, second: other})}")

    check()


@CHECKS
@given(value=VALUES)
def test_values_in_the_path_give_no_server_error(client, site_urls, value):
    from urllib.parse import quote

    for template in (
        "/feeds/publications/{}.rss",
        "/publications/documents/{}/accessible-format/",
        "/api/v2/pages/{}/",
        "/api/v2/indicators/{}/",
        "/api/v2/recommendations/{}/1/",
        "/documents/{}/x.pdf",
    ):
        _assert_answers(client, template.format(quote(value, safe="")))


@pytest.mark.parametrize("query", ['"neglect', "neglect\x00", "<neglect>", "neglect:review"])
def test_search_text_that_is_query_syntax_still_finds_the_words(client, site_urls, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "Peer review of neglect" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/v2/pages/find/?id=abc", "id must be a whole number"),
        ("/api/v2/pages/find/?id=%C2%B2", "id must be a whole number"),
        ("/api/v2/documents/find/?id=1.5", "id must be a whole number"),
        ("/api/v2/pages/find/?html_path=%00", "html_path must not contain a NUL"),
        ("/api/v2/pages/?locale=%00", "locale must not contain a NUL"),
    ],
)
def test_the_api_says_which_parameter_was_wrong(client, site_urls, url, message):
    response = client.get(url)
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_the_api_still_finds_a_page_by_its_id_and_its_path(client, site_urls):
    from wagtail.models import Page

    plan = Page.objects.get(title="Business plan")
    for query in (f"id={plan.pk}", f"html_path={plan.url}"):
        response = client.get(f"/api/v2/pages/find/?{query}")
        assert response.status_code == 302
        assert response["Location"].endswith(f"/api/v2/pages/{plan.pk}/?")
