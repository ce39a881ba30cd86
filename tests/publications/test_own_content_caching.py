"""A publication's own content is kept across other pages' publishes
(``{% page_fragment "name" own %}``, site_core/caching/fragments.py): its
text, facts and sections show that page alone, so only its own publish, or a
change to a record or setting, renews them. What names another page (the
notice saying what replaced it, the other versions, a framework answering a
review's recommendation) is rendered again after any publish of the site.

Kept content is proved as in tests/governance/test_body_page_caching.py: a
change made behind the cache's back (``update()`` sends no signal) stays
unseen while the part is kept.
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


def test_own_content_is_kept_across_another_publish_while_parts_naming_pages_renew(
    client, index, old_report
):
    # It names its replacement, not yet published: not linked.
    newer = AnnualReportPageFactory(parent=index, title="Annual report 2022/23", live=False)
    old_report.replaced_by = newer
    published(old_report)
    url = old_report.url
    page = html(client, url)
    assert "What the partnership did in 2021/22." in page
    assert "It is kept here as a record" in page and "Annual report 2022/23" not in page
    PublicationPage.objects.filter(pk=old_report.pk).update(summary="Changed behind the cache.")

    published(newer)
    published(
        AudienceVersionPageFactory(
            parent=index, title="2021/22 for young people", full_version=old_report
        )
    )

    page = html(client, url)
    # Named pages: rendered again after the site's publishes.
    assert "Read the current version" in page and "Annual report 2022/23" in page
    assert "2021/22 for young people" in page
    # Its own content: kept, since no publish of its own has happened.
    assert "What the partnership did in 2021/22." in page
    assert "Changed behind the cache." not in page

    old_report.refresh_from_db()
    published(old_report)  # its own publish renews its own content
    page = html(client, url)
    assert "Changed behind the cache." in page
    assert "What the partnership did in 2021/22." not in page


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
    # Its JSON-LD is its own content; the full version's unpublish renews it
    # (PublicationPage.pages_naming_this).
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


def test_with_redis_own_content_is_kept_across_another_publish(
    client,
    index,
    old_report,
    settings,
    redis_page_cache,
):
    # As in production: the tokens in Redis (page cache off, so the
    # fragments are what is read).
    settings.PAGE_CACHE_SECONDS = 0
    url = old_report.url
    assert "What the partnership did in 2021/22." in html(client, url)
    PublicationPage.objects.filter(pk=old_report.pk).update(summary="Changed behind the cache.")

    published(AnnualReportPageFactory(parent=index, title="Annual report 2022/23", live=False))
    assert "What the partnership did in 2021/22." in html(client, url)

    old_report.refresh_from_db()
    published(old_report)
    assert "Changed behind the cache." in html(client, url)


# --- A plan's rows: records, kept across its own publishes -------------------


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


def retitled(plan, relation, title):
    """The plan published again with its one outcome or theme renamed."""
    plan.refresh_from_db()
    row = getattr(plan, relation).get()
    row.title = title
    setattr(plan, relation, [row])
    return published(plan)


def test_a_plans_tables_are_kept_across_its_own_publish_until_their_titles_change(client, plan):
    assert "Seen in 10 days" in html(client, plan.url)
    # Rows are records outside the plan's revisions: a publish does not change them.
    PlanIndicator.objects.filter(page=plan).update(description="Changed behind the cache.")
    PlanActivity.objects.filter(page=plan).update(description="Also behind the cache.")

    plan.refresh_from_db()
    plan.summary = "The plan as republished."
    published(plan)
    page = html(client, plan.url)
    assert "The plan as republished." in page  # its own content: renewed
    assert "Seen in 10 days" in page and "Train staff" in page  # its tables: kept
    assert "Changed behind the cache." not in page

    retitled(plan, "outcomes", "Help early")
    page = html(client, plan.url)
    # The indicator tables show the outcome's title, so are built again...
    assert "Outcome 1: Help early" in page and "Changed behind the cache." in page
    # ...while the project tables, under an unchanged theme, are still kept.
    assert "Train staff" in page and "Also behind the cache." not in page

    retitled(plan, "themes", "Neglect and exploitation")
    page = html(client, plan.url)
    assert "Theme 6: Neglect and exploitation</caption>" in page
    assert "Also behind the cache." in page


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
