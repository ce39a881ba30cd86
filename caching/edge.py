"""Purging the edge (Varnish, a CDN) through Wagtail's frontend-cache backends.

A change can show on many addresses of its site (listings with any query
string, feeds, the sitemap, open data), so the changed site's whole host is
purged: ``PURGE <root url>/*``, which the Varnish configuration
(deploy/varnish/default.vcl) treats as "ban this host"; CloudFront
invalidates the path ``/*``; Cloudflare purges the host name
(``CloudflareBackend``). Only the changed partnership's hosts, after the
commit, in a task: an unreachable edge never delays an editor, and gives up
after CDN_PURGE_TIMEOUT seconds.
"""

import logging
import socket
from contextlib import contextmanager
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.tasks import task
from wagtail.contrib.frontend_cache.backends import CloudflareBackend as WagtailCloudflareBackend
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Site

logger = logging.getLogger(__name__)

EVERYTHING = "/*"


def after_change(site_ids):
    """Queue the purge of these sites' hosts (called once the change is committed)."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    try:
        purge_sites.enqueue(site_ids)
    except Exception:  # the change is saved; a queue that cannot take it is logged
        logger.exception("Could not queue the edge purge")


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
def purge_sites(site_ids):
    """Purge every address of these sites at the edge."""
    batch = PurgeBatch(
        f"{site.root_url}{EVERYTHING}" for site in Site.objects.filter(pk__in=site_ids)
    )
    with _timeout():
        batch.purge()


class CloudflareBackend(WagtailCloudflareBackend):
    """Wagtail's Cloudflare backend, purging a whole host name for ``<root>/*``
    (every Cloudflare plan can purge by host name); any other URL as Wagtail does."""

    def purge_batch(self, urls):
        urls = list(urls)
        hosts = sorted({urlsplit(url).hostname for url in urls if urlsplit(url).path == EVERYTHING})
        if hosts:
            self.purge_hosts(hosts)
        others = [url for url in urls if urlsplit(url).path != EVERYTHING]
        if others:
            super().purge_batch(others)

    def purge(self, url):
        self.purge_batch([url])

    def purge_hosts(self, hosts):
        headers = {"Content-Type": "application/json"}
        if self.cloudflare_token:
            headers["Authorization"] = f"Bearer {self.cloudflare_token}"
        else:
            headers["X-Auth-Email"] = self.cloudflare_email
            headers["X-Auth-Key"] = self.cloudflare_api_key
        try:
            answer = requests.post(
                self.cloudflare_purge_endpoint_url,
                json={"hosts": hosts},
                headers=headers,
                timeout=settings.CDN_PURGE_TIMEOUT,
            ).json()
        except (requests.RequestException, ValueError) as error:
            logger.error("Couldn't purge %s from Cloudflare: %s", ", ".join(hosts), error)
            return
        if not answer.get("success"):
            messages = ", ".join(str(error.get("message")) for error in answer.get("errors", []))
            logger.error("Couldn't purge %s from Cloudflare: %s", ", ".join(hosts), messages)
