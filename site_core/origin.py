"""Absolute addresses that follow the request, for a site served anywhere.

In production every absolute address (canonical link, sitemap, feeds, the
API's ``html_url``, JSON-LD) comes from the Site's configured host name, so a
page cached or fetched by a crawler names the one true address.

Under the development settings (``URLS_FOLLOW_REQUEST``) the same site may be
served on any port (``make run PORT=8101``) or under another name
(``localhost`` for ``127.0.0.1``), while the Site rows still hold the port the
demo was loaded with. There, an address on the site being read takes the
request's own scheme, host and port; an address on another partnership's
site takes that site's host name with the request's port, since every demo
site is served by the same ``runserver``.

Wagtail reads ``Site.root_url`` in places that have no request (the API's
``html_url`` uses ``page.full_url``), and keeps each site's root URL in its
cache, so both are covered: ``BasePage.get_url_parts`` rewrites the root URL
it returns, and ``Site.root_url`` reads the request being served from a
context variable that ``FollowRequestOriginMiddleware`` sets. With the
setting off both are Wagtail's own, untouched.
"""

from contextvars import ContextVar
from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site

_serving = ContextVar("serving_request", default=None)
_wagtail_root_url = Site.root_url


def following():
    return getattr(settings, "URLS_FOLLOW_REQUEST", False)


def current_request():
    return _serving.get()


class FollowRequestOriginMiddleware:
    """Remember the request being served, for addresses built without it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not following():
            return self.get_response(request)
        token = _serving.set(request)
        try:
            return self.get_response(request)
        finally:
            _serving.reset(token)


def _request_port(request):
    host = request.get_host()
    # "[::1]:8101", "127.0.0.1:8101", "eastsussex.localhost"
    if host.endswith("]") or ":" not in host:
        return ""
    return host.rsplit(":", 1)[1]


def root_url_for(site_id, hostname, request, fallback):
    """The root URL of ``site_id`` (host ``hostname``) as this request should link to it."""
    if request is None or not following():
        return fallback
    request_site = getattr(request, "_wagtail_site", None) or Site.find_for_request(request)
    if request_site is not None and request_site.pk == site_id:
        return f"{request.scheme}://{request.get_host()}"
    port = _request_port(request)
    return f"{request.scheme}://{hostname}{':' + port if port else ''}"


def _following_root_url(site):
    fallback = _wagtail_root_url.fget(site)
    return root_url_for(site.pk, site.hostname, current_request(), fallback)


def install():
    """Called once from SiteCoreConfig.ready(); inert while the setting is off."""
    Site.root_url = property(_following_root_url)


def rewrite_url_parts(parts, request):
    """``Page.get_url_parts``' answer with its root URL following ``request``."""
    if parts is None or not following():
        return parts
    request = request if request is not None else current_request()
    site_id, root_url, page_path = parts
    if request is None or root_url is None or site_id is None:
        return parts
    hostname = urlsplit(root_url).hostname
    if not hostname:
        return parts
    return site_id, root_url_for(site_id, hostname, request, root_url), page_path
