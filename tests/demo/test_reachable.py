"""Every public page of each demo partnership can be reached by following links
from its home page, and every page a reader reaches that way is in its sitemap.

The page types are not listed by hand: they are the page models with a public,
live page on the site and, for routable pages, their routes. A route without
parameters counts when it answers an anonymous reader with an indexable HTML
page; a route with parameters (a body, a meeting, an indicator) counts when the
sitemap lists one of its addresses. Files (documents, feeds, calendars, open
data) are not pages; a page marked ``noindex`` (sign-in, search results, a
filtered list) belongs in no sitemap.
"""

from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Site

from demo.sites import PARTNERSHIPS

pytestmark = pytest.mark.django_db

SITEMAP_XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def is_indexable_html(response):
    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
        return False
    robots = BeautifulSoup(response.content, "html.parser").find("meta", attrs={"name": "robots"})
    return robots is None or "noindex" not in robots.get("content", "")


def crawl(client, host):
    """{path: response} for every address reached from the home page by links
    on the same host, breadth first, as an anonymous reader."""
    reached = {}
    queue = deque(["/"])
    seen = {"/"}
    while queue:
        address = queue.popleft()
        response = client.get(address, HTTP_HOST=host)
        reached[address] = response
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        for link in BeautifulSoup(response.content, "html.parser").find_all("a", href=True):
            parts = urlsplit(urljoin(f"http://{host}{address}", link["href"]))
            if parts.scheme not in ("http", "https") or parts.hostname != host:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return reached


def sitemap_paths(client, host):
    response = client.get("/sitemap.xml", HTTP_HOST=host)
    assert response.status_code == 200
    locations = ElementTree.fromstring(response.content).iter(f"{{{SITEMAP_XMLNS}}}loc")
    return {urlsplit(loc.text.strip()).path for loc in locations}


def public_pages(site):
    return [
        page
        for page in site.root_page.get_descendants(inclusive=True).live().public().specific()
        if page.get_url(current_site=site)
    ]


def page_type(path, pages):
    """(model name, route name or "") of the page at ``path``, or None."""
    by_url = {page.get_url(current_site=page.get_site()): page for page in pages}
    if path in by_url and not isinstance(by_url[path], RoutablePageMixin):
        return (type(by_url[path]).__name__, "")
    owners = [url for url in by_url if path.startswith(url)]
    if not owners:
        return None
    owner = by_url[max(owners, key=len)]
    if not isinstance(owner, RoutablePageMixin):
        return None
    remainder = path[len(owner.get_url(current_site=owner.get_site())) - 1 :]
    try:
        view, _args, _kwargs = owner.resolve_subpage(remainder)
    except Exception:  # Http404 from Wagtail's resolver: not one of its routes
        return None
    return (type(owner).__name__, view.__name__)


def expected_types(client, host, pages, listed):
    """Every page model on the site, and every public route of its routable pages."""
    expected = {(type(page).__name__, "") for page in pages}
    for page in pages:
        if not isinstance(page, RoutablePageMixin):
            continue
        expected.discard((type(page).__name__, ""))
        base = page.get_url(current_site=page.get_site())
        for pattern in page.get_subpage_urls():
            route = str(pattern.pattern)
            if pattern.pattern.converters:
                name = (type(page).__name__, pattern.callback.__name__)
                if any(page_type(path, pages) == name for path in listed):
                    expected.add(name)
            elif is_indexable_html(client.get(base + route, HTTP_HOST=host)):
                # The view that answers there (Wagtail's own index route is
                # shadowed by a page's route for the same address).
                expected.add(page_type(base + route, pages))
    return expected


@pytest.mark.parametrize("spec", PARTNERSHIPS, ids=[spec.key for spec in PARTNERSHIPS])
def test_every_public_page_is_reached_from_home_and_in_the_sitemap(client, demo, spec):
    host = spec.hostname
    site = Site.objects.get(hostname=host)
    pages = public_pages(site)
    listed = sitemap_paths(client, host)
    reached = crawl(client, host)

    pages_reached = {
        address for address, response in reached.items() if is_indexable_html(response)
    }
    # A page's filtered or later views (a query string) are the page it lists.
    not_listed = sorted(
        address for address in pages_reached if urlsplit(address).path not in listed
    )
    assert not not_listed, f"{host}: reached by links but not in sitemap.xml: {not_listed}"

    types_reached = {page_type(urlsplit(address).path, pages) for address in pages_reached}
    missing = expected_types(client, host, pages, listed) - types_reached
    assert not missing, f"{host}: no link from the home page reaches {sorted(missing)}"

    # Nothing the sitemap lists is a dead end or a members-only page.
    for address in listed:
        assert is_indexable_html(reached.get(address) or client.get(address, HTTP_HOST=host)), (
            f"{host}{address} is in sitemap.xml but is not a public page"
        )
