"""Purging a CDN in front of the site through Wagtail's frontend cache.

What a CDN may keep, and for how long, is decided with the page cache
(site_core.caching.middleware): exactly what the page cache keeps, never
longer. This module empties it when content changes.

**What** (``WAGTAILFRONTENDCACHE``, set from FRONTEND_CACHE_BACKEND in
config/settings/scale_out.py). A publication appears on its own page, the
home page, the publications index and every filtered or paginated listing
(``?type=plan&page=3``), the feeds, the API, the sitemap, governance pages,
``/governance.json``; a membership on its body's page, the governance
overview and the open data. Listing every URL that can show a record is
fragile, and with query strings impossible. So, like the generation, any
change readers can see purges *everything* under every site's host name, in
one request: the URL ``<site root>/*``. CloudFront invalidates the path ``/*``
(one path, however many pages), Cloudflare purges the host names
(``CloudflareBackend`` below), and an HTTP cache (Varnish, Nginx) receives
``PURGE /*`` with the site's Host header, which its configuration must treat
as "everything on this host" (README).

**When**: on the changes site_core.caching.purge lists, after they are
committed (a purge before the commit would let the CDN fetch the old page
again), and once per request or transaction, however many records one save
touches. The purge itself is a task (``purge_cdn``): the task worker sends
it, with a timeout (``CDN_PURGE_TIMEOUT``), so an unreachable CDN never
delays the editor's request.

Wagtail's own ``wagtail.contrib.frontend_cache`` app is not installed: all it
adds is a purge of the published page's own URLs, which the purge above
already covers. Its backends are used as they are (Cloudflare's extended to
purge host names), each given one batch with every host.
"""

import logging
import socket
import threading
from contextlib import contextmanager
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.tasks import task
from wagtail.contrib.frontend_cache.backends import CloudflareBackend as WagtailCloudflareBackend
from wagtail.contrib.frontend_cache.utils import get_backends
from wagtail.models import Site

from . import memo

logger = logging.getLogger(__name__)

EVERYTHING = "/*"


def purge_everything():
    """Purge every site's host from the CDN."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    try:
        urls = sorted(f"{site.root_url}{EVERYTHING}" for site in Site.objects.all())
        backends = get_backends()
    except Exception:  # the change is saved; a failed purge must not turn it into an error
        logger.exception("Could not purge the CDN")
        return
    # Straight to each backend with every host in one batch: Wagtail's
    # PurgeBatch.purge() sends one batch per host name, which would be one
    # CloudFront invalidation of /* per partnership (at most 15 may run at
    # once) and one Cloudflare request each (the free plan allows 5 a minute).
    for name, backend in backends.items():
        batch = [url for url in urls if backend.invalidates_hostname(urlsplit(url).netloc)]
        if not batch:
            continue
        try:
            backend.purge_batch(batch)
        except Exception:
            logger.exception("Could not purge the CDN (%s)", name)


# --- once per request, after the commit -------------------------------------

_due = threading.local()


def purge_when_committed():
    """Purge when the current transaction commits (at once outside one)."""
    _due.purge = True
    transaction.on_commit(_purge_if_due)


def _purge_if_due():
    # Several changes in one transaction register several callbacks; the first
    # purges. A rolled-back change leaves the flag set: the next commit purges
    # once more than needed, which is harmless.
    if getattr(_due, "purge", False):
        _due.purge = False
        try:
            purge_cdn.enqueue()
        except Exception:  # the change is saved; a queue that cannot take it is logged
            logger.exception("Could not queue the CDN purge")


@contextmanager
def _timeout():
    """Every socket opened without a timeout of its own (Wagtail's HTTP backend
    uses urlopen with none) gives up after CDN_PURGE_TIMEOUT seconds."""
    before = socket.getdefaulttimeout()
    socket.setdefaulttimeout(settings.CDN_PURGE_TIMEOUT)
    try:
        yield
    finally:
        socket.setdefaulttimeout(before)


@task()
def purge_cdn():
    """The purge, in the task worker: an unreachable CDN never delays an editor,
    and gives up after CDN_PURGE_TIMEOUT seconds."""
    with _timeout():
        purge_everything()


def content_changed():
    """Called by site_core.caching.purge for every change readers can see."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    scope = memo.current_scope()
    if scope is not None:
        scope.cdn_purge_due = True  # once, when the request ends (CacheMiddleware)
    else:
        purge_when_committed()  # a management command, the shell, a scheduled publish


# --- backends ----------------------------------------------------------------


class CloudflareBackend(WagtailCloudflareBackend):
    """Wagtail's Cloudflare backend, purging whole host names.

    Wagtail's purges URLs, and ``https://host/*`` is not one Cloudflare knows;
    those become one purge of the host names (every Cloudflare plan can purge
    by host name). Any other URL is purged as Wagtail would.
    """

    HOSTS_PER_REQUEST = 30

    def purge_batch(self, urls):
        urls = list(urls)
        hosts = sorted({urlsplit(url).hostname for url in urls if urlsplit(url).path == EVERYTHING})
        for start in range(0, len(hosts), self.HOSTS_PER_REQUEST):
            self._purge_hosts(hosts[start : start + self.HOSTS_PER_REQUEST])
        others = [url for url in urls if urlsplit(url).path != EVERYTHING]
        if others:
            super().purge_batch(others)

    def purge(self, url):
        self.purge_batch([url])

    def _purge_hosts(self, hosts):
        headers = {"Content-Type": "application/json"}
        if self.cloudflare_token:
            headers["Authorization"] = f"Bearer {self.cloudflare_token}"
        else:
            headers["X-Auth-Email"] = self.cloudflare_email
            headers["X-Auth-Key"] = self.cloudflare_api_key
        try:
            response = requests.post(
                self.cloudflare_purge_endpoint_url,
                json={"hosts": hosts},
                headers=headers,
                timeout=settings.CDN_PURGE_TIMEOUT,
            )
            answer = response.json()
        except (requests.RequestException, ValueError) as error:
            logger.error("Couldn't purge %s from Cloudflare: %s", ", ".join(hosts), error)
            return
        if not answer.get("success"):
            messages = ", ".join(str(error.get("message")) for error in answer.get("errors", []))
            logger.error("Couldn't purge %s from Cloudflare: %s", ", ".join(hosts), messages)
