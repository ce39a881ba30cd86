"""Editors create every publication type through the Wagtail admin."""

from datetime import date
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from publications.models import (
    AnnualReportPage,
    AudienceVersionPage,
    FrameworkPage,
    LearningFromReviewsPage,
    PlanPage,
    PublicationIndexPage,
    ReviewFindingsPage,
    StandardPublicationPage,
)
from site_core.models import HomePage, Partnership, StandardPage
from tests.factories.publications import BodyFactory, PublicationIndexPageFactory, TopicFactory
from tests.factories.site_core import make_site
from tests.helpers import sign_in_with_second_factor


def page_data(model, **fields):
    """POST data for the admin's add-page form, with every inline formset present."""
    from modelcluster.models import get_all_child_relations

    data = {
        "next_review_due": "2027-12-01",
        "body": streamfield([]),
        "comments": inline_formset([]),
    }
    for relation in get_all_child_relations(model):
        name = relation.get_accessor_name()
        if name != "wagtail_admin_comments":
            data[name] = inline_formset([])
    # Multiple-choice values stay lists; nested_form_data would number them.
    multiple = {key: fields.pop(key) for key in ("published_by", "topics") if key in fields}
    data.update(fields)
    return {**nested_form_data(data), **multiple}


@pytest.mark.ignore_template_errors
class CreatePublicationsInTheAdmin(WagtailPageTestCase):
    def setUp(self):
        site = make_site()
        self.home = site.root_page.specific
        self.index = PublicationIndexPageFactory(parent=self.home)
        partnership = Partnership.for_site(site)
        self.board = BodyFactory(partnership=partnership, slug="tscb", name="Testshire Board")
        self.topic = TopicFactory(name="Neglect", slug="neglect")
        user = get_user_model().objects.create_superuser("editor", "editor@example.org", "x")
        sign_in_with_second_factor(self.client, user)
        # pytest-django's invalid-variable marker makes Django skip `|default`
        # filters, which breaks Wagtail's inline panels when a form re-renders
        # with errors; the admin's own templates are not under test here.
        from django.template import engines

        patcher = mock.patch.object(engines["django"].engine, "string_if_invalid", "")
        patcher.start()
        self.addCleanup(patcher.stop)

    def common(self, title):
        return {
            "title": title,
            "summary": "What this is, in plain English.",
            "publication_date": "2023-12-12",
            "publication_date_precision": "day",
            "published_by": [self.board.pk],
            "topics": [self.topic.pk],
            "audience": "everyone",
            "status": "current",
        }

    def test_page_tree_rules(self):
        self.assertAllowedParentPageTypes(AnnualReportPage, {PublicationIndexPage})
        self.assertAllowedParentPageTypes(PublicationIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(
            PublicationIndexPage,
            {
                AnnualReportPage,
                PlanPage,
                ReviewFindingsPage,
                FrameworkPage,
                AudienceVersionPage,
                StandardPublicationPage,
                LearningFromReviewsPage,
            },
        )
        self.assertCanNotCreateAt(HomePage, AnnualReportPage)
        self.assertCanNotCreateAt(PublicationIndexPage, StandardPage)

    def test_create_annual_report(self):
        data = page_data(
            AnnualReportPage,
            **self.common("Annual report 2022/23"),
            reporting_year="2022",
            edition="Third annual report",
            scrutineer_reflections=rich_text("<p>A good year.</p>"),
            key_figures=inline_formset(
                [{"value": "1933", "unit": "", "label": "professionals trained", "context": ""}]
            ),
            presentations=inline_formset(
                [{"body": str(self.board.pk), "date": "2024-03-07", "note": ""}]
            ),
        )
        self.assertCanCreate(self.index, AnnualReportPage, data)
        report = AnnualReportPage.objects.get(slug="annual-report-202223")
        # The reporting year fills the period when no dates are given.
        assert (report.period_start, report.period_end) == (date(2022, 4, 1), date(2023, 3, 31))
        assert report.key_figures.get().display_value == "1,933"
        assert list(report.published_by.all()) == [self.board]

    def test_create_plan(self):
        data = page_data(
            PlanPage,
            **self.common("Strategic plan"),
            mission="Working together.",
            outcomes=inline_formset([{"number": "1", "title": "Supported early"}]),
            themes=inline_formset([{"number": "1", "title": "People"}]),
        )
        self.assertCanCreate(self.index, PlanPage, data)
        plan = PlanPage.objects.get(slug="strategic-plan")
        assert plan.outcomes.get().title == "Supported early"
        assert plan.themes.get().title == "People"
        # Projects, indicators and activities are added afterwards, in their own
        # view (tests/publications/test_plan_admin.py), which the editor links to.
        edit = self.client.get(f"/admin/pages/{plan.pk}/edit/").content.decode()
        assert f"/admin/plans/{plan.pk}/rows/" in edit

    def test_create_review_findings(self):
        data = page_data(
            ReviewFindingsPage,
            **self.common("Rapid review: Child R"),
            review_type="rapid_review",
            carried_out_by="The partnership's review group",
            child_age_band="1_4",
            child_pseudonym="Child R",
            recommendations=inline_formset(
                [{"number": "1", "text": "Share records", "owner": "Health", "response": "",
                  "status": "in_progress", "target_date": "2024-06-30"}]
            ),
            learning_briefing=rich_text("<p>Seven minutes.</p>"),
        )  # fmt: skip
        self.assertCanCreate(self.index, ReviewFindingsPage, data)
        review = ReviewFindingsPage.objects.get(slug="rapid-review-child-r")
        assert review.recommendations.get().status == "in_progress"

    def test_child_facts_are_refused_outside_case_reviews(self):
        data = page_data(
            ReviewFindingsPage,
            **self.common("Section 11 audit"),
            slug="s11",
            review_type="section_11",
            carried_out_by="The partnership",
            child_pseudonym="Child Q",
            learning_briefing=rich_text(""),
        )
        url = f"/admin/pages/add/publications/reviewfindingspage/{self.index.pk}/"
        response = self.client.post(url, data)
        assert "Only case reviews describe a child" in response.content.decode()
        assert not ReviewFindingsPage.objects.filter(slug="s11").exists()

    def test_create_framework(self):
        data = page_data(
            FrameworkPage,
            **self.common("Framework of cooperation"),
            purpose="Who does what.",
            adoption_status="adopted",
            adopted_on="2015-01-28",
            review_due="2016-01-31",
            parties=inline_formset(
                [{"body": str(self.board.pk), "role": "Leads", "commitments": "Report yearly"}]
            ),
        )
        self.assertCanCreate(self.index, FrameworkPage, data)
        framework = FrameworkPage.objects.get(slug="framework-of-cooperation")
        assert framework.parties.get().commitment_list == ["Report yearly"]

    def test_adopted_framework_needs_its_date(self):
        data = page_data(
            FrameworkPage,
            **self.common("Undated framework"),
            slug="undated",
            purpose="Who does what.",
            adoption_status="adopted",
        )
        url = f"/admin/pages/add/publications/frameworkpage/{self.index.pk}/"
        response = self.client.post(url, data)
        assert "An adopted framework needs the date it was adopted" in response.content.decode()

    def test_create_young_persons_version_needs_the_full_version(self):
        data = page_data(
            AudienceVersionPage,
            **{**self.common("Short version"), "audience": "young_people"},
            slug="short",
        )
        url = f"/admin/pages/add/publications/audienceversionpage/{self.index.pk}/"
        response = self.client.post(url, data)
        assert "must point to the full publication" in response.content.decode()
        full = AnnualReportPage(
            title="Full", slug="full", summary="s", publication_date=date(2023, 1, 1),
            reporting_year=2022,
        )  # fmt: skip
        self.index.add_child(instance=full)
        data = page_data(
            AudienceVersionPage,
            **{**self.common("Short version"), "audience": "young_people"},
            full_version=str(full.pk),
        )
        self.assertCanCreate(self.index, AudienceVersionPage, data)

    def test_editors_choose_only_their_own_partnerships_bodies(self):
        other_site = make_site(hostname="other.localhost", default=False, title="Other home")
        other = BodyFactory(
            partnership=Partnership.for_site(other_site), slug="other", name="Otherton Board"
        )
        url = f"/admin/pages/add/publications/annualreportpage/{self.index.pk}/"
        html = self.client.get(url).content.decode()
        assert "Testshire Board" in html
        assert other.name not in html

    def test_create_listing_pages(self):
        self.assertCanCreate(
            self.index,
            LearningFromReviewsPage,
            page_data(LearningFromReviewsPage, title="Learning from reviews", summary=""),
        )
        other_home = Page.objects.get(pk=self.home.pk)
        self.index.delete()
        self.assertCanCreate(
            other_home,
            PublicationIndexPage,
            page_data(PublicationIndexPage, title="Publications", summary=""),
        )
