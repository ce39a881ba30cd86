"""A CDN in front of the site: what it may keep, and purging it when content changes.

**What it may keep** (``CdnMiddleware``). Exactly what the page cache
(site_core/cache.py) keeps, and for no longer: a 200 answer to an anonymous
GET or HEAD (no session cookie, no Authorization) that sets no cookie and is
not streamed is sent with ``Cache-Control: public, max-age=0, s-maxage=N``,
where N is PAGE_CACHE_SECONDS, shortened to the next start or end of a
scheduled alert banner (nothing is saved then, so nothing would purge).
Browsers revalidate every time, because a browser cannot be purged. Every
other answer that has not set its own Cache-Control gets ``private,
no-store``: anything for a signed-in person (a board member's papers, an
editor's view of a page), forms (they set the CSRF cookie), redirects to sign
in, errors. This matters: Wagtail sends a private-collection document to a
board member with no Cache-Control at all, which a CDN would otherwise keep
and give to the next reader of that URL. Answers that set their own header
(the admin's ``no-store``, a restricted page's, ``/governance.json``'s
``public, max-age=600``) keep it.

**Purging** (Wagtail's frontend cache: ``WAGTAILFRONTENDCACHE``, set from
FRONTEND_CACHE_BACKEND in site_core/settings/scale_out.py). A publication
appears on its own page, the home page, the publications index and every
filtered or paginated listing (``?type=plan&page=3``), the feeds, the API, the
sitemap, governance pages, ``/governance.json``; a membership appears on its
body's page, the governance overview and the open data. Listing every URL that
can show a record is fragile, and with query strings impossible. So, like the
page cache's generation, any change to public content purges *everything*
under every site's host name, in one request: the URL ``<site root>/*``.
CloudFront invalidates the path ``/*`` (one path, however many pages),
Cloudflare purges the host names (``CloudflareBackend`` below), and an HTTP
cache (Varnish, Nginx) receives ``PURGE /*`` with the site's Host header,
which its configuration must treat as "everything on this host" (README).

**When**: on the same changes that give the page cache a new generation
(``site_core.cache.purge_all`` calls ``content_changed``), after they are
committed (a purge before the commit would let the CDN fetch the old page
again, and site_core.cache makes its own post-commit bump for the same
reason), and once per request or transaction, however many records one save
touches.

Wagtail's own ``wagtail.contrib.frontend_cache`` app is not installed: all it
adds is a purge of the published page's own URLs, which the purge above
already covers. Its backends are used as they are (Cloudflare's extended to
purge host names), each given one batch with every host.
"""

import contextvars
import logging
import threading
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.utils.cache import patch_cache_control
from wagtail.contrib.frontend_cache.backends import CloudflareBackend as WagtailCloudflareBackend
from wagtail.contrib.frontend_cache.utils import get_backends

from . import cache as page_cache

logger = logging.getLogger(__name__)

EVERYTHING = "/*"


def purge_everything():
    """Purge every site's host from the CDN."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.models import Site

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


class _Request:
    changed = False


_request = contextvars.ContextVar("site_core_cdn_request", default=None)
_due = threading.local()


def _schedule():
    """Purge when the current transaction commits (at once outside one)."""
    _due.purge = True
    transaction.on_commit(_purge_if_due)


def _purge_if_due():
    # Several changes in one transaction register several callbacks; the first
    # purges. A rolled-back change leaves the flag set: the next commit purges
    # once more than needed, which is harmless.
    if getattr(_due, "purge", False):
        _due.purge = False
        purge_everything()


def content_changed(**kwargs):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    request = _request.get()
    if request is not None:
        request.changed = True  # purged once when the request ends (CdnMiddleware)
    else:
        _schedule()  # a management command, the shell, a scheduled publish


# --- Cache-Control ---------------------------------------------------------


class CdnMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        state = _Request()
        token = _request.set(state)
        try:
            with page_cache.request_scope():
                response = self.get_response(request)
        finally:
            _request.reset(token)
            if state.changed:
                _schedule()
        if not response.has_header("Cache-Control"):
            # The page cache's own rule: the CDN keeps nothing it would not.
            if page_cache.is_anonymous_read(request) and page_cache.is_shareable(response):
                patch_cache_control(
                    response,
                    public=True,
                    max_age=0,
                    s_maxage=getattr(response, "shared_max_age", None)
                    or page_cache.page_lifetime(),
                )
            else:
                patch_cache_control(response, private=True, no_store=True)
        return response


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
                timeout=30,
            )
            answer = response.json()
        except (requests.RequestException, ValueError) as error:
            logger.error("Couldn't purge %s from Cloudflare: %s", ", ".join(hosts), error)
            return
        if not answer.get("success"):
            messages = ", ".join(str(error.get("message")) for error in answer.get("errors", []))
            logger.error("Couldn't purge %s from Cloudflare: %s", ", ".join(hosts), messages)
