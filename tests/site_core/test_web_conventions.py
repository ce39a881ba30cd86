"""Web conventions: head metadata, icons, compression, ETag with 304s,
addresses from the configured host, search shortcuts kept per partnership,
the site's own 404 under `make run`."""

import gzip
import os
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from site_core.models import SearchShortcut
from tests.factories.site_core import ContactPageFactory, StandardPageFactory, make_site

pytestmark = pytest.mark.django_db


def head(response):
    return BeautifulSoup(response.content, "html.parser").head


def test_home_page_has_a_description_opengraph_icons_and_organisation_jsonld(client, site):
    response = client.get("/")
    soup = head(response)
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description == site.root_page.specific.introduction
    assert soup.find("meta", property="og:url")["content"] == "http://localhost/"
    assert soup.find("meta", property="og:title")["content"]
    assert soup.find("link", rel="icon", type="image/svg+xml")["href"] == "/favicon.svg"
    assert "GovernmentOrganization" in soup.find("script", type="application/ld+json").string
    assert soup.find("link", rel="canonical")["href"] == "http://localhost/"


def test_every_page_has_a_meta_description_even_without_a_summary(client, home):
    page = StandardPageFactory(parent=home, title="Plain", slug="plain", summary="")
    soup = head(client.get(page.url))
    assert soup.find("meta", attrs={"name": "description"})["content"]


def test_icons_answer_in_the_partnership_colour(client, site):
    svg = client.get("/favicon.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert 'fill="#' in svg.content.decode()
    for path, content_type in (
        ("/favicon.ico", "image/x-icon"),
        ("/apple-touch-icon.png", "image/png"),
        ("/icons/192.png", "image/png"),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"] == content_type
    assert client.get("/icons/77.png").status_code == 404
    assert client.get("/site.webmanifest").json()["icons"][0]["src"] == "/icons/192.png"


def test_pages_are_compressed_for_readers_who_ask(client, home):
    page = StandardPageFactory(parent=home, title="Long", slug="long", summary="word " * 200)
    public = client.get(page.url, HTTP_ACCEPT_ENCODING="gzip")
    assert public["Content-Encoding"] == "gzip"
    assert b"Long" in gzip.decompress(public.content)
    assert "Accept-Encoding" in public["Vary"]


def test_public_pages_answer_if_none_match_with_304(client, home):
    first = client.get("/")
    assert first.status_code == 200
    assert client.get("/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    StandardPageFactory(parent=home, title="New", slug="new", show_in_menus=True)
    assert client.get("/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_addresses_use_the_site_host_whatever_the_request(client, home):
    page = StandardPageFactory(parent=home, title="Where", slug="where")
    soup = head(client.get(page.url, HTTP_HOST="127.0.0.1:9999"))
    assert soup.find("link", rel="canonical")["href"] == "http://localhost/where/"


def test_search_shortcuts_come_first_and_stay_on_their_own_site(client, site):
    contact = ContactPageFactory(parent=site.root_page, title="Contact us", slug="contact-us")
    SearchShortcut.objects.create(site=site, phrases="Social worker\nLADO", page=contact)
    response = client.get("/search/", {"q": "I need a social worker"})
    first = BeautifulSoup(response.content, "html.parser").select_one(".search-result")
    assert first.select_one("a")["href"] == "/contact-us/"
    assert "suggested" in first.get_text()
    other = make_site(hostname="other.localhost", default=False, title="Other", slug="other")
    assert (
        "/contact-us/"
        not in client.get("/search/", {"q": "LADO"}, HTTP_HOST="other.localhost").content.decode()
    )
    # A shortcut may only point at a page of its own partnership's site.
    stray = SearchShortcut(site=other, phrases="LADO", page=contact)
    with pytest.raises(ValidationError) as refused:
        stray.full_clean()
    assert "page" in refused.value.message_dict


def test_make_run_shows_the_site_own_404_not_django_technical_page():
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DEBUG)"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert result.stdout.strip() == "False"


def test_the_home_page_title_names_the_partnership_once(client, home):
    StandardPageFactory(parent=home, title="Training", slug="training")
    name = "Testshire Safeguarding Children Partnership"
    assert head(client.get("/")).title.get_text() == name
    assert head(client.get("/training/")).title.get_text() == f"Training | {name}"
