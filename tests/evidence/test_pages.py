"""What readers see: the plan's latest values, the dashboard and charts, an
annual report's figures beside the year before, and the recommendations."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from evidence.models import KeyFigureIndicator, Polarity
from publications.models import KeyFigure, PlanIndicator, PlanOutcome, ReviewRecommendation
from site_core.roles import Role
from tests.factories.evidence import (
    IndicatorDashboardPageFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    RecommendationsPageFactory,
    RecommendationUpdateFactory,
)
from tests.factories.publications import (
    AnnualReportPageFactory,
    PlanPageFactory,
    ReviewFindingsPageFactory,
    TopicFactory,
)
from tests.helpers import sign_in_with_second_factor


@pytest.fixture
def plan(home):
    page = PlanPageFactory(parent=home)
    PlanOutcome.objects.create(page=page, number=1, title="Supported early")
    PlanIndicator.objects.create(
        page=page, outcome_number=1, number="56a", description="Re-referrals within a year"
    )
    PlanIndicator.objects.create(
        page=page, outcome_number=1, number="57", description="Assessments on time"
    )
    return page


@pytest.fixture
def rereferrals(plan, partnership):
    indicator = IndicatorFactory(
        partnership=partnership,
        code="56a",
        name="Re-referrals within a year",
        plan_indicator=plan.indicators.get(number="56a"),
        polarity=Polarity.LOWER,
        theme="Early help",
    )
    IndicatorValueFactory(indicator=indicator, period="2022-23", value=25, target=20)
    IndicatorValueFactory(indicator=indicator, period="2023-24", value=22, target=20)
    return indicator


def test_the_plan_shows_each_indicators_latest_value_target_and_status(client, plan, rereferrals):
    html = client.get(plan.url).content.decode()
    assert "Latest value, target and status of each indicator" in html
    row = html[html.index('<th scope="row">56a</th><td>2023-24') :][:400]
    assert "<td>22</td><td>20</td>" in row
    assert "✗</span> Target not met" in row, "status by mark and words, not colour alone"


def test_a_plan_without_evidence_is_unchanged(client, plan):
    html = client.get(plan.url).content.decode()
    assert "Latest values" not in html


def test_the_dashboard_groups_indicators_by_theme(client, home, partnership, rereferrals):
    dashboard = IndicatorDashboardPageFactory(parent=home)
    IndicatorFactory(
        partnership=partnership, code="training", name="Places booked", theme="Learning"
    )
    html = client.get(dashboard.url).content.decode()
    assert '<h2 id="theme-1">Early help</h2>' in html
    assert "Learning" in html and "Places booked" in html
    assert "down 12% on last year" in html.lower()


def test_an_indicator_has_an_accessible_chart_with_its_data_beside_it(
    client, home, partnership, rereferrals
):
    dashboard = IndicatorDashboardPageFactory(parent=home)
    response = client.get(f"{dashboard.url}indicators/56a/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg viewBox="0 0 320 180"' in html and 'role="img"' in html
    assert "<title id=" in html and "<desc id=" in html
    assert "Down 12% on last year." in html
    assert '<th scope="row">2022-23</th><td>25</td>' in html
    assert "<script" not in html[html.index("<svg") : html.index("</svg>")]


def test_a_suppressed_value_is_never_drawn_nor_shown(client, home, partnership):
    dashboard = IndicatorDashboardPageFactory(parent=home)
    indicator = IndicatorFactory(partnership=partnership, code="cp", name="Children on a plan")
    IndicatorValueFactory(indicator=indicator, period="2022-23", value=3)
    IndicatorValueFactory(indicator=indicator, period="2023-24", value=12)
    html = client.get(f"{dashboard.url}indicators/cp/").content.decode()
    assert "fewer than 5" in html
    assert ">3<" not in html
    assert html.count("<circle") == 1
    assert "small numbers are not shown" in html


def test_an_unknown_or_other_partnerships_indicator_is_a_404(client, home, other_partnership):
    dashboard = IndicatorDashboardPageFactory(parent=home)
    IndicatorFactory(partnership=other_partnership, code="theirs")
    assert client.get(f"{dashboard.url}indicators/theirs/").status_code == 404
    assert client.get(f"{dashboard.url}indicators/nope/").status_code == 404


def test_an_annual_reports_key_figure_shows_the_year_before(client, home, partnership):
    report = AnnualReportPageFactory(parent=home, reporting_year=2022)
    figure = KeyFigure.objects.create(page=report, value=Decimal(1933), label="places booked")
    indicator = IndicatorFactory(partnership=partnership, code="places", name="Places booked")
    IndicatorValueFactory(indicator=indicator, period="2021-22", value=1500)
    IndicatorValueFactory(indicator=indicator, period="2022-23", value=1933)
    KeyFigureIndicator.objects.create(key_figure=figure, indicator=indicator)
    html = client.get(report.url).content.decode()
    assert "Compared with the year before" in html
    assert '<th scope="row">places booked</th><td>1,500</td><td>1,933</td>' in html


def test_a_reports_comparison_follows_a_key_figure_renamed_in_its_own_publish(
    client, home, partnership
):
    # The comparison is kept across the report's publishes (evidence records),
    # but shows the figure's label, so a publish that changes it renews it.
    report = AnnualReportPageFactory(parent=home, reporting_year=2022)
    figure = KeyFigure.objects.create(page=report, value=Decimal(1933), label="places booked")
    indicator = IndicatorFactory(partnership=partnership, code="places", name="Places booked")
    IndicatorValueFactory(indicator=indicator, period="2022-23", value=1933)
    KeyFigureIndicator.objects.create(key_figure=figure, indicator=indicator)
    report.save_revision().publish()
    assert '<th scope="row">places booked</th>' in client.get(report.url).content.decode()

    report.refresh_from_db()
    figure = report.key_figures.get()
    figure.label = "training places booked"
    report.key_figures = [figure]
    report.save_revision().publish()
    html = client.get(report.url).content.decode()
    assert '<th scope="row">training places booked</th><td>Not recorded</td><td>1,933</td>' in html


# --- Recommendations ---------------------------------------------------------


@pytest.fixture
def reviews(home):
    neglect = TopicFactory(name="Neglect", slug="neglect")
    first = ReviewFindingsPageFactory(parent=home, title="Peer review 2014")
    first.topics.add(neglect)
    first.save_revision().publish()
    second = ReviewFindingsPageFactory(parent=home, title="Practice review: Child R")
    late = ReviewRecommendation.objects.create(
        page=first,
        number="1",
        text="Agree a neglect strategy",
        owner="Children's services",
        target_date=timezone.localdate() - timedelta(days=30),
    )
    done = ReviewRecommendation.objects.create(
        page=second,
        number="2",
        text="Train GPs on bruising in babies",
        owner="Health",
        target_date=timezone.localdate() - timedelta(days=30),
    )
    RecommendationUpdateFactory(
        recommendation=done,
        status="complete",
        date=date(2024, 2, 1),
        evidence_note="All GP practices trained.",
        private_note="One practice needed chasing.",
    )
    RecommendationUpdateFactory(
        recommendation=late,
        status="in_progress",
        evidence_note="Draft strategy written.",
        private_note="Police sign-off is stuck.",
    )
    return first, second


@pytest.fixture
def recommendations_page(home, reviews):
    return RecommendationsPageFactory(parent=home)


def test_every_review_recommendation_is_listed_with_counts(client, recommendations_page):
    html = client.get(recommendations_page.url).content.decode()
    assert "2 recommendations</strong>, 0 not started, 1 in progress, 1 complete" in html
    assert "1 overdue" in html
    assert "Agree a neglect strategy" in html and "Train GPs on bruising" in html
    assert "Draft strategy written." in html


def test_private_notes_never_appear_on_the_public_page(client, recommendations_page):
    html = client.get(recommendations_page.url).content.decode()
    assert "Police sign-off is stuck" not in html
    assert "One practice needed chasing" not in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("status=complete", "Train GPs", "Agree a neglect"),
        ("agency=Health", "Train GPs", "Agree a neglect"),
        ("theme=neglect", "Agree a neglect", "Train GPs"),
        ("overdue=on", "Agree a neglect", "Train GPs"),
    ],
)
def test_filters(client, recommendations_page, query, shown, hidden):
    response = client.get(f"{recommendations_page.url}?{query}")
    html = response.content.decode()
    assert response.status_code == 200
    assert shown in html and hidden not in html
    assert "Showing 1 recommendation" in html


def test_filter_by_review(client, recommendations_page, reviews):
    html = client.get(f"{recommendations_page.url}?review={reviews[1].pk}").content.decode()
    assert "Train GPs" in html and "Agree a neglect" not in html


@pytest.mark.parametrize(
    "query", ["status=finished", "review=abc", "review=999999", "agency=Nobody", "theme=%00"]
)
def test_a_bad_filter_is_a_400_that_says_which(client, recommendations_page, query):
    response = client.get(f"{recommendations_page.url}?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "is not one of the available choices" in html or "valid" in html
    assert "All recommendations are shown below." in html


def test_nothing_matching_is_a_friendly_empty_result(client, recommendations_page, reviews):
    html = client.get(f"{recommendations_page.url}?status=not_accepted").content.decode()
    assert "No recommendations match these filters." in html


def test_board_members_see_private_notes_in_the_members_view(
    client, recommendations_page, board_member
):
    sign_in_with_second_factor(client, board_member)
    response = client.get(f"{recommendations_page.url}members/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Police sign-off is stuck" in html
    assert response["Cache-Control"] == "private, no-store"


def test_the_members_view_refuses_the_public_and_other_partnerships_members(
    client, recommendations_page, make_user, other_partnership
):
    response = client.get(f"{recommendations_page.url}members/")
    assert response.status_code == 302
    outsider = make_user("otto", Role.BOARD_MEMBERS, partnership=other_partnership)
    sign_in_with_second_factor(client, outsider)
    response = client.get(f"{recommendations_page.url}members/")
    assert response.status_code == 302
    assert "Police sign-off" not in response.content.decode()


def test_another_partnerships_reviews_are_never_listed(client, recommendations_page, other_site):
    theirs = ReviewFindingsPageFactory(parent=other_site.root_page, title="Their review")
    ReviewRecommendation.objects.create(page=theirs, number="1", text="Their recommendation")
    html = client.get(recommendations_page.url).content.decode()
    assert "Their recommendation" not in html


def test_the_plan_links_the_dashboard_only_while_it_is_published(client, home, plan, rereferrals):
    # The plan's content is kept until a change on its site: the dashboard's
    # publish and unpublish are such changes.
    link = "see every indicator over time"
    assert link not in client.get(plan.url).content.decode()
    dashboard = IndicatorDashboardPageFactory(parent=home, live=False)
    dashboard.save_revision().publish()
    assert link in client.get(plan.url).content.decode()

    dashboard.refresh_from_db()
    dashboard.unpublish()
    assert link not in client.get(plan.url).content.decode()
