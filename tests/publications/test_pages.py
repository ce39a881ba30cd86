"""Every field an editor fills appears on the public page."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from publications.models import (
    Achievement,
    ChangeNote,
    FrameworkParty,
    Inspection,
    KeyFigure,
    NextYearPriority,
    PlanActivity,
    PlanIndicator,
    PlanOutcome,
    PlanProject,
    PlanResponsibility,
    PlanServicePriority,
    PlanStrategicPriority,
    PlanTheme,
    PlanValueTheme,
    Presentation,
    PublicationDocumentLink,
    ReflectiveQuestion,
    ReviewFinding,
    ReviewFocusIssue,
    ReviewRecommendation,
    ReviewTheme,
)
from tests.factories.publications import (
    AnnualReportPageFactory,
    AudienceVersionPageFactory,
    FrameworkPageFactory,
    PlanPageFactory,
    PublicationDocumentFactory,
    ReviewFindingsPageFactory,
)

pytestmark = pytest.mark.django_db


def get(client, page, query=""):
    response = client.get(page.url + query)
    return response, BeautifulSoup(response.content, "html.parser")


def text_of(soup):
    """The text a reader sees, with spacing tidied before punctuation."""
    return re.sub(r"\s+([,.:;)])", r"\1", " ".join(soup.get_text(" ").split()))


def section_text(soup, heading_id):
    return text_of(soup.find(id=heading_id).find_parent("section"))


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def report(index, board, hwb, neglect):
    page = AnnualReportPageFactory(
        parent=index,
        title="Annual report 2022/23",
        summary="Our third annual report.",
        publication_date=date(2023, 12, 12),
        edition="Third annual report",
        scrutineer_name="Pat Example",
        scrutineer_reflections="<p>Partners challenge each other well.</p>",
        sent_to_national_panel=True,
        sent_to_what_works=True,
        sent_on=date(2023, 12, 20),
        body=[("heading", {"text": "Our year", "level": "h2"}), ("paragraph", "<p>Busy.</p>")],
    )
    page.published_by.set([board])
    page.topics.set([neglect])
    page.key_figures = [
        KeyFigure(value=Decimal(1933), label="professionals booked", context="from 11 agencies"),
        KeyFigure(value=Decimal(99), unit="%", label="rated courses good"),
    ]
    page.achievements = [Achievement(title="Young Person's Plan", description="Works with them.")]
    page.next_priorities = [NextYearPriority(text="Embed Working Together 2023")]
    page.inspections = [
        Inspection(name="Joint Targeted Area Inspection", inspectorates="Ofsted and CQC",
                   month=date(2023, 2, 1), summary="Found strengths.")
    ]  # fmt: skip
    page.presentations = [Presentation(body=hwb, date=date(2024, 3, 7), note="Noted it.")]
    page.change_notes = [ChangeNote(date=date(2024, 2, 14), note="Corrected training figures.")]
    return publish(page)


def test_annual_report_renders_every_field(client, report):
    response, soup = get(client, report)
    assert response.status_code == 200
    assert [h.get_text(strip=True) for h in soup.find_all("h1")] == ["Annual report 2022/23"]
    text = text_of(soup)
    for expected in [
        "Our third annual report.",
        "Published 12 December 2023, last updated 14 February 2024",
        "Testshire Safeguarding Children Board (TSCB)",
        "1 April 2022 to 31 March 2023",
        "Neglect",
        "2022/23 (Third annual report)",
        "the Child Safeguarding Practice Review Panel and the What Works Centre",
        "20 December 2023",
        "1,933",
        "professionals booked",
        "from 11 agencies",
        "99%",
        "Young Person's Plan",
        "Works with them.",
        "Priorities for 2023/24",
        "Embed Working Together 2023",
        "Partners challenge each other well.",
        "Pat Example, Independent Scrutineer",
        "Joint Targeted Area Inspection, February 2023",
        "Ofsted and CQC",
        "Found strengths.",
        "Testshire Health and Wellbeing Board",
        "7 March 2024",
        "Noted it.",
        "Corrected training figures.",
        "first published",
    ]:
        assert expected in text, expected
    contents = [a.get_text() for a in soup.select(".contents-list a")]
    assert contents[:3] == ["Key figures", "Achievements", "Priorities for 2023/24"]
    assert "Our year" in contents
    for anchor in soup.select(".contents-list a"):
        assert soup.find(id=anchor["href"][1:]) is not None, anchor["href"]
    table = soup.select_one(".publication table")
    assert table.caption and table.find("th", scope="col")
    assert table.find_parent(class_="table-wrapper")["tabindex"] == "0"


def test_publication_pages_carry_schema_org_metadata_and_feed_links(client, report):
    _, soup = get(client, report)
    script = soup.find("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@type"] == "Report"
    assert data["name"] == "Annual report 2022/23"
    assert data["datePublished"] == "2023-12-12"
    assert data["dateModified"] == "2024-02-14"
    assert data["temporalCoverage"] == "2022-04-01/2023-03-31"
    assert data["publisher"][0]["name"] == "Testshire Safeguarding Children Board"
    assert data["keywords"] == ["Neglect"]
    feeds = {link["href"] for link in soup.find_all("link", rel="alternate")}
    assert "/feeds/publications.rss" in feeds
    assert "/feeds/publications/annual-report.atom" in feeds


def test_json_ld_cannot_break_out_of_its_element(client, index):
    page = publish(AnnualReportPageFactory(parent=index, title="</script><b>x</b>"))
    response, soup = get(client, page)
    assert b"</script><b>" not in response.content
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["name"] == "</script><b>x</b>"


def test_superseded_publication_says_so_and_points_to_the_current_one(client, index, report):
    old = AnnualReportPageFactory(
        parent=index, title="Annual report 2021/22", status="superseded",
        replaced_by=report, status_note="A newer report covers this period.",
    )  # fmt: skip
    _, soup = get(client, old)
    notice = soup.select_one(".publication-status")
    assert "This annual report has been superseded" in text_of(notice)
    assert "A newer report covers this period." in text_of(notice)
    assert notice.find("a", href=report.url)


def test_withdrawn_publication_needs_a_reason_or_replacement(index):
    page = AnnualReportPageFactory.build(
        title="Withdrawn", slug="withdrawn", status="withdrawn", reporting_year=2020
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        page.full_clean(exclude=["path", "depth"])
    assert "Say why it is no longer current" in str(error.value)


def test_audience_versions_link_both_ways(client, index, report):
    version = AudienceVersionPageFactory(
        parent=index, title="Young person's version", full_version=report
    )
    _, soup = get(client, report)
    assert soup.find("a", href=version.url, string=lambda s: "Young person's version" in s)
    _, soup = get(client, version)
    assert "This is a shorter young person's version" in text_of(soup)
    assert soup.find("a", href=report.url)


def test_documents_show_type_size_and_pages_and_offer_accessible_formats(client, index):
    document = PublicationDocumentFactory(
        title="Full report", pages=4, fully_accessible=False, accessibility_note="Charts untagged."
    )
    page = AnnualReportPageFactory(parent=index)
    page.documents = [PublicationDocumentLink(document=document)]
    publish(page)
    _, soup = get(client, page)
    item = soup.select_one(".document-list__item")
    text = text_of(item)
    assert "Full report" in text
    assert document.description in text
    assert document.description.startswith("PDF, ")
    assert document.description.endswith(", 4 pages")
    assert "Charts untagged." in text
    assert item.find("a", href=f"/publications/documents/{document.pk}/accessible-format/")


def test_plan_renders_every_field_and_progress(client, index, board):
    plan = PlanPageFactory(
        parent=index, title="Strategic plan 2018-19", version="1", adopted_by=board,
        adopted_on=date(2018, 4, 23), mission="High support, high challenge.",
    )  # fmt: skip
    plan.value_themes = [PlanValueTheme(title="Listen and learn", values="Curious\nFocused")]
    plan.responsibilities = [PlanResponsibility(title="Assure and challenge", description="Ask.")]
    plan.strategic_priorities = [PlanStrategicPriority(title="Voice of the child", description="")]
    plan.service_priorities = [PlanServicePriority(title="Neglect", focus_areas="Early help")]
    plan.outcomes = [PlanOutcome(number=3, title="Safe and protected from harm")]
    plan.indicators = [
        PlanIndicator(outcome_number=3, number="56a", description="Re-offending, annual"),
        PlanIndicator(outcome_number=3, number="56b", description="Re-offending, 3 months"),
    ]
    plan.themes = [PlanTheme(number=1, title="People"), PlanTheme(number=2, title="Practice")]
    plan.projects = [
        PlanProject(theme_number=1, reference="1.7", title="Lay members", lead_body=board,
                    lead_officers="Lynne Example"),
        PlanProject(theme_number=2, reference="2.3", title="Website", lead_officers="Jo"),
    ]  # fmt: skip
    plan.activities = [
        PlanActivity(project_reference="1.7", description="Recruit", due=date(2018, 6, 1),
                     status="delayed", delay_reason="Staffing issues"),
        PlanActivity(project_reference="2.3", description="Scope the site", status="complete"),
        PlanActivity(project_reference="2.3", description="Go live", status="on_track"),
    ]  # fmt: skip
    plan.save()  # indicators and activities are live rows, not kept in revisions
    publish(plan)
    response, soup = get(client, plan)
    assert response.status_code == 200
    text = text_of(soup)
    for expected in [
        "Version 1",
        "by Testshire Safeguarding Children Board on 23 April 2018",
        "High support, high challenge.",
        "Listen and learn",
        "Curious",
        "Assure and challenge",
        "Voice of the child",
        "Early help",
        "Outcome 3: Safe and protected from harm",
        # 56a and 56b are two parts of one indicator: counted once, and said so.
        "Safe and protected from harm (1 indicator)",
        "Indicator 56 is reported in 2 parts (56a and 56b)",
        "56a",
        "Re-offending, 3 months",
        "1 of 3 activities complete, 1 on track, 1 delayed",
        "1.7 Lay members",
        "Lynne Example",
        "Jun 2018",
        "Delayed: Staffing issues",
    ]:
        assert expected in text, expected
    captions = [c.get_text() for c in soup.select(".project-table caption")]
    assert captions == ["Theme 1: People", "Theme 2: Practice"]


def test_plan_tables_filter_by_theme_and_status(client, index):
    plan = PlanPageFactory(parent=index)
    plan.themes = [PlanTheme(number=1, title="People"), PlanTheme(number=2, title="Practice")]
    plan.projects = [
        PlanProject(theme_number=1, reference="1.1", title="Induction"),
        PlanProject(theme_number=2, reference="2.1", title="Website"),
    ]
    plan.activities = [
        PlanActivity(project_reference="1.1", description="Sessions", status="complete"),
        PlanActivity(project_reference="2.1", description="Build", status="delayed",
                     delay_reason="Money"),
    ]  # fmt: skip
    plan.save()  # indicators and activities are live rows, not kept in revisions
    publish(plan)
    _, soup = get(client, plan, "?status=delayed")
    rows = section_text(soup, "projects")
    assert "Build" in rows and "Sessions" not in rows
    assert "Showing 1 activity: 0 complete, 0 on track, 1 delayed" in rows
    _, soup = get(client, plan, "?theme=1")
    rows = section_text(soup, "projects")
    assert "Sessions" in rows and "Build" not in rows
    _, soup = get(client, plan, "?theme=1&status=delayed")
    assert "No activities match these filters" in text_of(soup)
    for bad in ["?theme=9", "?theme=abc", "?status=finished"]:
        response, soup = get(client, plan, bad)
        assert response.status_code == 400, bad
        assert soup.find(role="alert"), bad
        assert "Sessions" in section_text(soup, "projects")


def test_review_findings_render_every_field(client, index, board):
    review = ReviewFindingsPageFactory(
        parent=index, title="Rapid review: Child R", review_type="rapid_review",
        carried_out_by="The review group", started=date(2023, 1, 5), completed=date(2023, 2, 9),
        child_age_band="1_4", child_pseudonym="Child R",
        learning_briefing_title="7-minute briefing",
        learning_briefing="<p>Think family.</p>",
    )  # fmt: skip
    review.themes = [ReviewTheme(title="Information sharing")]
    review.focus_issues = [ReviewFocusIssue(title="The MASH")]
    review.findings = [ReviewFinding(text="Records were not shared.")]
    review.recommendations = [
        ReviewRecommendation(number="3b", text="Share records", owner="Health",
                             response="New protocol", status="in_progress",
                             target_date=date(2024, 6, 30))
    ]  # fmt: skip
    review.reflective_questions = [ReflectiveQuestion(text="Who else knows this family?")]
    publish(review)
    framework = FrameworkPageFactory(
        parent=index, title="Information sharing protocol",
        answers_recommendation=ReviewRecommendation.objects.get(page=review),
    )  # fmt: skip
    _, soup = get(client, review)
    text = text_of(soup)
    for expected in [
        "Rapid review",
        "The review group",
        "5 January 2023",
        "9 February 2023",
        "Known in the review as Child R, aged 1 to 4",
        "Information sharing",
        "The MASH",
        "Records were not shared.",
        "3b",
        "Share records",
        "Health",
        "New protocol",
        "In progress",
        "30 June 2024",
        "7-minute briefing",
        "Think family.",
        "Who else knows this family?",
    ]:
        assert expected in text, expected
    assert soup.find("a", href=framework.url)


def test_framework_renders_every_field(client, index, board, hwb):
    review = publish(ReviewFindingsPageFactory(parent=index, title="Peer review 2014"))
    review.recommendations = [ReviewRecommendation(number="1", text="Reshape the boards")]
    publish(review)
    framework = FrameworkPageFactory(
        parent=index, title="Framework of cooperation", purpose="Who does what.",
        adoption_status="adopted", adopted_on=date(2015, 1, 28), approved_by=hwb,
        approval_meeting_date=date(2015, 1, 28), review_due=date(2016, 1, 31),
        answers_recommendation=ReviewRecommendation.objects.get(page=review),
    )  # fmt: skip
    framework.parties = [
        FrameworkParty(body=board, role="Leads on children", commitments="Report yearly\nAsk"),
        FrameworkParty(body=hwb, role="Sets priorities", commitments="Receive reports"),
    ]
    publish(framework)
    _, soup = get(client, framework)
    text = text_of(soup)
    for expected in [
        "Adopted",
        "28 January 2015",
        "a meeting of the Testshire Health and Wellbeing Board on 28 January 2015",
        "31 January 2016",
        "Who does what.",
        "It answers recommendation 1 of Peer review 2014",
        "Reshape the boards",
        "Testshire Safeguarding Children Board (TSCB)",
        "Leads on children",
        "Report yearly",
        "Receive reports",
    ]:
        assert expected in text, expected
    assert soup.find("a", href=review.url)


def test_a_presentation_without_a_known_date_says_so(client, report, hwb):
    report.presentations = [Presentation(body=hwb, note="Asked to note it.")]
    publish(report)
    _response, soup = get(client, report)
    row = soup.find(id="presented-to").find_next("tbody").find("tr")
    assert "Not recorded" in row.get_text()
    assert row.find("time") is None
