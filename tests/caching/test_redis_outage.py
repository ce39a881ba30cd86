"""With Redis down or hanging, the site stays up: every public page, the
sign-in form and the 404 page render uncached, each waiting at most about one
Redis timeout, signing in and the admin work, and the outage is logged once,
not per call. The cache is configured as production configures it
(``redis_cache``: its timeouts, ``IGNORE_EXCEPTIONS`` and connection pool)."""

import logging
import socket
import time
import uuid
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Page

from caching import generation, redis_pool
from config.settings.base import redis_cache  # the production cache settings
from tests.factories.site_core import StandardPageFactory
from tests.helpers import require_redis, silent_listener

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]

# What a page may take to render on a slow, shared test machine, besides
# waiting for Redis. A hung Redis used to add seconds to every page (a wait
# per cache call, dozens a page).
RENDER_ALLOWANCE = 2.0
PASSWORD = "plum orchard lantern 42"
WORKING_REDIS = "redis://127.0.0.1:6379/13"


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe closes


@pytest.fixture(params=["refused", "hanging"])
def redis_down(request):
    """The production cache settings, pointed at a Redis that refuses
    connections or at one that accepts them and never answers."""
    redis_pool.forget_failure()
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
    # Other tests in this process use a Redis that works.
    redis_pool.forget_failure()


@pytest.fixture(autouse=True)
def fresh_warning_filter():
    """Each test sees the first warning of its own outage."""
    from caching.logging import OncePerInterval

    for found in logging.getLogger("caching.redis").filters:
        if isinstance(found, OncePerInterval):
            found._last = None


def redis_wait():
    """The longest one cache call waits for Redis: its connect and read timeouts."""
    options = redis_cache("redis://127.0.0.1/0")["default"]["OPTIONS"]
    # Production gives up within a fraction of a second.
    assert 0 < options["SOCKET_CONNECT_TIMEOUT"] <= 0.5
    assert 0 < options["SOCKET_TIMEOUT"] <= 0.5
    return options["SOCKET_CONNECT_TIMEOUT"] + options["SOCKET_TIMEOUT"]


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


def test_redis_is_asked_again_once_it_may_be_back(settings):
    """After a failure this process leaves Redis alone for REDIS_RETRY_SECONDS
    only: then pages are cached again."""
    require_redis(WORKING_REDIS)
    # Long enough that a loaded test machine still sets the value below inside it.
    settings.REDIS_RETRY_SECONDS = 3
    # A database number no other test uses: django-redis keeps one pool per
    # address for the process, and another test's pool (made without this
    # pool class) would answer for this address.
    working = redis_cache("redis://127.0.0.1:6379/12")
    working["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    redis_pool.forget_failure()
    try:
        with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{closed_port()}/0")):
            assert cache.get("kept") is None  # refused: Redis failed
        with override_settings(CACHES=working):
            started = time.monotonic()
            cache.set("kept", "a page", 60)  # not asked yet: skipped at once
            assert cache.get("kept") is None
            assert time.monotonic() - started < 0.1
            time.sleep(3.1)
            cache.set("kept", "a page", 60)  # asked again
            assert cache.get("kept") == "a page"
            cache.delete_pattern("*")
    finally:
        redis_pool.forget_failure()
