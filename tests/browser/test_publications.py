"""Publications in a real browser: axe-core on each type and the listings,
no sideways scrolling at 320px, and the filters work by keyboard."""

from datetime import date
from decimal import Decimal

import pytest

from publications.models import (
    Achievement,
    ChangeNote,
    FrameworkParty,
    KeyFigure,
    NextYearPriority,
    PlanActivity,
    PlanIndicator,
    PlanOutcome,
    PlanProject,
    PlanServicePriority,
    PlanTheme,
    PlanValueTheme,
    Presentation,
    PublicationDocumentLink,
    ReflectiveQuestion,
    ReviewFinding,
    ReviewRecommendation,
    ReviewTheme,
)
from site_core.models import Partnership
from tests.factories.publications import (
    AnnualReportPageFactory,
    AudienceVersionPageFactory,
    BodyFactory,
    FrameworkPageFactory,
    LearningFromReviewsPageFactory,
    PlanPageFactory,
    PublicationDocumentFactory,
    PublicationIndexPageFactory,
    ReviewFindingsPageFactory,
    TopicFactory,
)

from .helpers import assert_no_axe_violations, assert_no_horizontal_scroll, pages_built_once


def publish(page):
    page.save_revision().publish()
    return page


def build_publications(site):
    home = site.root_page.specific
    partnership = Partnership.for_site(site)
    board = BodyFactory(partnership=partnership, slug="tscb", name="Testshire Board")
    hwb = BodyFactory(partnership=partnership, slug="hwb", name="Testshire Health and Wellbeing")
    topic = TopicFactory(name="Neglect", slug="neglect")
    index = PublicationIndexPageFactory(parent=home)
    learning = LearningFromReviewsPageFactory(parent=index)
    document = PublicationDocumentFactory(title="Full report", fully_accessible=False)

    report = AnnualReportPageFactory(
        parent=index, title="Annual report 2022/23", edition="Third annual report",
        scrutineer_reflections="<p>Good challenge.</p>", sent_to_national_panel=True,
        body=[("heading", {"text": "Our year", "level": "h2"}), ("paragraph", "<p>Busy.</p>")],
    )  # fmt: skip
    report.published_by.set([board])
    report.topics.set([topic])
    report.key_figures = [KeyFigure(value=Decimal(1933), label="professionals trained",
                                    context="from 11 agency types")]  # fmt: skip
    report.achievements = [Achievement(title="Young Person's Plan", description="New.")]
    report.next_priorities = [NextYearPriority(text="Embed Working Together 2023")]
    report.presentations = [Presentation(body=hwb, date=date(2024, 3, 7), note="Noted")]
    report.documents = [PublicationDocumentLink(document=document)]
    report.change_notes = [ChangeNote(date=date(2024, 2, 1), note="Added the PDF")]
    publish(report)
    AudienceVersionPageFactory(parent=index, title="Young person's version", full_version=report)

    plan = PlanPageFactory(parent=index, title="Strategic plan", mission="High support.",
                           status="superseded", status_note="Replaced in 2019.")  # fmt: skip
    plan.value_themes = [PlanValueTheme(title="Listen and learn", values="Curious")]
    plan.service_priorities = [PlanServicePriority(title="Neglect", focus_areas="Early help")]
    plan.outcomes = [PlanOutcome(number=3, title="Safe")]
    plan.indicators = [PlanIndicator(outcome_number=3, number="56a", description="Re-offending")]
    plan.themes = [PlanTheme(number=1, title="People")]
    plan.projects = [PlanProject(theme_number=1, reference="1.1", title="Induction for everyone "
                                 "who joins any partner agency", lead_body=board,
                                 lead_officers="Business manager")]  # fmt: skip
    plan.activities = [
        PlanActivity(project_reference="1.1", description="Sessions held", status="complete",
                     due=date(2017, 11, 1)),
        PlanActivity(project_reference="1.1", description="Recruit lay members",
                     status="delayed", delay_reason="Staffing"),
    ]  # fmt: skip
    plan.save()  # indicators and activities are live rows, not kept in revisions
    publish(plan)

    review = ReviewFindingsPageFactory(
        parent=index, title="Rapid review: Child R", review_type="rapid_review",
        child_age_band="1_4", child_pseudonym="Child R", learning_briefing="<p>Think.</p>",
        learning_briefing_title="7-minute briefing",
    )  # fmt: skip
    review.topics.set([topic])
    review.themes = [ReviewTheme(title="Information sharing")]
    review.findings = [ReviewFinding(text="Records were not shared.")]
    review.recommendations = [ReviewRecommendation(number="1", text="Share", owner="Health",
                                                   status="in_progress")]  # fmt: skip
    review.reflective_questions = [ReflectiveQuestion(text="Who else knows?")]
    publish(review)

    framework = FrameworkPageFactory(parent=index, title="Framework of cooperation",
                                     adoption_status="adopted", adopted_on=date(2015, 1, 28),
                                     approved_by=hwb)  # fmt: skip
    framework.parties = [FrameworkParty(body=hwb, role="Receives", commitments="Receive\nAsk")]
    publish(framework)
    return {
        "annual_report": report.url,
        "plan": plan.url,
        "plan_filtered": plan.url + "?status=delayed",
        "plan_bad_filter": plan.url + "?theme=zz",
        "review": review.url,
        "framework": framework.url,
        "index": index.url,
        "index_filtered": index.url + "?type=annual-report&topic=neglect",
        "index_bad_filter": index.url + "?year=abc",
        "learning": learning.url,
        "request_form": f"/publications/documents/{document.pk}/accessible-format/",
        "home": "/",
    }


publications = pages_built_once(build_publications)

PAGES = [
    "annual_report",
    "plan",
    "plan_filtered",
    "plan_bad_filter",
    "review",
    "framework",
    "index",
    "index_filtered",
    "index_bad_filter",
    "learning",
    "request_form",
    "home",
]


@pytest.mark.parametrize("which", PAGES)
def test_no_accessibility_violations(reading_server, page, axe, publications, which):
    page.goto(reading_server.url + publications[which])
    assert_no_axe_violations(axe, page)


@pytest.mark.parametrize("which", ["annual_report", "plan", "review", "index", "request_form"])
def test_nothing_scrolls_sideways_at_320px(reading_server, page, publications, which):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(reading_server.url + publications[which])
    assert_no_horizontal_scroll(page)


def test_request_form_errors_are_accessible(reading_server, page, axe, publications):
    page.goto(reading_server.url + publications["request_form"])
    page.click("text=Send request")
    assert page.locator(".error-summary").is_visible()
    assert_no_axe_violations(axe, page)


def test_index_filters_work_by_keyboard(reading_server, page, publications):
    page.goto(reading_server.url + publications["index"])
    page.focus("#filter-type")
    page.select_option("#filter-type", "review")
    page.keyboard.press("Tab")
    page.focus("text=Apply filters")
    page.keyboard.press("Enter")
    page.wait_for_url("**type=review**")
    titles = page.locator(".publication-list__title a").all_inner_texts()
    assert titles == ["Rapid review: Child R"]
