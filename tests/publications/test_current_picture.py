"""The current picture in two clicks, and notices that say when something is
no longer current: superseded, withdrawn, past its review date, or a plan
whose period has ended. Empty listings say so without blaming filters."""

from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils import timezone

from publications.models import FrameworkPage, PlanActivity, PlanProject, PlanTheme
from tests.factories.publications import (
    AnnualReportPageFactory,
    FrameworkPageFactory,
    PlanPageFactory,
    PublicationIndexPageFactory,
    ReviewFindingsPageFactory,
)
from tests.factories.site_core import make_site

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def get_soup(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def picture_text(soup):
    block = soup.select_one(".current-picture")
    assert block is not None, "no current picture on the page"
    return " ".join(block.get_text().split())


def notice_text(soup):
    notice = soup.select_one(".publication-status")
    return " ".join(notice.get_text().split()) if notice else ""


@pytest.fixture
def current_set(index, learning):
    old_report = AnnualReportPageFactory(
        parent=index, title="Annual report 2021/22", reporting_year=2021
    )
    report = AnnualReportPageFactory(
        parent=index,
        title="Annual report 2022/23",
        reporting_year=2022,
        publication_date=date(2023, 10, 30),
    )
    plan = PlanPageFactory(
        parent=index,
        title="Business plan 2024-27",
        period_start=date(2024, 4, 1),
        period_end=TODAY + timedelta(days=365),
        publication_date=date(2024, 4, 1),
        activities=[
            PlanActivity(project_reference="1.1", description="Train", status="complete"),
            PlanActivity(project_reference="1.2", description="Audit", status="on_track"),
            PlanActivity(
                project_reference="1.3",
                description="Survey",
                status="delayed",
                delay_reason="Staff",
            ),
        ],
    )
    old_plan = PlanPageFactory(
        parent=index,
        title="Strategic plan 2018-19",
        status="superseded",
        replaced_by=plan,
        status_changed_on=date(2019, 9, 29),
        themes=[PlanTheme(number=1, title="People")],
        projects=[PlanProject(theme_number=1, reference="1.1", title="Induction")],
        activities=[PlanActivity(project_reference="1.1", description="Train", status="on_track")],
    )
    ReviewFindingsPageFactory(parent=index, title="Peer review 2014", completed=date(2014, 11, 30))
    review = ReviewFindingsPageFactory(
        parent=index,
        title="Rapid reviews 2022/23",
        review_type="rapid_review",
        completed=date(2023, 3, 31),
        publication_date=date(2023, 10, 30),
    )
    framework = FrameworkPageFactory(
        parent=index,
        title="Framework of cooperation",
        adoption_status=FrameworkPage.AdoptionStatus.ADOPTED,
        adopted_on=date(2015, 1, 28),
        review_due=date(2016, 1, 31),
    )
    return {
        "old_report": old_report,
        "report": report,
        "plan": plan,
        "old_plan": old_plan,
        "review": review,
        "framework": framework,
    }


@pytest.mark.parametrize("where", ["home", "index"])
def test_home_and_index_lead_with_what_is_current_each_dated(
    client, home, index, current_set, where
):
    soup = get_soup(client, "/" if where == "home" else index.url)
    text = picture_text(soup)

    assert "Annual report 2022/23" in text and "Annual report 2021/22" not in text
    assert "Published 30 October 2023" in text
    assert "Business plan 2024-27" in text
    assert "1 of 3 activities complete, 1 on track, 1 delayed" in text
    assert "Strategic plan 2018-19" not in text  # superseded: never named as current
    assert "Latest: Rapid reviews 2022/23" in text and "Peer review 2014" not in text
    assert "All learning from reviews" in text
    assert "Framework of cooperation, adopted 28 January 2015" in text
    assert "Past its review date (31 January 2016)" in text
    links = {a.get_text(strip=True): a["href"] for a in soup.select(".current-picture a")}
    assert links["Annual report 2022/23"] == current_set["report"].url
    assert links["Business plan 2024-27"] == current_set["plan"].url


def test_the_current_picture_leads_the_index_only_before_filtering(client, index, current_set):
    filtered = get_soup(client, f"{index.url}?type=plan")
    assert filtered.select_one(".current-picture") is None
    unfiltered = get_soup(client, index.url)
    main = unfiltered.select_one("main")
    # It comes before the list of every publication.
    assert str(main).index("current-picture") < str(main).index("publication-list")


def test_with_no_plan_in_force_the_newest_plan_is_named_with_its_status(client, home, index):
    PlanPageFactory(
        parent=index,
        title="Strategic plan 2018-19",
        status="superseded",
        status_note="The board was replaced by the partnership in 2019.",
        period_start=date(2018, 4, 1),
        period_end=date(2019, 3, 31),
    )

    text = picture_text(get_soup(client, "/"))

    assert "No plan in force is published on this site" in text
    assert "Strategic plan 2018-19, is superseded" in text


def test_another_partnerships_publications_are_not_in_this_picture(client, home, index):
    other_site = make_site(hostname="other.example", default=False, title="Otherside")
    other_index = PublicationIndexPageFactory(parent=other_site.root_page)
    AnnualReportPageFactory(parent=other_index, title="Otherside annual report")

    text = picture_text(get_soup(client, "/"))

    assert "Otherside annual report" not in text
    assert "No annual report is published on this site yet" in text


def test_a_framework_past_its_review_date_says_so_at_the_top(client, current_set):
    soup = get_soup(client, current_set["framework"].url)

    notice = notice_text(soup)
    assert "past its review date" in notice
    assert "31 January 2016" in notice


def test_a_framework_not_yet_due_for_review_has_no_notice(client, index):
    framework = FrameworkPageFactory(
        parent=index,
        adoption_status=FrameworkPage.AdoptionStatus.ADOPTED,
        adopted_on=date(2024, 1, 1),
        review_due=TODAY + timedelta(days=30),
    )
    assert notice_text(get_soup(client, framework.url)) == ""


def test_a_superseded_publication_says_since_when_and_links_its_replacement(client, current_set):
    soup = get_soup(client, current_set["old_plan"].url)

    notice = notice_text(soup)
    assert "has been superseded (since 29 September 2019)" in notice
    link = soup.select_one(".publication-status a")
    assert link["href"] == current_set["plan"].url
    # Its progress figures are not presented as today's.
    assert "As last recorded" in soup.select_one(".progress-summary").get_text()


def test_a_withdrawn_publication_with_no_replacement_says_it_is_kept_as_a_record(client, index):
    report = AnnualReportPageFactory(
        parent=index, status="withdrawn", status_note="Figures in it were wrong."
    )

    notice = notice_text(get_soup(client, report.url))

    assert "has been withdrawn" in notice
    assert "Figures in it were wrong." in notice
    assert "kept here as a record" in notice


def test_a_current_plan_whose_period_has_ended_says_so(client, index):
    plan = PlanPageFactory(
        parent=index, period_start=date(2020, 4, 1), period_end=date(2023, 3, 31)
    )

    notice = notice_text(get_soup(client, plan.url))

    assert "The period this strategic and business plan covers has ended" in notice
    assert "31 March 2023" in notice


def test_a_current_publication_cannot_carry_a_date_it_stopped_being_current(index):
    report = AnnualReportPageFactory(parent=index)
    report.status_changed_on = date(2024, 1, 1)
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    assert "status_changed_on" in error.value.message_dict


def test_an_empty_learning_listing_does_not_blame_filters_that_are_not_set(client, learning):
    soup = get_soup(client, learning.url)

    empty = soup.select_one(".empty-state").get_text(" ", strip=True)
    assert "No reviews are published on this site yet." in empty
    assert "filter" not in empty.lower()


def test_an_empty_filtered_listing_offers_to_remove_the_filter(client, learning, index):
    ReviewFindingsPageFactory(parent=index)

    soup = get_soup(client, f"{learning.url}?q=nothingmatchesthis")

    assert "Try removing one" in soup.select_one(".empty-state").get_text(" ", strip=True)


def test_a_date_known_only_roughly_is_shown_only_as_exactly_as_it_is_known(client, index):
    by = AnnualReportPageFactory(
        parent=index,
        title="Presented in December",
        publication_date=date(2023, 12, 12),
        publication_date_precision="by",
    )
    year_only = AnnualReportPageFactory(
        parent=index,
        title="Some time in 2024",
        reporting_year=2023,
        publication_date=date(2024, 1, 1),
        publication_date_precision="year",
    )

    facts = get_soup(client, by.url).select_one(".publication__facts").get_text(" ", strip=True)
    assert "Published by 12 December 2023" in facts
    listing = get_soup(client, index.url)
    items = {
        item.find("h2").get_text(strip=True): " ".join(item.get_text().split())
        for item in listing.select(".publication-list__item")
    }
    assert "Published 2024" in items["Some time in 2024"]
    assert "1 January 2024" not in items["Some time in 2024"]
    assert listing.select_one(".publication-list time")["datetime"] == "2024"
    assert year_only.publication_date_label == "2024"


def test_a_date_known_only_by_what_the_paper_mentions_keeps_to_the_month(client, index):
    """ "The next report will be produced by September 2024"; "the findings of
    the November 2014 review": a month, and which side of it."""
    before = AnnualReportPageFactory(
        parent=index,
        title="Written before September 2024",
        publication_date=date(2024, 9, 1),
        publication_date_precision="by_month",
    )
    after = AnnualReportPageFactory(
        parent=index,
        title="Written after November 2014",
        reporting_year=2014,
        publication_date=date(2014, 11, 1),
        publication_date_precision="from_month",
    )
    facts = get_soup(client, before.url).select_one(".publication__facts")
    assert "Published by September 2024" in facts.get_text(" ", strip=True)
    assert "1 September" not in facts.get_text(" ", strip=True)
    assert facts.find("time")["datetime"] == "2024-09"
    facts = get_soup(client, after.url).select_one(".publication__facts")
    assert "Published November 2014 or later" in facts.get_text(" ", strip=True)
