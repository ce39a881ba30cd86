"""A publish renews its own partnership's cache only (site_core/caching/generation.py).

Publishing in one partnership must be seen at once by every reader of that
partnership (its page, its menus and listings), and must leave another
partnership's kept pages and fragments alone. Kept content is proved the way
tests/site_core/test_fragments.py does: a change made behind the cache's back
(``update()`` sends no signal) stays unseen while the entry is kept.
"""

import pytest

from site_core.caching import generation as generations
from site_core.caching import memo
from site_core.models import StandardPage
from tests.factories.site_core import StandardPageFactory, make_site

pytestmark = pytest.mark.django_db

OTHER = "southtees.localhost"


@pytest.fixture
def other_site(home):
    return make_site(hostname=OTHER, default=False, title="South Tees home")


def html(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def main(client, url, **headers):
    body = html(client, url, **headers)
    return body[body.index("<main") : body.index("</main>")]


def test_a_publish_gives_a_new_generation_to_its_own_site_only(home, other_site):
    ours, theirs = home.get_site().pk, other_site.pk
    before = {site: generations.read(site) for site in (ours, theirs, generations.ANY_SITE)}

    page = StandardPageFactory(parent=home, title="Neglect strategy")
    page.title = "Neglect strategy 2026"
    page.save_revision().publish()

    assert generations.read(ours) != before[ours]
    assert generations.read(theirs) == before[theirs]
    # Read without knowing the site (the admin, a command): renewed by any publish.
    assert generations.read(generations.ANY_SITE) != before[generations.ANY_SITE]


def test_a_settings_change_still_renews_every_site(home, other_site):
    from site_core.models import Partnership

    before = [generations.read(site.pk) for site in (home.get_site(), other_site)]
    partnership = Partnership.for_site(other_site)
    partnership.name = "South Tees Safeguarding Children Partnership"
    partnership.save()
    after = [generations.read(site.pk) for site in (home.get_site(), other_site)]
    assert after[0] != before[0] and after[1] != before[1]


def test_publishing_in_one_partnership_keeps_the_others_fragments(client, home, other_site):
    # Each home page lists its sections: what a publish on the site renews (a
    # page's own content waits for its own publish:
    # tests/publications/test_own_content_caching.py).
    theirs = StandardPageFactory(
        parent=other_site.root_page, title="Their policies", show_in_menus=True
    )
    ours = StandardPageFactory(parent=home, title="Our policies", show_in_menus=True)
    assert "Their policies" in main(client, "/", HTTP_HOST=OTHER)
    assert "Our policies" in main(client, "/")
    for section in (theirs, ours):
        StandardPage.objects.filter(pk=section.pk).update(title="Renamed behind the cache")

    # A new page published in our partnership, shown in its menu.
    news = StandardPageFactory(parent=home, title="Neglect strategy", show_in_menus=True)
    news.title = "Neglect strategy 2026"
    news.save_revision().publish()

    # Ours: everything around pages' own content is new at once.
    ours_now = main(client, "/")
    assert "Neglect strategy 2026" in ours_now and "Renamed behind the cache" in ours_now
    # Theirs: still what was kept (nothing of theirs changed as far as readers can tell).
    theirs_now = main(client, "/", HTTP_HOST=OTHER)
    assert "Renamed behind the cache" not in theirs_now and "Neglect strategy" not in theirs_now


def test_unpublishing_in_one_partnership_is_seen_there_at_once(client, home, other_site):
    ours = StandardPageFactory(parent=home, title="Old protocol")
    assert client.get(f"/{ours.slug}/").status_code == 200
    ours.unpublish()
    assert client.get(f"/{ours.slug}/").status_code == 404


def test_with_redis_the_other_partnerships_pages_stay_cached(
    client,
    home,
    other_site,
    redis_page_cache,
):
    theirs = StandardPageFactory(parent=other_site.root_page, title="Their threshold guide")
    ours = StandardPageFactory(parent=home, title="Our threshold guide", show_in_menus=True)
    their_url, our_url = f"/{theirs.slug}/", f"/{ours.slug}/"
    for url, host in ((their_url, {"HTTP_HOST": OTHER}), (our_url, {}), ("/", {})):
        assert client.get(url, **host)["X-Page-Cache"] == "miss"
        assert client.get(url, **host)["X-Page-Cache"] == "hit"

    ours.title = "Our threshold guide 2026"
    ours.save_revision().publish()

    fresh = client.get(our_url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Our threshold guide 2026" in fresh.content.decode()
    assert "Our threshold guide 2026" in client.get("/").content.decode()  # the menu
    assert client.get(their_url, HTTP_HOST=OTHER)["X-Page-Cache"] == "hit"


def test_the_same_host_never_reads_another_sites_generation(client, home, other_site):
    """The middleware guesses which site's token to read with a cached page;
    the generation a request works under is always its own site's."""
    with memo.request_scope():
        memo.use_site(other_site.pk)
        theirs = memo.generation()
    with memo.request_scope():
        memo.use_site(home.get_site().pk)
        ours = memo.generation()
    assert theirs == generations.read(other_site.pk)
    assert ours == generations.read(home.get_site().pk)
    assert theirs != ours


def test_a_home_page_published_renews_everything_and_is_seen_at_once(client, home, other_site):
    # The site is kept with its home page across other publishes.
    assert "Testshire" in html(client, "/")
    before = generations.read(other_site.pk)
    home.title = "Welcome to the Testshire partnership"
    home.save_revision().publish()
    assert "Welcome to the Testshire partnership" in html(client, "/")
    assert generations.read(other_site.pk) != before


def test_the_menus_are_kept_across_a_publish_until_a_page_they_link_to_changes(client, home, site):
    from site_core.models import Navigation, NavigationLink

    linked = StandardPageFactory(parent=home, title="Threshold guidance")
    NavigationLink.objects.create(
        navigation=Navigation.for_site(site), place="primary", page=linked
    )
    assert ">Threshold guidance</a>" in html(client, "/")
    StandardPage.objects.filter(pk=linked.pk).update(title="Changed behind the cache's back")

    # A page the menus do not link to: the header is kept.
    other = StandardPageFactory(parent=home, title="Neglect strategy")
    other.save_revision().publish()
    page = html(client, f"/{other.slug}/")
    assert ">Threshold guidance</a>" in page and "behind the cache" not in page

    # The linked page itself: renewed at once, on every page.
    linked.refresh_from_db()
    linked.title = "Thresholds for help"
    linked.save_revision().publish()
    assert ">Thresholds for help</a>" in html(client, f"/{other.slug}/")
