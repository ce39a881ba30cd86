"""A publication page shows every change at once, kept fragments or not: its
own publish, a record it shows, a page it names (what replaced it, the other
versions, a framework answering a review's recommendation), a plan's rows.
"""

from datetime import date

import pytest
from bs4 import BeautifulSoup

from publications.models import (
    PlanActivity,
    PlanIndicator,
    PlanOutcome,
    PlanProject,
    PlanTheme,
    PublicationPage,
    ReviewRecommendation,
)
from tests.factories.publications import (
    AnnualReportPageFactory,
    AudienceVersionPageFactory,
    FrameworkPageFactory,
    PlanPageFactory,
    ReviewFindingsPageFactory,
)

pytestmark = pytest.mark.django_db


def html(client, url):
    """The page's main content (the head's description is read afresh each time)."""
    response = client.get(url)
    assert response.status_code == 200
    return str(BeautifulSoup(response.content, "html.parser").main)


def published(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def old_report(index):
    report = AnnualReportPageFactory(
        parent=index,
        title="Annual report 2021/22",
        summary="What the partnership did in 2021/22.",
        status=PublicationPage.Status.SUPERSEDED,
        status_note="A newer report is on its way.",
    )
    return published(report)


def test_pages_it_names_show_once_they_are_published(client, index, old_report):
    # It names its replacement, not yet published: not linked.
    newer = AnnualReportPageFactory(parent=index, title="Annual report 2022/23", live=False)
    old_report.replaced_by = newer
    published(old_report)
    page = html(client, old_report.url)
    assert "It is kept here as a record" in page and "Annual report 2022/23" not in page

    published(newer)
    published(
        AudienceVersionPageFactory(
            parent=index, title="2021/22 for young people", full_version=old_report
        )
    )
    page = html(client, old_report.url)
    assert "Read the current version" in page and "Annual report 2022/23" in page
    assert "2021/22 for young people" in page


def test_a_record_change_renews_own_content(client, old_report, neglect):
    old_report.topics.set([neglect])
    published(old_report)
    assert "Neglect" in html(client, old_report.url)

    neglect.name = "Neglect and emotional harm"
    neglect.save()  # a record shown by many pages: everything is renewed
    assert "Neglect and emotional harm" in html(client, old_report.url)


def test_a_framework_answering_a_recommendation_appears_on_the_review_at_once(client, index):
    review = ReviewFindingsPageFactory(parent=index, title="Rapid review: Child R")
    review.recommendations = [ReviewRecommendation(number="1", text="Share records sooner")]
    published(review)
    assert "Answered by" not in html(client, review.url)

    framework = FrameworkPageFactory(
        parent=index,
        title="Information sharing protocol",
        publication_date=date(2024, 2, 1),
        answers_recommendation=ReviewRecommendation.objects.get(page=review),
    )
    published(framework)
    assert "Answered by: Information sharing protocol" in html(client, review.url)


def test_a_version_stops_naming_its_full_publication_once_that_is_unpublished(
    client, index, old_report
):
    version = published(
        AudienceVersionPageFactory(
            parent=index, title="2021/22 for young people", full_version=old_report
        )
    )
    full_url = "/publications/annual-report-202122/"
    assert f'"isBasedOn": "http://localhost{full_url}"' in client.get(version.url).content.decode()

    old_report.refresh_from_db()
    old_report.unpublish()
    assert "isBasedOn" not in client.get(version.url).content.decode()


# --- A plan's rows: records outside its revisions, shown at once -------------


@pytest.fixture
def plan(index):
    return published(
        PlanPageFactory(
            parent=index,
            title="Business plan",
            outcomes=[PlanOutcome(number=1, title="Early help")],
            themes=[PlanTheme(number=6, title="Neglect")],
            indicators=[
                PlanIndicator(outcome_number=1, number="56a", description="Seen in 10 days")
            ],
            projects=[PlanProject(theme_number=6, reference="6.4", title="Toolkit refresh")],
            activities=[PlanActivity(project_reference="6.4", description="Train staff")],
        )
    )


@pytest.mark.ignore_template_errors  # the admin's own templates (test_plan_admin.py)
def test_a_row_edited_on_a_live_plan_shows_at_once(client, admin_client, plan):
    assert "Seen in 10 days" in html(client, plan.url)
    indicator = plan.indicators.get()
    response = admin_client.post(
        f"/admin/plans/{plan.pk}/indicators/{indicator.pk}/",
        {"outcome_number": "1", "number": "56a", "description": "Seen within 7 days"},
    )
    assert response.status_code == 302
    page = html(client, plan.url)
    assert "Seen within 7 days" in page and "Seen in 10 days" not in page


@pytest.mark.ignore_template_errors  # the admin's own templates (test_plan_admin.py)
def test_rows_edited_while_a_plan_is_unpublished_show_when_it_is_published_again(
    client, admin_client, plan
):
    assert "Seen in 10 days" in html(client, plan.url)
    plan.refresh_from_db()
    plan.unpublish()
    indicator = plan.indicators.get()
    response = admin_client.post(
        f"/admin/plans/{plan.pk}/indicators/{indicator.pk}/",
        {"outcome_number": "1", "number": "56a", "description": "Seen within 7 days"},
    )
    assert response.status_code == 302

    plan.refresh_from_db()
    published(plan)
    page = html(client, plan.url)
    assert "Seen within 7 days" in page and "Seen in 10 days" not in page
