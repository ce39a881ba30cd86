"""The evidence in the read-only API: this site's partnership only, public data
only (small counts suppressed, no private notes), stable ids, and a bad
parameter is a 400 that says which."""

from datetime import date

import pytest

from publications.models import ReviewRecommendation
from tests.factories.evidence import (
    IndicatorFactory,
    IndicatorValueFactory,
    RecommendationUpdateFactory,
)
from tests.factories.publications import ReviewFindingsPageFactory
from tests.factories.site_core import make_site

pytestmark = pytest.mark.django_db

OTHER_HOST = "other.localhost"


@pytest.fixture
def ours(partnership):
    indicator = IndicatorFactory(
        partnership=partnership, code="cp", name="Children on a plan", theme="Child protection"
    )
    IndicatorValueFactory(
        indicator=indicator, period="2022-23", value=3, target=2, notes="Small year"
    )
    IndicatorValueFactory(indicator=indicator, period="2023-24", value=120, target=100)
    IndicatorFactory(partnership=partnership, code="training", theme="Learning")
    return indicator


@pytest.fixture
def other_site(site):
    return make_site(hostname=OTHER_HOST, default=False, title="Otherton home")


@pytest.fixture
def theirs(other_site):
    from site_core.models import Partnership

    indicator = IndicatorFactory(
        partnership=Partnership.for_site(other_site), code="theirs", name="Their count"
    )
    IndicatorValueFactory(indicator=indicator, period="2023-24", value=77)
    review = ReviewFindingsPageFactory(parent=other_site.root_page, title="Their review")
    ReviewRecommendation.objects.create(page=review, number="1", text="Their recommendation")
    return indicator


@pytest.fixture
def recommendation(home):
    review = ReviewFindingsPageFactory(parent=home, title="Practice review: Child R")
    recommendation = ReviewRecommendation.objects.create(
        page=review, number="2", text="Train GPs on bruising in babies", owner="Health"
    )
    RecommendationUpdateFactory(
        recommendation=recommendation,
        status="in_progress",
        date=date(2024, 2, 1),
        evidence_note="Half the practices trained.",
        private_note="One practice refuses to engage.",
    )
    return recommendation


def test_indicators_with_their_values_suppressed_as_on_the_pages(client, ours, theirs):
    response = client.get("/api/v2/indicators/")
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] == 2
    assert [i["id"] for i in data["items"]] == ["cp", "training"]
    cp = data["items"][0]
    assert cp["meta"]["type"] == "evidence.Indicator"
    assert cp["meta"]["detail_url"] == "http://testserver/api/v2/indicators/cp/"
    small, big = cp["values"]
    assert small["id"] == "cp/2022-23"
    assert (small["value"], small["suppressed"], small["notes"]) == ("", True, "Small year")
    assert small["status"] == "withheld", "met or not would narrow the small count down"
    assert (big["value"], big["target"], big["status"]) == ("120", "100", "met")
    assert '"3"' not in response.content.decode() and '"3.00"' not in response.content.decode()


def test_an_indicator_by_its_stable_id_and_a_theme_filter(client, ours):
    detail = client.get("/api/v2/indicators/cp/").json()
    assert (detail["id"], detail["name"]) == ("cp", "Children on a plan")
    assert [v["period"] for v in detail["values"]] == ["2022-23", "2023-24"]
    listing = client.get("/api/v2/indicators/?theme=learning").json()
    assert [i["id"] for i in listing["items"]] == ["training"]


def test_another_partnerships_rows_never_appear(client, ours, theirs, recommendation):
    indicators = client.get("/api/v2/indicators/").content.decode()
    recommendations = client.get("/api/v2/recommendations/").content.decode()
    assert "theirs" not in indicators and "Their count" not in indicators
    assert "Their recommendation" not in recommendations
    assert client.get("/api/v2/indicators/theirs/").status_code == 404
    there = client.get("/api/v2/indicators/", HTTP_HOST=OTHER_HOST).json()
    assert [i["id"] for i in there["items"]] == ["theirs"]
    there = client.get("/api/v2/recommendations/", HTTP_HOST=OTHER_HOST).json()
    assert [r["recommendation"] for r in there["items"]] == ["Their recommendation"]


def test_recommendations_with_their_latest_status_and_public_updates_only(client, recommendation):
    response = client.get("/api/v2/recommendations/")
    assert "One practice refuses" not in response.content.decode()
    assert "private" not in response.content.decode()
    (item,) = response.json()["items"]
    assert item["id"] == f"{recommendation.page_id}/{recommendation.pk}"
    assert (item["status"], item["agency"], item["latest_update"]) == (
        "in_progress",
        "Health",
        "2024-02-01",
    )
    note = "Half the practices trained."
    update = {"date": "2024-02-01", "status": "in_progress", "evidence_note": note}
    assert item["updates"] == [update]
    detail = client.get(item["meta"]["detail_url"].removeprefix("http://testserver"))
    assert detail.status_code == 200 and detail.json()["id"] == item["id"]
    assert client.get("/api/v2/recommendations/?status=complete").json()["items"] == []
    assert (
        client.get("/api/v2/recommendations/?status=in_progress").json()["meta"]["total_count"] == 1
    )


def test_members_only_reviews_are_left_out(client, home, recommendation):
    from tests.helpers import restrict_to_board_members

    restrict_to_board_members(recommendation.page)
    assert client.get("/api/v2/recommendations/").json()["items"] == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("recommendations/?status=finished", "status must be one of"),
        ("recommendations/?overdue=maybe", "overdue must be true or false"),
        ("recommendations/?review=abc", "review must be"),
        ("indicators/?limit=many", "limit must be a whole number"),
        ("indicators/?limit=500", "limit cannot be higher than 50"),
        ("indicators/?offset=-1", "offset must be a whole number"),
        ("indicators/?value=3", "not an operation or a recognised field: value"),
        ("indicators/cp/?fields=*", "not an operation or a recognised field: fields"),
    ],
)
def test_a_bad_parameter_is_a_400_that_says_which(client, ours, query, message):
    response = client.get(f"/api/v2/{query}")
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_the_evidence_endpoints_are_read_only(client, ours):
    assert client.post("/api/v2/indicators/", {"id": "x"}).status_code == 405
    assert client.delete("/api/v2/indicators/cp/").status_code == 405


def test_paging(client, ours):
    data = client.get("/api/v2/indicators/?limit=1&offset=1").json()
    assert data["meta"]["total_count"] == 2
    assert [i["id"] for i in data["items"]] == ["training"]
