"""After a publish the worker renders again what readers were reading
(site_core/caching/warming.py), so the next reader finds it ready.

That a page was rendered by the warmer is proved as in
test_partnership_generations.py: a change made behind the cache's back
(``update()`` sends no signal) after the warming stays unseen, because the
reader is given what the warmer kept, which was made after the publish. The
change is to the title of a section the home page lists: rendered again
after any publish on the site (a page's own content waits for its own
publish).
"""

import time

import pytest

from site_core.caching import generation as generations
from site_core.caching import warming
from site_core.models import StandardPage
from site_core.search import KEPT_SEARCH_SECONDS
from tests.factories.site_core import StandardPageFactory, make_site

pytestmark = pytest.mark.django_db

OTHER = "southtees.localhost"


@pytest.fixture(autouse=True)
def warming_on(settings):
    settings.WARM_PAGES_AFTER_CHANGE = 50


@pytest.fixture
def other_site(home):
    return make_site(hostname=OTHER, default=False, title="South Tees home")


@pytest.fixture
def warmed(monkeypatch):
    """Every address the warmer asked for, in order."""
    asked = []
    get = warming._get

    def recording(address, script_name=""):
        asked.append(address)
        return get(address, script_name)

    monkeypatch.setattr(warming, "_get", recording)
    return asked


def read(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def rename_behind_the_cache(section):
    StandardPage.objects.filter(pk=section.pk).update(title="Renamed behind the cache")


def publish_new_page(home, django_capture_on_commit_callbacks, **fields):
    """Publish as an editor does: the warming is queued when the change commits."""
    with django_capture_on_commit_callbacks(execute=True):
        page = StandardPageFactory(parent=home, **fields)
        page.save_revision().publish()
    return page


def test_what_readers_read_is_rendered_again_after_a_publish(
    client, home, other_site, warmed, django_capture_on_commit_callbacks
):
    section = StandardPageFactory(parent=home, title="Our policies", show_in_menus=True)
    our_url = f"/{section.slug}/"
    theirs = StandardPageFactory(parent=other_site.root_page, title="Their escalation policy")
    read(client, our_url)
    read(client, "/")
    read(client, f"/{theirs.slug}/", HTTP_HOST=OTHER)

    publish_new_page(
        home, django_capture_on_commit_callbacks, title="Neglect strategy", show_in_menus=True
    )

    # Only our partnership's pages, newest read first; theirs are still
    # cached under a generation the publish left alone.
    assert warmed == ["http://testserver/", f"http://testserver{our_url}"]
    rename_behind_the_cache(section)
    # The reader is given what the warmer rendered after the publish: the new
    # page is in the menu, and the change made since is not yet seen.
    home_now = read(client, "/")
    assert "Neglect strategy" in home_now and "behind the cache" not in home_now


def test_without_warming_the_first_reader_renders_afresh(
    client, home, settings, warmed, django_capture_on_commit_callbacks
):
    # The counterpart of the test above: proves the proof.
    settings.WARM_PAGES_AFTER_CHANGE = 0
    section = StandardPageFactory(parent=home, title="Our policies", show_in_menus=True)
    read(client, "/")

    publish_new_page(home, django_capture_on_commit_callbacks, title="Neglect strategy")

    assert warmed == []
    rename_behind_the_cache(section)
    assert "behind the cache" in read(client, "/")


def test_only_public_answers_to_anonymous_readers_are_noted(
    client, home, editor, invalid_template_variables_as_in_production
):
    page = StandardPageFactory(parent=home, title="Escalation policy")
    read(client, f"/{page.slug}/?utm_source=newsletter")
    client.get("/no-such-page/")

    # Parameters no page reads are dropped, as in the page cache's key.
    expected = [f"http://testserver/{page.slug}/"]
    assert [a for a, _ in warming.read_lately(home.get_site().pk)] == expected

    client.force_login(editor)
    other = StandardPageFactory(parent=home, title="Threshold document")
    read(client, f"/{other.slug}/")
    assert [a for a, _ in warming.read_lately(home.get_site().pk)] == expected


def test_a_search_is_noted_only_while_its_results_are_kept(client, home, monkeypatch):
    site_id = home.get_site().pk
    StandardPageFactory(parent=home, title="Escalation policy")
    read(client, "/search/?q=escalation")
    # A query too long to keep its results is never noted at all.
    read(client, "/search/?q=" + "+".join(["escalation"] * 20))
    assert [a for a, _ in warming.read_lately(site_id)] == [
        "http://testserver/search/?q=escalation"
    ]

    # What a reader typed is forgotten with the results it was given.
    later = time.time() + KEPT_SEARCH_SECONDS + 1
    monkeypatch.setattr(warming.time, "time", lambda: later)
    assert warming.read_lately(site_id) == []


def test_a_page_no_longer_public_is_dropped_from_the_list(
    client, home, warmed, django_capture_on_commit_callbacks
):
    page = StandardPageFactory(parent=home, title="Old escalation policy")
    read(client, f"/{page.slug}/")

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()

    assert warmed == [f"http://testserver/{page.slug}/"]  # tried once: a 404 now
    assert warming.read_lately(home.get_site().pk) == []


def test_a_warming_overtaken_by_a_later_change_does_nothing(client, home, warmed):
    site_id = home.get_site().pk
    page = StandardPageFactory(parent=home, title="Escalation policy")
    read(client, f"/{page.slug}/")
    queued = {str(site_id): generations.read(site_id)}

    generations.bump_site(site_id)  # a later publish, which queues its own

    assert warming.warm_sites.call(queued) == 0
    assert warmed == []
    queued = {str(site_id): generations.read(site_id)}
    assert warming.warm_sites.call(queued) == 1


def test_a_warming_overtaken_while_it_runs_stops(client, home, monkeypatch):
    site_id = home.get_site().pk
    for title in ("Escalation policy", "Threshold document"):
        page = StandardPageFactory(parent=home, title=title)
        read(client, f"/{page.slug}/")
    queued = {str(site_id): generations.read(site_id)}
    asked = []

    def publish_meanwhile(address, script_name=""):
        asked.append(address)
        generations.bump_site(site_id)  # a publish while the first page renders
        return 200

    monkeypatch.setattr(warming, "_get", publish_meanwhile)
    assert warming.warm_sites.call(queued) == 1
    assert len(asked) == 1


def test_behind_a_proxy_pages_are_warmed_over_https_as_readers_asked(
    client, home, settings, warmed, django_capture_on_commit_callbacks
):
    # Production: HTTPS ends at the load balancer, which says so in a header.
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    page = StandardPageFactory(parent=home, title="Escalation policy")
    read(client, f"/{page.slug}/", HTTP_HOST="testserver", HTTP_X_FORWARDED_PROTO="https")

    publish_new_page(home, django_capture_on_commit_callbacks, title="Neglect strategy")

    address = f"https://testserver/{page.slug}/"
    assert warmed == [address]
    # Answered 200 (not a redirect to HTTPS), so it stays on the list.
    assert [a for a, _ in warming.read_lately(home.get_site().pk)] == [address]


def test_a_cache_that_fails_while_noting_never_fails_the_readers_page(client, home, monkeypatch):
    page = StandardPageFactory(parent=home, title="Escalation policy")

    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis went away")

    monkeypatch.setattr(warming, "_read", unreachable)
    assert "Escalation policy" in read(client, f"/{page.slug}/")
