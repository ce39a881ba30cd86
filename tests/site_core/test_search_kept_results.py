"""A search's results are kept under its site's generation (site_core/search.py,
``kept_search``), as a CDN keeps a search page a short while.

What is kept is proved as in test_partnership_generations.py: a change made
behind the cache's back (``update()`` sends no signal and leaves the search
index alone) stays unseen while the results are kept, and is seen as soon as
they are not.
"""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from site_core.models import StandardPage
from tests.factories.site_core import StandardPageFactory

pytestmark = pytest.mark.django_db

OTHER = "other.localhost"


def titles(client, query, **headers):
    response = client.get("/search/", {"q": query}, **headers)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".search-result__title a")]


def rename_behind_the_cache(page, title):
    StandardPage.objects.filter(pk=page.pk).update(title=title)


def publish(parent, title):
    page = StandardPageFactory(parent=parent, title=f"{title} (draft)")
    page.title = title
    page.save_revision().publish()
    return page


def test_a_repeated_search_gives_the_same_results_and_keeps_them(client, home):
    page = StandardPageFactory(parent=home, title="Neglect strategy")
    first = titles(client, "neglect")
    assert first == ["Neglect strategy"]

    rename_behind_the_cache(page, "Renamed behind the cache")

    # The same words, typed differently, are the same kept search.
    assert titles(client, "neglect") == first
    assert titles(client, "  NEGLECT ") == first


def test_a_publish_on_the_site_shows_a_new_matching_page_at_once(client, home):
    StandardPageFactory(parent=home, title="Neglect strategy")
    assert titles(client, "neglect") == ["Neglect strategy"]

    publish(home, "Neglect toolkit")

    assert sorted(titles(client, "neglect")) == ["Neglect strategy", "Neglect toolkit"]


def test_a_publish_in_another_partnership_leaves_this_sites_kept_results(client, home, other_site):
    page = StandardPageFactory(parent=home, title="Neglect strategy")
    assert titles(client, "neglect") == ["Neglect strategy"]
    rename_behind_the_cache(page, "Renamed behind the cache")

    publish(other_site.root_page, "Their neglect toolkit")

    assert titles(client, "neglect") == ["Neglect strategy"]  # still kept here
    assert titles(client, "neglect", HTTP_HOST=OTHER) == ["Their neglect toolkit"]
    # Our own publish renews ours.
    publish(home, "Our annual report")
    assert titles(client, "neglect") == ["Renamed behind the cache"]


def test_two_partnerships_searching_the_same_word_see_only_their_own(client, home, other_site):
    StandardPageFactory(parent=home, title="Our neglect strategy")
    StandardPageFactory(parent=other_site.root_page, title="Their neglect strategy")

    for _ in range(2):  # the second time from what is kept
        assert titles(client, "neglect") == ["Our neglect strategy"]
        assert titles(client, "neglect", HTTP_HOST=OTHER) == ["Their neglect strategy"]


def test_a_members_only_page_never_reaches_kept_results(client, home, members_only):
    _page, member = members_only
    StandardPageFactory(parent=home, title="Public papers")

    # A member searches first: nothing computed for them may be kept for others.
    client.force_login(member)
    assert "Members' papers" not in titles(client, "papers")
    client.logout()

    assert titles(client, "papers") == ["Public papers"]
    assert titles(client, "papers") == ["Public papers"]


def test_a_page_made_members_only_leaves_a_repeated_search_at_once(client, home):
    # The search's SQL is built once per query (site_core/prepared.py); a
    # restriction is a change to what that SQL must exclude.
    page = StandardPageFactory(parent=home, title="Neglect strategy")
    StandardPageFactory(parent=home, title="Neglect toolkit")
    assert sorted(titles(client, "neglect")) == ["Neglect strategy", "Neglect toolkit"]

    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    assert titles(client, "neglect") == ["Neglect toolkit"]


def test_a_signed_in_readers_search_is_not_kept(client, home, members_only):
    _page, member = members_only
    page = StandardPageFactory(parent=home, title="Neglect strategy")
    client.force_login(member)
    assert titles(client, "neglect") == ["Neglect strategy"]

    rename_behind_the_cache(page, "Renamed behind the cache")

    assert titles(client, "neglect") == ["Renamed behind the cache"]


def test_an_over_long_query_is_answered_and_not_kept(client, home):
    page = StandardPageFactory(parent=home, title="Neglect strategy")
    long_query = " ".join(["neglect"] * 20)  # 159 characters
    assert titles(client, long_query) == ["Neglect strategy"]

    rename_behind_the_cache(page, "Renamed behind the cache")

    assert titles(client, long_query) == ["Renamed behind the cache"]


def test_a_page_of_kept_results_keeps_its_numbering(client, home):
    for number in range(12):
        StandardPageFactory(parent=home, title=f"Neglect briefing {number:02}")
    for _ in range(2):
        response = client.get("/search/", {"q": "neglect briefing", "page": "2"})
        soup = BeautifulSoup(response.content, "html.parser")
        assert "12 results" in soup.select_one(".result-count").get_text()
        assert soup.select_one("ol.search-results")["start"] == "11"
        assert len(soup.select(".search-result__title a")) == 2
    assert client.get("/search/", {"q": "neglect briefing", "page": "3"}).status_code == 400
