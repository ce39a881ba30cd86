"""Warming: after a change, the changed site's home page, the pages its menus
link to and the changed pages are rendered again by the task worker, so the
first reader finds their fragments ready (and, through EDGE_URL, the edge
holding them).

In process, through Django's whole handler as an anonymous reader, unless
EDGE_URL names the edge in front of the site: then through it, so it keeps
the pages too. Nothing is ever served stale by this: it fills the cache
under the current generation, exactly as a reader's request would.
"""

import logging
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.tasks import task
from django.test import RequestFactory
from wagtail.models import Page, Site

from site_core.models import Navigation

logger = logging.getLogger(__name__)

USER_AGENT = "sscp-cache-warming"


def after_change(changes):
    """Queue the warming of ``{site id: [changed page ids]}`` (called once the
    change is committed)."""
    if not settings.WARM_AFTER_CHANGE:
        return
    try:
        warm_sites.enqueue({str(site): pages for site, pages in changes.items()})
    except Exception:  # the change is saved; a queue that cannot take it is logged
        logger.exception("Could not queue warming the cache")


def addresses(site, page_ids=()):
    """The paths to warm on ``site``: its home page, its menus' pages and the
    changed pages on it, each once."""
    pages = [site.root_page]
    links = Navigation.for_site(site).links.select_related("page").exclude(page=None)
    pages += [link.page for link in links]
    pages += list(Page.objects.filter(pk__in=page_ids).live())
    paths = []
    for page in pages:
        parts = page.get_url_parts()
        if parts is not None and parts[0] == site.pk and parts[2] not in paths:
            paths.append(parts[2])
    return paths


@task()
def warm_sites(changes):
    """Render each changed site's main pages and changed pages again; how many
    answered 200."""
    warmed = 0
    for site in Site.objects.filter(pk__in=[int(site) for site in changes]).select_related(
        "root_page"
    ):
        for path in addresses(site, changes.get(str(site.pk), ())):
            try:
                warmed += get(site, path) == 200
            except Exception:  # one page failing must not stop the others
                logger.exception("Could not warm %s%s", site.root_url, path)
    return warmed


_handler = None


def get(site, path):
    """GET ``path`` on ``site`` as an anonymous reader; the status."""
    host = urlsplit(site.root_url).netloc
    if settings.EDGE_URL:
        answer = requests.get(
            f"{settings.EDGE_URL.rstrip('/')}{path}",
            headers={"Host": host, "User-Agent": USER_AGENT},
            timeout=settings.CDN_PURGE_TIMEOUT,
        )
        return answer.status_code
    global _handler
    if _handler is None:
        _handler = WSGIHandler()
    secure = site.root_url.startswith("https:")
    request = RequestFactory().get(path, HTTP_HOST=host, HTTP_USER_AGENT=USER_AGENT, secure=secure)
    # get_response rather than the WSGI call: no request_started/finished
    # signals, which would close the worker's database connection.
    response = _handler.get_response(request)
    if not getattr(response, "streaming", False):
        response.content  # noqa: B018 - rendered (a lazy template response renders here)
    return response.status_code
