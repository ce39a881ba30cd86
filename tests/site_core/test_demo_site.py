"""The demo content: every page answers, once per site, and loading twice adds nothing."""

import os

from bs4 import BeautifulSoup
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from wagtail.images.models import Image, Rendition
from wagtail.models import Collection, Page, Site

from site_core.images import missing_filters
from site_core.models import Partnership, StandardPage

# Indexes derived from the content, rebuilt by every load: not content.
DERIVED = {"wagtailcore.ReferenceIndex"}


def _counts():
    return {
        model._meta.label: model.objects.count()
        for app in (
            "site_core",
            "governance",
            "publications",
            "demo",
            "wagtailcore",
            "wagtaildocs",
            "wagtailimages",
        )
        for model in apps.get_app_config(app).get_models()
        if model._meta.label not in DERIVED
    }


def test_every_demo_page_answers_with_exactly_one_h1(client, demo):
    pages = Page.objects.live().public().specific().filter(depth__gt=1)
    assert pages.count() >= 15
    for page in pages:
        site_id, _root_url, path = page.get_url_parts()
        host = Site.objects.get(pk=site_id).hostname
        response = client.get(path, HTTP_HOST=host)
        assert response.status_code == 200, f"{host}{path} answered {response.status_code}"
        titles = BeautifulSoup(response.content, "html.parser").find_all("h1")
        assert len(titles) == 1, f"{host}{path} has {len(titles)} <h1>"


def test_demo_serves_three_partnerships_on_their_own_hosts(client, demo):
    assert (
        "Sunderland Safeguarding Children Partnership"
        in client.get("/", HTTP_HOST="127.0.0.1").content.decode()
    )
    assert (
        "East Sussex Safeguarding Children Partnership"
        in client.get("/", HTTP_HOST="eastsussex.localhost").content.decode()
    )
    assert (
        "South Tees Safeguarding Children Partnership"
        in client.get("/", HTTP_HOST="southtees.localhost").content.decode()
    )


def test_loading_the_demo_twice_changes_nothing(demo):
    before = _counts()
    call_command("load_demo_data", verbosity=0)
    assert _counts() == before


def test_demo_images_are_in_place_with_their_renditions_made_ahead(client, demo):
    root = Collection.get_first_root_node()
    assert Image.objects.count() == 4  # three logos and one illustration
    assert set(Image.objects.values_list("collection", flat=True)) == {root.pk}
    assert all(not missing_filters(image) for image in Image.objects.all())
    for partnership in Partnership.objects.all():
        assert partnership.logo is not None, partnership
        assert partnership.logo.file.size < 10_000  # drawn small
    cache.clear()  # only the database may answer
    count = Rendition.objects.count()

    for site in Site.objects.all():
        home = BeautifulSoup(client.get("/", HTTP_HOST=site.hostname).content, "html.parser")
        logo = home.select_one(".site-header__brand picture img")
        about = StandardPage.objects.live().descendant_of(site.root_page).get(slug="about-us")
        page = BeautifulSoup(client.get(about.url, HTTP_HOST=site.hostname).content, "html.parser")
        img = page.select_one("figure picture img")
        assert img["alt"].startswith("Three overlapping circles")
        assert img["loading"] == "lazy"
        for url in [img["src"], logo["src"]]:
            assert client.get(url).status_code == 200, url

    assert Rendition.objects.count() == count


def test_demo_replaces_the_wagtail_welcome_page(demo):
    assert not Page.objects.filter(title__icontains="Welcome to your new Wagtail site").exists()


def test_the_demo_sites_take_the_port_they_are_served_on(demo, monkeypatch):
    served_on = int(os.environ.get("PORT") or 80)  # `make test` exports PORT, as `make run` does
    assert set(Site.objects.values_list("port", flat=True)) == {served_on} != {8102}
    sites = set(Site.objects.values_list("pk", flat=True))
    monkeypatch.setenv("PORT", "8102")  # served elsewhere next time: the same sites move
    call_command("load_demo_data", verbosity=0)
    assert set(Site.objects.values_list("port", flat=True)) == {8102}
    assert set(Site.objects.values_list("pk", flat=True)) == sites
