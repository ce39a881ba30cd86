"""What every page shows is read once per content change, and is never stale or private.

With the page cache off (as in these tests), pages still take the site, its
settings, menus, banners, restricted sections and routes from the cache kept
under the content generation (site_core/caching/). These tests check that
each change a reader could see is seen on the very next request.
"""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from site_core.caching import memo
from site_core.models import Navigation, NavigationLink, Partnership
from tests.factories.site_core import AlertBannerFactory, StandardPageFactory


def tables_read(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return " ".join(q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db
def test_a_second_page_view_reads_no_settings_menus_or_banners(client, home):
    client.get(home.url)
    sql = tables_read(client, home.url)
    for table in (
        "site_core_partnership",
        "site_core_safeguardingcontacts",
        "site_core_navigation",
        "site_core_alertbanner",
        "wagtailcore_site",
        "wagtailcore_pageviewrestriction",
    ):
        assert table not in sql, table


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
    assert client.get(child.url).status_code == 200  # public, and remembered as such

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
def test_made_up_addresses_do_not_fill_the_cache(client, home):
    client.get(home.url)
    before = len(cache._cache)
    for n in range(20):
        assert client.get(f"/no-such-page-{n}/").status_code == 404
    assert len(cache._cache) == before


@pytest.mark.django_db
def test_an_unpublished_page_is_gone_at_once(client, home):
    page = StandardPageFactory(parent=home, title="Old leaflet", slug="old-leaflet")
    assert client.get("/old-leaflet/").status_code == 200
    page.unpublish()
    assert client.get("/old-leaflet/").status_code == 404


@pytest.mark.django_db
def test_every_content_change_gives_a_new_generation(home):
    first = memo.generation()
    StandardPageFactory(parent=home, title="Anything")
    second = memo.generation()
    assert second != first
    assert memo.remember("answer", lambda: "kept") == "kept"
    assert memo.remember("answer", lambda: "rebuilt") == "kept"
    home.save_revision().publish()
    assert memo.remember("answer", lambda: "rebuilt") == "rebuilt"


def breadcrumb_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    nav = BeautifulSoup(response.content, "html.parser").select_one("nav.breadcrumbs")
    return [item.get_text(strip=True) for item in nav.select("li")]


@pytest.mark.django_db
def test_breadcrumbs_name_the_pages_above_as_they_are_now(client, home):
    # Taken from the pages routing passed through (each kept under its own
    # token), so a section's publish is seen at once, and one taken offline
    # leaves the trail.
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


@pytest.mark.django_db
def test_what_a_request_builds_reaches_the_cache_when_it_ends(home):
    # Written together in one round trip, not one each: another process finds
    # them once the request is over, and the request itself has them meanwhile.
    with memo.request_scope():
        memo.remember("test-first", lambda: "one")
        memo.remember("test-second", lambda: "two")
        assert memo.remember("test-first", lambda: "built again") == "one"
        assert not [key for key in cache._cache if "test-first" in key or "test-second" in key]
    memo.forget_local()
    with memo.request_scope():
        assert memo.remember("test-first", lambda: "built again") == "one"
        assert memo.remember("test-second", lambda: "built again") == "two"
