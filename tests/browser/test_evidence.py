"""Evidence pages in a real browser at 320px: axe-core finds nothing on the
dashboard, an indicator's chart, the plan with its latest values and the
recommendations page, and a review whose recommendation has an update, and
nothing scrolls sideways."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from evidence.models import Polarity, Unit
from publications.models import PlanIndicator, PlanOutcome, ReviewRecommendation
from site_core.models import Partnership
from tests.factories.evidence import (
    IndicatorDashboardPageFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    RecommendationsPageFactory,
    RecommendationUpdateFactory,
)
from tests.factories.publications import PlanPageFactory, ReviewFindingsPageFactory

from .helpers import assert_no_axe_violations, assert_no_horizontal_scroll, pages_built_once


def build_evidence_pages(site):
    home = site.root_page.specific
    partnership = Partnership.for_site(site)
    plan = PlanPageFactory(parent=home)
    PlanOutcome.objects.create(page=plan, number=1, title="Supported early")
    plan_indicator = PlanIndicator.objects.create(
        page=plan, outcome_number=1, number="19", description="Conferences held on time"
    )
    on_time = IndicatorFactory(
        partnership=partnership,
        code="19",
        name="Conferences held on time",
        plan_indicator=plan_indicator,
        unit=Unit.PERCENT,
        theme="Child protection",
    )
    for period, value in [("2019-20", 88), ("2020-21", 91), ("2021-22", 93), ("2022-23", 96)]:
        IndicatorValueFactory(indicator=on_time, period=period, value=value, target=95)
    small = IndicatorFactory(
        partnership=partnership,
        code="missing",
        name="Children missing from home",
        polarity=Polarity.LOWER,
        theme="Exploitation",
    )
    for period, value in [("2021-22", 12), ("2022-23", 3)]:
        IndicatorValueFactory(indicator=small, period=period, value=Decimal(value))
    dashboard = IndicatorDashboardPageFactory(parent=home)
    review = ReviewFindingsPageFactory(parent=home, title="Peer review")
    recommendation = ReviewRecommendation.objects.create(
        page=review,
        number="1",
        text="Agree a neglect strategy",
        owner="Children's services",
        target_date=timezone.localdate() - timedelta(days=10),
    )
    RecommendationUpdateFactory(recommendation=recommendation, private_note="Not for readers")
    recommendations = RecommendationsPageFactory(parent=home)
    return {
        "dashboard": dashboard.url,
        "chart": f"{dashboard.url}indicators/19/",
        "suppressed chart": f"{dashboard.url}indicators/missing/",
        "plan": plan.url,
        # Its table shows the latest update's status and date.
        "review with an update": review.url,
        "recommendations": recommendations.url,
        "filtered recommendations": f"{recommendations.url}?overdue=on&status=in_progress",
    }


evidence_pages = pages_built_once(build_evidence_pages)

PAGES = [
    "dashboard",
    "chart",
    "suppressed chart",
    "plan",
    "review with an update",
    "recommendations",
    "filtered recommendations",
]


@pytest.mark.parametrize("which", PAGES)
def test_evidence_pages_are_axe_clean_at_320px(reading_server, page, axe, evidence_pages, which):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(reading_server.url + evidence_pages[which])
    assert_no_axe_violations(axe, page)
    assert_no_horizontal_scroll(page)


def test_the_chart_is_an_image_with_a_name(reading_server, page, evidence_pages):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(reading_server.url + evidence_pages["chart"])
    chart = page.get_by_role("img", name="Conferences held on time")
    assert chart.is_visible()
    assert chart.bounding_box()["width"] <= 320
