"""A body's page is kept until a change on its partnership's site, and shows
every change to its records at once."""

import pytest

from caching import generation
from tests.factories.governance import seat
from tests.factories.site_core import make_site

pytestmark = pytest.mark.django_db


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_member_renamed_shows_at_once(client, board, governance_page):
    member = seat(board, name="Pat Example").person
    url = f"{governance_page.url}bodies/{board.slug}/"
    assert "Pat Example" in html(client, url)
    member.name = "Pat Renamed"
    member.save()
    page = html(client, url)
    assert "Pat Renamed" in page and "Pat Example" not in page


def test_a_new_slug_renews_its_own_site_only(home, governance_page):
    elsewhere = make_site(hostname="elsewhere.localhost", default=False, title="Elsewhere")
    ours, theirs = generation.read(home.get_site().pk), generation.read(elsewhere.pk)
    governance_page.slug = "how-we-work"
    governance_page.save_revision().publish()
    assert generation.read(home.get_site().pk) != ours
    assert generation.read(elsewhere.pk) == theirs


def test_a_body_renamed_or_moved_shows_at_once(client, board, governance_page):
    url = f"{governance_page.url}bodies/{board.slug}/"
    assert board.name in html(client, url)
    board.name = "Renamed board"
    board.save()
    assert "Renamed board" in html(client, url)
    board.slug = "moved"
    board.save()
    assert client.get(url).status_code == 404
