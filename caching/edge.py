"""Purging the edge (Varnish, a CDN) through Wagtail's frontend-cache backends.

A change can show on many addresses of its site (listings with any query
string, feeds, the sitemap, open data), so the changed site's whole host is
purged: ``PURGE <root url>/*``, which the Varnish configuration
(deploy/varnish/default.vcl) treats as "ban this host"; CloudFront
invalidates the path ``/*``; Cloudflare purges the host name
(``CloudflareBackend``). Only the changed partnership's hosts, after the
commit, in a task: an unreachable edge never delays an editor, and each
request gives up after CDN_PURGE_TIMEOUT seconds.
"""

import logging
from urllib.parse import urlsplit, urlunsplit

import requests
from django.conf import settings
from django.tasks import task
from wagtail.contrib.frontend_cache.backends import BaseBackend
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


@task()
def purge_sites(site_ids):
    """Purge every address of these sites at the edge."""
    PurgeBatch(
        f"{site.root_url}{EVERYTHING}" for site in Site.objects.filter(pk__in=site_ids)
    ).purge()


class HTTPBackend(BaseBackend):
    """``PURGE`` to a cache in front of the site (Varnish), as Wagtail's own HTTP
    backend sends it (the address at ``LOCATION``, the page's ``Host``), but
    giving up after CDN_PURGE_TIMEOUT seconds: Wagtail's waits as long as the
    cache keeps the connection open."""

    def __init__(self, params):
        super().__init__(params)
        self.location = urlsplit(params["LOCATION"])

    def purge(self, url):
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        address = urlunsplit(
            (self.location.scheme, self.location.netloc, parts.path, parts.query, "")
        )
        try:
            requests.request(
                "PURGE", address, headers={"Host": host}, timeout=settings.CDN_PURGE_TIMEOUT
            ).raise_for_status()
        except requests.RequestException as error:
            logger.error("Couldn't purge '%s' from the HTTP cache: %s", url, error)


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
