"""Web conventions: head metadata, icons, compression, ETag and Last-Modified
with 304s, addresses from the configured host in production, search shortcuts
kept per partnership, the site's own 404 under `make run`."""

import gzip
import os
import subprocess
import sys
import time

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.test import Client

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


@pytest.mark.ignore_template_errors
def test_public_pages_are_compressed_and_private_answers_are_not(client, home):
    page = StandardPageFactory(parent=home, title="Long", slug="long", summary="word " * 200)
    public = client.get(page.url, HTTP_ACCEPT_ENCODING="gzip")
    assert public["Content-Encoding"] == "gzip"
    assert b"Long" in gzip.decompress(public.content)
    assert "Accept-Encoding" in public["Vary"]
    # The admin (and anything private, such as forms with a CSRF token) is not.
    admin = client.get("/admin/login/", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in admin


def test_public_pages_answer_if_none_match_and_if_modified_since_with_304(client, home):
    first = client.get("/")
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert (
        client.get("/", HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT").status_code == 200
    )


def test_a_page_from_the_page_cache_keeps_its_etag_and_answers_304(client, home, page_cache):
    first = client.get("/")
    hit = client.get("/")
    assert (first["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert hit["ETag"] == first["ETag"]
    assert client.get("/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


@pytest.mark.parametrize("first_asks_for_gzip", [False, True])
def test_a_kept_page_is_compressed_or_not_as_each_reader_asks(
    client, home, page_cache, first_asks_for_gzip
):
    # One render is kept both ways, whichever the first reader asked for.
    gzipped = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
    first = client.get("/", **(gzipped if first_asks_for_gzip else {}))
    plain = client.get("/")
    compressed = client.get("/", **gzipped)
    assert first["X-Page-Cache"] == "miss"
    assert (plain["X-Page-Cache"], compressed["X-Page-Cache"]) == ("hit", "hit")
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert int(compressed["Content-Length"]) == len(compressed.content) < len(plain.content)
    assert int(plain["Content-Length"]) == len(plain.content)
    # The compressed page's ETag is the plain one made weak, as GZipMiddleware does.
    assert compressed["ETag"] == f"W/{plain['ETag']}"
    assert client.get("/", HTTP_IF_NONE_MATCH=compressed["ETag"], **gzipped).status_code == 304


def test_a_hit_carries_every_header_the_page_was_given(client, home, page_cache):
    first = client.get("/")
    hit = client.get("/")
    assert hit["X-Page-Cache"] == "hit"
    counted_down = {"x-page-cache", "cache-control"}
    assert {name: value for name, value in first.items() if name.lower() not in counted_down} == {
        name: value for name, value in hit.items() if name.lower() not in counted_down
    }
    for header in ("Content-Security-Policy", "Permissions-Policy", "Last-Modified", "ETag"):
        assert hit[header]


def test_a_hit_answers_if_modified_since_with_304(client, home, page_cache):
    first = client.get("/")
    hit = client.get("/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert hit.status_code == 304
    assert hit["X-Page-Cache"] == "hit"
    assert (
        client.get("/", HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT").status_code == 200
    )


def test_a_page_kept_for_http_is_never_served_over_https(client, home, page_cache, settings):
    # HSTS is sent over HTTPS only: each scheme has its own copy.
    settings.SECURE_HSTS_SECONDS = 3600
    assert "Strict-Transport-Security" not in client.get("/")
    secure = client.get("/", secure=True)
    assert secure["X-Page-Cache"] == "miss"
    assert secure["Strict-Transport-Security"].startswith("max-age=3600")
    again = client.get("/", secure=True)
    assert again["X-Page-Cache"] == "hit"
    assert again["Strict-Transport-Security"] == secure["Strict-Transport-Security"]


def test_a_kept_page_never_skips_the_redirect_to_https(home, page_cache, settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()  # its middleware is loaded with the setting on
    assert client.get("/", secure=True)["X-Page-Cache"] == "miss"
    assert client.get("/", secure=True)["X-Page-Cache"] == "hit"
    response = client.get("/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_last_modified_moves_on_when_content_changes(client, home):
    before = client.get("/")["Last-Modified"]
    time.sleep(1.1)
    StandardPageFactory(parent=home, title="New", slug="new").save_revision().publish()
    after = client.get("/", HTTP_IF_MODIFIED_SINCE=before)
    assert after.status_code == 200
    assert after["Last-Modified"] != before


def test_production_addresses_use_the_site_host_whatever_the_request(client, home, settings):
    settings.URLS_FOLLOW_REQUEST = False
    page = StandardPageFactory(parent=home, title="Where", slug="where")
    soup = head(client.get(page.url, HTTP_HOST="127.0.0.1:9999"))
    assert soup.find("link", rel="canonical")["href"] == "http://localhost/where/"


def test_development_addresses_follow_the_request_host_and_port(client, home, settings):
    settings.URLS_FOLLOW_REQUEST = True
    page = StandardPageFactory(parent=home, title="Where", slug="where")
    soup = head(client.get(page.url, HTTP_HOST="localhost:8101"))
    assert soup.find("link", rel="canonical")["href"] == "http://localhost:8101/where/"


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
