"""A concluded consultation links what it changed inside its own partnership,
and the annual report lists the year's consultations in its "voice of
children and families" section."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from consultations.models import ConsultationChange
from tests.factories.consultations import ConsultationPageFactory
from tests.factories.evidence import IndicatorFactory
from tests.factories.publications import (
    AnnualReportPageFactory,
    PlanPageFactory,
    PublicationIndexPageFactory,
)

pytestmark = pytest.mark.django_db


def concluded(parent, **kwargs):
    return ConsultationPageFactory(
        parent=parent,
        opens_on=date(2022, 9, 1),
        closes_on=date(2022, 10, 31),
        outcome_published=True,
        you_said="<p>Young people said they did not know who to ask for help.</p>",
        we_did="<p>Every school now shows who to ask.</p>",
        **kwargs,
    )


def test_a_change_links_its_own_partnerships_plan_and_indicator(home, partnership, client):
    index = PublicationIndexPageFactory(parent=home)
    plan = PlanPageFactory(parent=index, title="Strategic plan")
    indicator = IndicatorFactory(partnership=partnership, code="56a", name="Children heard")
    page = concluded(home, title="Who to ask")
    change = ConsultationChange(
        page=page, what_changed="A priority on being heard", linked_page=plan, indicator=indicator
    )
    change.clean()
    change.save()
    html = client.get(page.url).content.decode()
    assert "A priority on being heard" in html
    assert f'href="{plan.url}"' in html
    assert "indicator 56a: Children heard" in html


def test_a_change_cannot_link_another_partnerships_page_or_indicator(
    home, other_site, other_partnership
):
    page = concluded(home)
    theirs = PlanPageFactory(parent=other_site.root_page, title="Their plan")
    their_indicator = IndicatorFactory(partnership=other_partnership)
    for link in ({"linked_page": theirs}, {"indicator": their_indicator}):
        change = ConsultationChange(page=page, what_changed="Something", **link)
        with pytest.raises(ValidationError) as raised:
            change.clean()
        assert set(raised.value.message_dict) == set(link)


def test_the_annual_report_lists_the_years_consultations(home, client):
    index = PublicationIndexPageFactory(parent=home)
    report = AnnualReportPageFactory(parent=index)  # 1 April 2022 to 31 March 2023
    in_year = concluded(home, title="Who to ask")
    ConsultationChange.objects.create(page=in_year, what_changed="Posters in every school")
    ConsultationPageFactory(
        parent=home, title="Still waiting", opens_on=date(2023, 3, 1), closes_on=date(2023, 4, 30)
    )
    ConsultationPageFactory(
        parent=home, title="Another year", opens_on=date(2021, 5, 1), closes_on=date(2021, 6, 1)
    )
    ConsultationPageFactory(
        parent=home,
        title="A draft",
        live=False,
        opens_on=date(2022, 5, 1),
        closes_on=date(2022, 6, 1),
    )
    html = client.get(report.url).content.decode()
    assert "The voice of children and families" in html
    section = html.split('id="voice"', 1)[1].split("</section>", 1)[0]
    assert "Who to ask" in section
    assert "Posters in every school" in section
    assert "Still waiting" in section
    assert "We will publish what we heard" in section
    assert "Another year" not in section
    assert "A draft" not in section


def test_no_consultations_no_section(home, client):
    report = AnnualReportPageFactory(parent=PublicationIndexPageFactory(parent=home))
    assert "The voice of children and families" not in client.get(report.url).content.decode()


def test_another_partnerships_consultation_is_not_in_the_report(home, other_site, client):
    report = AnnualReportPageFactory(parent=PublicationIndexPageFactory(parent=home))
    concluded(other_site.root_page, title="Elsewhere")
    assert "Elsewhere" not in client.get(report.url).content.decode()


@pytest.mark.ignore_template_errors
def test_the_editor_sees_the_young_peoples_reading_age(
    home, client, login_as, editor, invalid_template_variables_as_in_production
):
    page = ConsultationPageFactory(
        parent=home,
        young_people_introduction=(
            "Tell us how safe you feel. It is quick. You do not give your name. "
            "We read every answer."
        ),
    )
    login_as(client, editor)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Reading age of this version, as last saved: about" in html
    assert "Children and young people" in html


def test_the_home_page_offers_open_and_upcoming_consultations(home, other_site, client):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    ConsultationPageFactory(parent=home, title="Feeling safe")
    ConsultationPageFactory(
        parent=home,
        title="Coming soon",
        opens_on=today + timedelta(days=3),
        closes_on=today + timedelta(days=30),
    )
    ConsultationPageFactory(
        parent=home,
        title="Long closed",
        opens_on=today - timedelta(days=30),
        closes_on=today - timedelta(days=3),
    )
    ConsultationPageFactory(parent=other_site.root_page, title="Theirs")
    html = client.get("/").content.decode()
    section = html.split('id="have-your-say-heading"', 1)[1].split("</section>", 1)[0]
    assert "Feeling safe" in section and "Coming soon" in section
    assert "Long closed" not in section and "Theirs" not in section
