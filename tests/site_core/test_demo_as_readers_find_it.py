"""The demo as its readers find it, served on a port other than 8000.

The demo is the one loaded once per test process (tests/conftest.py). The
crawl follows every internal link of every demo site, with addresses
following the request as under the development settings, and the everyday
queries check the first search result. Both run on SQLite and on PostgreSQL
(DATABASE_URL).
"""

import json
import re
import xml.etree.ElementTree as ET
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders

from publications.models import PublicationPage, Topic

PORT = 8123
SITES = {
    "Sunderland": f"127.0.0.1:{PORT}",
    "East Sussex": f"eastsussex.localhost:{PORT}",
    "South Tees": f"southtees.localhost:{PORT}",
}
DEMO_HOSTS = {"127.0.0.1", "eastsussex.localhost", "southtees.localhost", "localhost"}


@pytest.fixture
def served(demo, db, settings):
    """The demo served on PORT, as `make run PORT=8123` loads it (the loader
    gives the demo sites the port it serves on: demo.sites.serving_port)."""
    from wagtail.models import Site

    settings.WAGTAILAPI_BASE_URL = None
    for site in Site.objects.all():
        site.port = PORT
        site.save()


def _links(response, base):
    """Every address a reader or a machine could follow from this response."""
    content_type = response.get("Content-Type", "")
    if response.streaming:
        return []  # files: static, documents, images
    text = response.content.decode("utf-8", "replace")
    found = []
    if "html" in content_type:
        soup = BeautifulSoup(text, "html.parser")
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            found += [el[attr] for el in soup.find_all(tag) if el.get(attr)]
        found += [el["srcset"].split()[0] for el in soup.find_all("source") if el.get("srcset")]
        found += [
            el["content"]
            for el in soup.find_all("meta")
            if el.get("property") in ("og:url", "og:image")
        ]
        for script in soup.find_all("script", type="application/ld+json"):
            found += re.findall(r'"(?:url|logo|contentUrl|isBasedOn)": "([^"]+)"', script.string)
        forms = [
            el.get("action") for el in soup.find_all("form") if el.get("method", "get") == "get"
        ]
        found += [a for a in forms if a]
    elif "xml" in content_type:
        found += re.findall(r"<(?:loc|link)>([^<]+)</", text)
        found += re.findall(r'<link[^>]* href="([^"]+)"', text)
    elif "json" in content_type and "/api/" in base:
        found += re.findall(r'"(?:html_url|detail_url|download_url)": ?"([^"]+)"', text)
    return [urljoin(base, link) for link in found]


def test_every_internal_link_of_every_demo_site_answers_on_the_port_served(client, served):
    dead, wrong_port = [], []
    for host in SITES.values():
        start = f"http://{host}/"
        queue = deque(
            [start, f"{start}sitemap.xml", f"{start}feeds/publications.atom",
             f"{start}feeds/publications.rss", f"{start}api/v2/pages/", f"{start}api/v2/documents/"]
        )  # fmt: skip
        seen = set(queue)
        while queue:
            url = queue.popleft()
            parts = urlsplit(url)
            if parts.path.startswith(settings.STATIC_URL):
                # Served by WhiteNoise or runserver, not the test client: the file must exist.
                if not finders.find(parts.path.removeprefix(settings.STATIC_URL)):
                    dead.append((url, 404))
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            response = client.get(path, HTTP_HOST=parts.netloc)
            if response.status_code in (301, 302):
                # The members' area sends readers to sign in: follow it.
                location = urljoin(url, response["Location"])
                if urlsplit(location).netloc != host:
                    wrong_port.append((url, location))
                elif location not in seen:
                    seen.add(location)
                    queue.append(location)
                continue
            if response.status_code != 200:
                dead.append((url, response.status_code))
                continue
            for link in _links(response, url):
                link = link.split("#")[0]
                target = urlsplit(link)
                if target.scheme not in ("http", "https") or target.hostname not in DEMO_HOSTS:
                    continue  # tel:, mailto:, other sites
                if target.port != PORT:
                    wrong_port.append((url, link))
                    continue
                if link not in seen and target.netloc == host:
                    seen.add(link)
                    queue.append(link)
        assert len(seen) > 30, f"{host}: only {len(seen)} addresses found"
    assert dead == [], "\n".join(f"{url} {status}" for url, status in dead)
    assert wrong_port == [], "\n".join(f"{page} links to {link}" for page, link in wrong_port)


def _first_result(client, query, host=SITES["Sunderland"]):
    response = client.get("/search/", {"q": query}, HTTP_HOST=host)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    first = soup.select_one(".search-result")
    if first is None:
        return None
    return {
        "title": first.select_one(".search-result__title").get_text(strip=True),
        "kind": first.select_one(".search-result__type").get_text(" ", strip=True),
        "url": first.select_one(".search-result__title a")["href"],
    }


# (query, what the first result's title starts with, its kind)
EVERYDAY = [
    ("abuse", "Contact us", "Contact details"),
    ("neglect", "Contact us", "Contact details"),
    ("LADO", "Contact us", "Contact details"),
    ("phone", "Contact us", "Contact details"),
    ("report a concern", "Contact us", "Contact details"),
    ("social worker", "Contact us", "Contact details"),
    ("Ofsted", "Annual report 2022/23", "Annual report"),
    ("bullying", "Strategic plan 2018-19", "Strategic and business plan"),
    ("toolkit", "Strategic plan 2018-19", "Strategic and business plan"),
    ("annual report", "Annual report 2022/23", "Annual report"),
    ("executive", "SSCP Executive", "Executive"),
    ("chair", "", "Person"),
    ("peer review", "Children's safeguarding peer review", "Review findings"),
    ("framework", "Framework of cooperation", "Framework"),
]


