"""Board members find the recommendations' private notes from their own area;
a recommendation's status is that of its latest dated update everywhere."""

import json
from datetime import date

import pytest

from publications.models import ReviewRecommendation
from site_core.roles import Role
from tests.factories.evidence import RecommendationsPageFactory, RecommendationUpdateFactory
from tests.factories.governance import GovernanceIndexPageFactory, MembersAreaPageFactory
from tests.factories.publications import ReviewFindingsPageFactory
from tests.helpers import restrict_to_board_members, sign_in_with_second_factor


@pytest.fixture
def review(home):
    return ReviewFindingsPageFactory(parent=home, title="Practice review: Child R")


@pytest.fixture
def recommendation(review):
    return ReviewRecommendation.objects.create(
        page=review,
        number="1",
        text="Train GPs on bruising in babies",
        owner="Health",
        status=ReviewRecommendation.Status.NOT_STARTED,
    )


@pytest.fixture
def recommendations_page(home, recommendation):
    page = RecommendationsPageFactory(parent=home)
    RecommendationUpdateFactory(
        recommendation=recommendation,
        status="in_progress",
        date=date(2024, 1, 10),
        evidence_note="Training booked.",
        private_note="The GP lead is on leave until March.",
    )
    return page


@pytest.fixture
def members_area(home):
    page = MembersAreaPageFactory(parent=GovernanceIndexPageFactory(parent=home))
    restrict_to_board_members(page)
    return page


def members_view_link(html):
    marker = "Recommendations and progress, with members' private notes"
    assert marker in html, "the members' area links to the recommendations' private notes"
    start = html.rindex('href="', 0, html.index(marker)) + len('href="')
    return html[start : html.index('"', start)]


def test_a_board_member_finds_the_private_notes_from_the_members_area_and_my_boards(
    client, board_member, members_area, recommendations_page
):
    sign_in_with_second_factor(client, board_member)
    for url in (members_area.url, members_area.url + "my-boards/"):
        response = client.get(url)
        assert response.status_code == 200
        link = members_view_link(response.content.decode())
        assert link.endswith(recommendations_page.url + "members/")
    response = client.get(link)
    assert response.status_code == 200
    assert "The GP lead is on leave until March." in response.content.decode()


def test_the_public_and_another_partnerships_members_are_refused(
    client, make_user, other_partnership, members_area, recommendations_page
):
    members_view = recommendations_page.url + "members/"
    for url in (members_area.url, members_view):
        response = client.get(url)
        assert response.status_code == 302, "a public reader is sent to sign in"
        assert "on leave" not in response.content.decode()
    outsider = make_user("otto", Role.BOARD_MEMBERS, partnership=other_partnership)
    sign_in_with_second_factor(client, outsider)
    for url in (members_area.url, members_view):
        response = client.get(url)
        assert response.status_code in (302, 403, 404)
        assert "on leave" not in response.content.decode()
        assert "private notes" not in response.content.decode()


def test_no_link_where_the_partnership_has_no_recommendations_page(
    client, board_member, members_area
):
    sign_in_with_second_factor(client, board_member)
    html = client.get(members_area.url).content.decode()
    assert "private notes" not in html


# --- The status is that of the latest dated update, everywhere ---------------


@pytest.fixture
def later_update_says_complete(recommendations_page, recommendation):
    """The row says "not started"; an update dated 10 January says "in
    progress"; one dated 1 March, entered before it, says "complete"."""
    RecommendationUpdateFactory(
        recommendation=recommendation,
        status="complete",
        date=date(2024, 3, 1),
        evidence_note="Every practice trained.",
    )
    # Entered last, but dated earliest: it does not decide the status.
    RecommendationUpdateFactory(
        recommendation=recommendation,
        status="not_started",
        date=date(2023, 12, 1),
        evidence_note="Plan agreed.",
    )
    return recommendations_page


def test_the_review_page_shows_the_latest_dated_updates_status(
    client, review, later_update_says_complete
):
    html = client.get(review.url).content.decode()
    table = html[html.index('id="recommendations"') :]
    table = table[: table.index("</table>")]
    assert "<td>Complete<br>" in table
    assert 'Updated <time datetime="2024-03-01">1 March 2024</time>' in table
    assert "Not started" not in table and "In progress" not in table


def test_a_review_without_updates_shows_the_rows_own_status(client, review, recommendation):
    html = client.get(review.url).content.decode()
    table = html[html.index('id="recommendations"') :]
    assert "<td>Not started</td>" in table[: table.index("</table>")]


def test_counts_filters_and_open_data_follow_the_same_update(client, later_update_says_complete):
    page = later_update_says_complete
    html = client.get(page.url).content.decode()
    assert "1 recommendation</strong>, 0 not started, 0 in progress, 1 complete" in html
    assert "Train GPs" in client.get(f"{page.url}?status=complete").content.decode()
    assert "Train GPs" not in client.get(f"{page.url}?status=not_started").content.decode()
    data = json.loads(client.get("/open-data/evidence/recommendations.json").content)
    (row,) = data["recommendations"]
    assert (row["status"], row["latest_update"]) == ("complete", "2024-03-01")
    api = json.loads(client.get("/api/v2/recommendations/").content)
    (item,) = api["items"]
    assert (item["status"], item["latest_update"]) == ("complete", "2024-03-01")
