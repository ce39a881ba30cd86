"""Page fragments (site_core/caching/fragments.py) are kept until the next change
readers can see, per partnership and page, and never hold members-only content.

Each test changes the database behind the cache's back (``update()`` sends no
signal, so nothing purges) to prove a fragment was kept, then makes a real
change and checks the reader sees it on the next request.
"""

import pickle

import pytest
from django.core.cache import cache

from site_core.caching import memo
from site_core.models import HomePage, StandardPage
from tests.factories.site_core import StandardPageFactory, make_site

pytestmark = pytest.mark.django_db


def html(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def main(client, url):
    """The page's own content (the meta description above it is never kept)."""
    body = html(client, url)
    return body[body.index("<main") : body.index("</main>")]


def kept_anywhere(text):
    """Whether ``text`` is in any rendered HTML the cache or this process keeps.

    (Routing keeps page objects, members-only ones too, as Wagtail would load
    them; only rendered fragments could ever be handed to a reader.)
    """
    kept = [pickle.loads(value) for value in cache._cache.values()]  # noqa: S301 - our own cache
    kept += [value for value, _expires in memo._local.values.values()]
    return any(isinstance(value, str) and text in value for value in kept)


def test_a_kept_page_shows_the_change_once_it_is_published(client, home):
    page = StandardPageFactory(parent=home, title="Escalation policy", slug="escalation")
    assert "Escalation policy" in html(client, "/escalation/")

    # Behind the cache's back: the kept fragment is still served.
    StandardPage.objects.filter(pk=page.pk).update(summary="Written behind the cache's back")
    assert "behind the cache" not in main(client, "/escalation/")

    page.refresh_from_db()
    page.summary = "Revised in March"
    page.save_revision().publish()
    body = main(client, "/escalation/")
    assert "Revised in March" in body


def test_signed_in_readers_get_the_same_fresh_content(client, home, django_user_model):
    page = StandardPageFactory(parent=home, title="Threshold guidance", slug="threshold")
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    html(client, "/threshold/")
    page.title = "Threshold guidance (2026)"
    page.save_revision().publish()
    assert "Threshold guidance (2026)" in html(client, "/threshold/")


def test_fragments_never_cross_partnerships(client, home):
    other = make_site(hostname="other.localhost", default=False, title="Other home")
    HomePage.objects.filter(pk=home.pk).update(introduction="Words of Sunderland")
    HomePage.objects.filter(pk=other.root_page_id).update(introduction="Words from elsewhere")
    # The same path on both sites, each asked twice, alternately.
    for _ in range(2):
        ours = html(client, "/")
        theirs = html(client, "/", HTTP_HOST="other.localhost")
        assert "Words of Sunderland" in ours and "Words from elsewhere" not in ours
        assert "Words from elsewhere" in theirs and "Words of Sunderland" not in theirs


def test_members_only_content_is_never_kept(client, members_only):
    page, member = members_only
    StandardPage.objects.filter(pk=page.pk).update(summary="Agenda for the closed session")
    client.force_login(member)
    assert "closed session" in html(client, page.url)
    assert not kept_anywhere("closed session")

    client.logout()
    response = client.get(page.url)
    assert response.status_code == 302  # to sign in
    assert "closed session" not in response.content.decode()


def test_a_public_page_kept_for_a_member_shows_nothing_of_theirs(client, home, members_only):
    _page, member = members_only
    StandardPageFactory(parent=home, title="Safer recruitment", slug="safer-recruitment")
    client.force_login(member)
    html(client, "/safer-recruitment/")
    client.logout()
    body = html(client, "/safer-recruitment/")
    assert "Safer recruitment" in body
    assert "Members' papers" not in body  # the restricted section is named nowhere public


def test_the_preview_is_never_kept(client, home):
    page = StandardPageFactory(parent=home, title="Published title", slug="previewed")
    html(client, "/previewed/")
    page.title = "Draft title"
    response = page.make_preview_request()
    assert "Draft title" in response.content.decode()
    assert not kept_anywhere("Draft title")
    assert "Draft title" not in html(client, "/previewed/")
