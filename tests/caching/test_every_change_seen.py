"""Every change a reader could see is seen on the very next request, whatever
fragments (header, footer, breadcrumbs, a page's sections) were kept before."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import PageViewRestriction

from site_core.models import Navigation, NavigationLink, Partnership
from tests.factories.site_core import AlertBannerFactory, StandardPageFactory


@pytest.fixture(autouse=True)
def edge_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.mark.django_db
def test_saving_the_partnership_changes_the_next_page(client, home, site):
    assert "Wearside" not in client.get(home.url).content.decode()
    partnership = Partnership.for_site(site)
    partnership.name = "Wearside Safeguarding Children Partnership"
    partnership.save()
    assert "Wearside Safeguarding Children Partnership" in client.get(home.url).content.decode()


@pytest.mark.django_db
def test_a_new_menu_link_shows_on_the_next_page(client, home, site):
    page = StandardPageFactory(parent=home, title="Threshold guidance")
    client.get(home.url)
    navigation = Navigation.for_site(site)
    NavigationLink.objects.create(navigation=navigation, place="primary", page=page)
    html = client.get(home.url).content.decode()
    assert f'href="{page.url}">Threshold guidance</a>' in html


@pytest.mark.django_db
def test_a_scheduled_banner_appears_and_goes_on_time_without_a_save(client, home, monkeypatch):
    start = timezone.now() + timedelta(hours=1)
    AlertBannerFactory(
        message="<p>Phone lines closed for maintenance</p>",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    assert "Phone lines closed" not in client.get(home.url).content.decode()

    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(minutes=1))
    assert "Phone lines closed" in client.get(home.url).content.decode()

    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(hours=3))
    assert "Phone lines closed" not in client.get(home.url).content.decode()


@pytest.mark.django_db
def test_restricting_a_section_shuts_it_on_the_next_request(client, home):
    section = StandardPageFactory(parent=home, title="Board papers")
    child = StandardPageFactory(parent=section, title="March papers")
    assert client.get(child.url).status_code == 200

    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get_or_create(name="Board members")[0])

    response = client.get(child.url)
    assert response.status_code == 302
    assert "March papers" not in client.get(home.url).content.decode()


@pytest.mark.django_db
def test_a_renamed_page_moves_at_once(client, home):
    page = StandardPageFactory(parent=home, title="Escalation policy", slug="escalation")
    assert client.get("/escalation/").status_code == 200
    page.slug = "escalation-policy"
    page.save_revision().publish()
    assert client.get("/escalation/").status_code == 404
    assert client.get("/escalation-policy/").status_code == 200


@pytest.mark.django_db
def test_an_unpublished_page_is_gone_at_once(client, home):
    page = StandardPageFactory(parent=home, title="Old leaflet", slug="old-leaflet")
    assert client.get("/old-leaflet/").status_code == 200
    page.unpublish()
    assert client.get("/old-leaflet/").status_code == 404


def breadcrumb_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    nav = BeautifulSoup(response.content, "html.parser").select_one("nav.breadcrumbs")
    return [item.get_text(strip=True) for item in nav.select("li")]


@pytest.mark.django_db
def test_breadcrumbs_name_the_pages_above_as_they_are_now(client, home):
    # Kept with the page, until the site's next change: a section's publish
    # is seen at once, and one taken offline leaves the trail.
    section = StandardPageFactory(parent=home, title="Policies")
    topic = StandardPageFactory(parent=section, title="Neglect")
    page = StandardPageFactory(parent=topic, title="Neglect toolkit")
    url = f"/{section.slug}/{topic.slug}/{page.slug}/"
    assert breadcrumb_titles(client, url) == ["Home", "Policies", "Neglect", "Neglect toolkit"]

    section.title = "Policies and procedures"
    section.save_revision().publish()
    assert breadcrumb_titles(client, url) == [
        "Home",
        "Policies and procedures",
        "Neglect",
        "Neglect toolkit",
    ]

    topic.unpublish()
    assert breadcrumb_titles(client, url) == ["Home", "Policies and procedures", "Neglect toolkit"]
