"""Editing a guide in the page editor: each level's number once, every
indicator on a level the guide has, the easy-read words' reading age shown;
the editor keeps what they typed."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from tests.factories.thresholds import ThresholdGuidePageFactory, four_levels
from thresholds.models import ThresholdGuidePage

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]


@pytest.fixture(autouse=True)
def _admin_templates(invalid_template_variables_as_in_production):
    pass


def level(number, name):
    return {
        "number": str(number),
        "name": name,
        "summary": "s",
        "what_to_do": "w",
        "contact": "universal",
        "examples": "",
        "easy_read": "",
    }


def form(guide, levels, indicators):
    return nested_form_data(
        {
            "title": guide.title,
            "slug": guide.slug,
            "summary": guide.summary,
            "version": "3.0",
            "next_review_due": "2027-12-01",
            "comments": inline_formset([]),
            "levels": inline_formset(levels),
            "indicators": inline_formset(indicators),
            "past_versions": inline_formset([]),
        }
    )


def test_an_indicator_on_a_level_the_guide_lacks_is_refused_and_kept(
    client, home, editor, login_as
):
    guide = ThresholdGuidePageFactory(parent=home, slug="thresholds", levels=four_levels())
    login_as(client, editor)
    response = client.post(
        f"/admin/pages/{guide.pk}/edit/",
        form(
            guide,
            [level(1, "Universal"), level(1, "Also one")],
            [{"level_number": "7", "area": "Health", "text": "Typed by the editor"}],
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The guide has no level 7 (its levels: 1)." in html
    assert "Level 1 is already used by another level." in html
    assert "Typed by the editor" in html
    assert ThresholdGuidePage.objects.get(pk=guide.pk).revisions.count() == guide.revisions.count()


def test_good_rows_are_saved_as_a_draft(client, home, editor, login_as):
    guide = ThresholdGuidePageFactory(parent=home, slug="thresholds", levels=four_levels())
    login_as(client, editor)
    response = client.post(
        f"/admin/pages/{guide.pk}/edit/",
        form(
            guide,
            [level(1, "Universal"), level(2, "Early help")],
            [{"level_number": "2", "area": "Health", "text": "Missed appointments"}],
        ),
    )
    assert response.status_code == 302
    draft = ThresholdGuidePage.objects.get(pk=guide.pk).get_latest_revision_as_object()
    assert [i.text for i in draft.indicators.all()] == ["Missed appointments"]
    assert draft.version == "3.0"
    # Still the published version for readers.
    assert ThresholdGuidePage.objects.get(pk=guide.pk).version == "2.0"


def test_the_editor_sees_the_easy_read_reading_age(client, home, editor, login_as):
    guide = ThresholdGuidePageFactory(parent=home, slug="thresholds", levels=four_levels())
    login_as(client, editor)
    html = client.get(f"/admin/pages/{guide.pk}/edit/").content.decode()
    assert "Reading age as last saved: about" in html
