"""With Redis down or hanging, the site stays up: pages render uncached,
signing in and the admin work, and the outage is logged once, not per call."""

import logging
import socket
import time

import pytest
from django.test import override_settings

from config.settings.base import redis_cache  # the production cache settings
from tests.factories.site_core import StandardPageFactory
from tests.helpers import silent_listener

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe closes


@pytest.fixture
def silent_redis():
    """A Redis address that accepts connections and never answers."""
    with silent_listener(16) as port:
        yield f"redis://127.0.0.1:{port}/0"


@pytest.fixture(autouse=True)
def fresh_warning_filter():
    """Each test sees the first warning of its own outage."""
    from site_core.caching.logging import OncePerInterval

    for found in logging.getLogger("site_core.caching.redis").filters:
        if isinstance(found, OncePerInterval):
            found._last = None


def outage_cache(url):
    """The production cache settings, with timeouts cut short: a silent Redis
    costs each cache call its whole timeout, and a page makes dozens of them."""
    caches = redis_cache(url)
    options = caches["default"]["OPTIONS"]
    # Production gives up within a fraction of a second...
    assert 0 < options["SOCKET_CONNECT_TIMEOUT"] <= 0.5
    assert 0 < options["SOCKET_TIMEOUT"] <= 0.5
    # ...and the same options, shorter, keep this test quick.
    options.update(SOCKET_CONNECT_TIMEOUT=0.02, SOCKET_TIMEOUT=0.02)
    return caches


def browse(client, login_as, admin_user, home):
    page = StandardPageFactory(parent=home, title="Who to call")
    for _ in range(2):  # the second would be a cache hit if the cache worked
        response = client.get(page.url)
        assert response.status_code == 200
        assert b"Who to call" in response.content
    login_as(client, admin_user)
    assert client.get("/admin/").status_code == 200
    assert client.get(page.url).status_code == 200


@pytest.mark.parametrize("down", ["refused", "silent"])
def test_pages_and_sign_in_work_when_redis_is_down(
    client, login_as, admin_user, home, caplog, silent_redis, down
):
    url = f"redis://127.0.0.1:{closed_port()}/0" if down == "refused" else silent_redis
    caplog.set_level(logging.WARNING, logger="site_core.caching.redis")
    with override_settings(CACHES=outage_cache(url), PAGE_CACHE_SECONDS=300):
        started = time.monotonic()
        browse(client, login_as, admin_user, home)
        elapsed = time.monotonic() - started
    warnings = [r for r in caplog.records if r.name == "site_core.caching.redis"]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert "served uncached" in warnings[0].getMessage()
    # Each cache call gives up within its timeout: a hung Redis costs seconds, never a hang.
    assert elapsed < 60