@pytest.mark.parametrize(("query", "title", "kind"), EVERYDAY)
def test_everyday_queries_find_the_page_a_reader_wants_first(client, served, query, title, kind):
    first = _first_result(client, query)
    assert first is not None, f"{query!r} found nothing"
    assert first["title"].startswith(title), (query, first)
    assert first["kind"].startswith(kind), (query, first)


def test_words_only_in_structured_records_are_found(client, served):
    """'exploitation' is a priority and 'board' names bodies: found, and labelled."""
    exploitation = _first_result(client, "exploitation")
    assert exploitation is not None
    board = _first_result(client, "board")
    assert "Board" in board["title"]
    meeting = _first_result(client, "meeting", host=SITES["East Sussex"])
    assert meeting["kind"] == "Meeting"


def test_words_inside_a_public_pdf_find_it_and_members_papers_stay_unfound(client, served):
    """ "wherever" is only inside the annual report summary's PDF; "fictional"
    and "commentary" only inside the members-only minutes and scorecard."""
    found = _first_result(client, "wherever")
    assert found is not None
    assert (found["title"], found["kind"]) == ("SSCP annual report 2022/23: summary", "Document")
    assert found["url"].startswith("/documents/")
    for members_only in ("fictional", "commentary"):
        assert _first_result(client, members_only) is None, members_only


def test_search_stays_on_the_partnership_own_site(client, served):
    sunderland_chair = _first_result(client, "chair")["title"].split(",")[0]
    for host in (SITES["East Sussex"], SITES["South Tees"]):
        found = _first_result(client, sunderland_chair, host=host)
        assert found is None or sunderland_chair not in found["title"]


def test_nothing_found_leads_to_the_numbers_to_call(client, served):
    response = client.get("/search/", {"q": "zebra crossing"}, HTTP_HOST=SITES["Sunderland"])
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    empty = soup.select_one(".empty-state")
    assert empty is not None
    calls = [a["href"] for a in empty.find_all("a") if a["href"].startswith("tel:")]
    assert "tel:999" in calls
    assert "tel:01914980123" in calls  # the demo's front door
    assert any(a["href"].endswith("/contact-us/") for a in empty.find_all("a"))


def test_publications_search_finds_what_a_topic_is_about(client, served):
    neglect = Topic.objects.get(name__iexact="neglect")
    tagged = {
        page.title
        for page in PublicationPage.objects.live().filter(topics=neglect)
        if page.get_site().hostname == "127.0.0.1"
    }
    assert tagged
    response = client.get("/publications/", {"q": "neglect"}, HTTP_HOST=SITES["Sunderland"])
    soup = BeautifulSoup(response.content, "html.parser")
    found = {h.get_text(strip=True) for h in soup.select(".publication-list__title")}
    assert tagged <= found


def test_sitemap_lists_every_public_page_and_governance_route_only(client, served):
    response = client.get("/sitemap.xml", HTTP_HOST=SITES["Sunderland"])
    locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    paths = {urlsplit(loc).path for loc in locations}
    for expected in ("/governance/values/", "/governance/history/", "/governance/bodies/sscp/"):
        assert expected in paths
    assert not any("members" in path for path in paths)
    assert all(urlsplit(loc).port == PORT for loc in locations)


def test_feed_entries_have_permanent_ids_and_their_own_updated_times(client, served):
    response = client.get("/feeds/publications.atom", HTTP_HOST=SITES["Sunderland"])
    feed = ET.fromstring(response.content)  # noqa: S314 - the site's own feed
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(f"{atom}entry")
    assert len(entries) >= 3
    ids = [entry.findtext(f"{atom}id") for entry in entries]
    assert all(i.startswith("urn:uuid:") for i in ids)
    assert len(set(ids)) == len(ids)
    updated = [entry.findtext(f"{atom}updated") for entry in entries]
    assert len(set(updated)) == len(updated)


def test_every_demo_feed_passes_the_strict_feed_check(client, served):
    """RFC 4287 / RSS 2.0 and the W3C validator's warnings (tests/publications/feed_checks.py)."""
    from publications.models import PUBLICATION_TYPES
    from tests.publications.feed_checks import atom_problems, rss_problems

    paths = ["/feeds/publications"] + [f"/feeds/publications/{key}" for key in PUBLICATION_TYPES]
    checked = 0
    for host in SITES.values():
        for path in paths:
            for suffix, problems in ((".atom", atom_problems), (".rss", rss_problems)):
                response = client.get(path + suffix, HTTP_HOST=host)
                assert response.status_code == 200, path + suffix
                found = problems(response.content, f"http://{host}{path}{suffix}")
                assert found == [], (host, path + suffix, found)
                checked += 1
    assert checked == len(SITES) * len(paths) * 2


def test_api_page_addresses_follow_the_port(client, served):
    response = client.get("/api/v2/pages/", HTTP_HOST=SITES["East Sussex"])
    data = json.loads(response.content)
    urls = [item["meta"]["html_url"] for item in data["items"]]
    assert urls and all(u.startswith(f"http://eastsussex.localhost:{PORT}/") for u in urls)
