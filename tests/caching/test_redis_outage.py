"""With Redis down or hanging, the site stays up: every public page, the
sign-in form and the 404 page render uncached, each cache call waiting at
most one short Redis timeout, signing in and the admin work, and the outage is logged once,
not per call. The cache is configured as production configures it
(``redis_cache``: its timeouts, ``IGNORE_EXCEPTIONS`` and no retries). Once
Redis answers again it is used at once."""

import logging
import os
import shutil
import socket
import subprocess
import time
from urllib.parse import urlsplit

import pytest
import redis
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Page

from caching import generation
from config.settings.base import redis_cache  # the production cache settings
from tests.factories.site_core import StandardPageFactory
from tests.helpers import silent_listener

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]

# What a page may take to render on a slow, shared test machine, besides
# waiting for Redis.
RENDER_ALLOWANCE = 2.0
# The most cache calls a page makes when nothing is kept: its generation, its
# fragments, Wagtail's site root paths and renditions, each read and written.
CACHE_CALLS_A_PAGE = 40
PASSWORD = "plum orchard lantern 42"


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe closes


@pytest.fixture(params=["refused", "hanging"])
def redis_down(request):
    """The production cache settings, pointed at a Redis that refuses
    connections or at one that accepts them and never answers."""
    if request.param == "refused":
        url = f"redis://127.0.0.1:{closed_port()}/0"
        with override_settings(CACHES=redis_cache(url)):
            yield request.param
    else:
        with (
            silent_listener(64) as port,
            override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{port}/0")),
        ):
            yield request.param


@pytest.fixture(autouse=True)
def fresh_warning_filter():
    """Each test sees the first warning of its own outage."""
    from caching.logging import OncePerInterval

    for found in logging.getLogger("caching.redis").filters:
        if isinstance(found, OncePerInterval):
            found._last = None


def redis_wait():
    """The longest a page waits for a Redis that is down or hanging: each of
    its cache calls gives up after one connect or read timeout."""
    options = redis_cache("redis://127.0.0.1/0")["default"]["OPTIONS"]
    # Production gives up within a fraction of a second, and never asks twice.
    assert 0 < options["SOCKET_CONNECT_TIMEOUT"] <= 0.1
    assert 0 < options["SOCKET_TIMEOUT"] <= 0.1
    assert options["CONNECTION_POOL_KWARGS"]["retry"].get_retries() == 0
    return CACHE_CALLS_A_PAGE * max(options["SOCKET_CONNECT_TIMEOUT"], options["SOCKET_TIMEOUT"])


def one_of_each_public_page():
    """(host, path) of one live public page of each type in the demo, and of
    each kind of route a routable page answers (governance bodies, values,
    history...)."""
    found, kinds = [], set()
    for page in Page.objects.live().public().specific().order_by("path"):
        for entry in page.get_sitemap_urls():
            if not entry.get("location"):
                continue  # under no site
            url = urlsplit(entry["location"])
            parts = url.path.strip("/").split("/")
            kind = (type(page).__name__, parts[1] if len(parts) > 1 else "", len(parts))
            if kind not in kinds:
                kinds.add(kind)
                found.append((url.hostname, url.path))
    return found


def timed_get(client, host, path):
    started = time.monotonic()
    response = client.get(path, HTTP_HOST=host)
    return response, time.monotonic() - started


def test_every_public_page_the_sign_in_form_and_the_404_render_without_redis(
    demo, client, redis_down, django_user_model
):
    pages = one_of_each_public_page()
    assert len(pages) >= 15  # every page type the demo has, and their routes
    bound = RENDER_ALLOWANCE + redis_wait()
    hosts = sorted({host for host, _ in pages})
    others = [(host, "/search/?q=board") for host in hosts] + [
        (hosts[0], "/api/v2/pages/"),
        (hosts[0], "/sitemap.xml"),
        (hosts[0], "/feeds/publications.rss"),
    ]
    for host, path in pages + others:
        response, took = timed_get(client, host, path)
        assert response.status_code == 200, (redis_down, host, path)
        assert took < bound, (redis_down, host, path, took)

    response, took = timed_get(client, hosts[0], "/no-such-page/")
    assert response.status_code == 404
    assert "Worried about a child?" in response.content.decode()
    assert took < bound

    sign_in = reverse("wagtailcore_login")
    response, took = timed_get(client, hosts[0], f"{sign_in}?next=/")
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert took < bound
    # A board member signs in with it.
    django_user_model.objects.create_user(username="casey", password=PASSWORD)
    started = time.monotonic()
    response = client.post(
        sign_in, {"username": "casey", "password": PASSWORD, "next": "/"}, HTTP_HOST=hosts[0]
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert time.monotonic() - started < bound


def test_a_failed_cache_read_never_changes_what_the_cache_answers_next(site, redis_down):
    """django-redis answers every failed ``get_many`` with one shared ``{}``:
    reading a generation (which starts a missing one) must leave it empty, or
    every later failed read in the process would find entries."""
    first = cache.get_many(["anything"])
    assert first == {}
    assert generation.read(site.pk) is None
    assert first == {}
    assert cache.get_many(["original:1", "rendition:2"]) == {}


def test_pages_and_the_admin_work_and_the_outage_is_logged_once(
    client, login_as, admin_user, home, caplog, redis_down
):
    caplog.set_level(logging.WARNING, logger="caching.redis")
    page = StandardPageFactory(parent=home, title="Who to call")
    with override_settings(PAGE_CACHE_SECONDS=300):
        for _ in range(2):  # the second would be a cache hit if the cache worked
            response = client.get(page.url)
            assert response.status_code == 200
            assert b"Who to call" in response.content
        login_as(client, admin_user)
        assert client.get("/admin/").status_code == 200
        assert client.get(page.url).status_code == 200
    warnings = [r for r in caplog.records if r.name == "caching.redis"]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert "served uncached" in warnings[0].getMessage()


def wait_until_it_answers(url):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            redis.Redis.from_url(url, socket_timeout=1).ping()
            return
        except redis.exceptions.ConnectionError:
            time.sleep(0.05)
    pytest.fail(f"redis-server did not start at {url}")


def test_the_cache_works_again_as_soon_as_redis_is_back(tmp_path):
    """Nothing needs resetting after an outage: a Redis started again at the
    same address is used at the next call by this same process."""
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail("redis-server is not installed, and REQUIRE_REDIS=1")
        pytest.skip("redis-server is not installed")
    port = closed_port()
    with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{port}/0", key_prefix="back")):
        cache.set("kept", "a page", 60)  # skipped: Redis is down
        assert cache.get("kept") is None
        server = subprocess.Popen(  # noqa: S603 - Debian's redis-server, our own options
            [
                redis_server,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp_path),
            ],
            stdout=subprocess.DEVNULL,
        )
        try:
            wait_until_it_answers(f"redis://127.0.0.1:{port}/0")
            cache.set("kept", "a page", 60)
            assert cache.get("kept") == "a page"
        finally:
            server.terminate()
            server.wait(timeout=10)
