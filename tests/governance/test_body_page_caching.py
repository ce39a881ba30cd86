"""A body's page keeps its members across publishes (site_core/caching/fragments.py,
records-only fragments): they are governance records, and a publish shows no
change in them, so only a change of a record renews them.

Kept content is proved as in tests/site_core/test_partnership_generations.py:
a change made behind the cache's back (``update()`` sends no signal) stays
unseen while the part is kept.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.models import Person
from site_core.caching import generation as generations
from tests.factories.governance import seat
from tests.factories.site_core import make_site

pytestmark = pytest.mark.django_db


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_members_are_kept_across_a_publish_while_the_page_around_them_is_renewed(
    client, board, governance_page
):
    member = seat(board, name="Pat Example").person
    url = f"{governance_page.url}bodies/{board.slug}/"
    assert "Pat Example" in html(client, url)
    Person.objects.filter(pk=member.pk).update(name="Pat Renamed")

    governance_page.title = "How the partnership is run"
    governance_page.save_revision().publish()

    page = html(client, url)
    assert "How the partnership is run" in page  # the breadcrumbs: rendered again
    assert "Pat Example" in page and "Pat Renamed" not in page  # the members: kept

    member.refresh_from_db()
    member.save()  # a governance record saved: everything is renewed
    page = html(client, url)
    assert "Pat Renamed" in page and "Pat Example" not in page


def test_a_new_slug_renews_everything_kept_across_publishes(
    home, governance_page, django_capture_on_commit_callbacks
):
    # Kept parts may link to the page or anything under it.
    elsewhere = make_site(hostname="elsewhere.localhost", default=False, title="Elsewhere")
    before = generations.read(elsewhere.pk)
    with django_capture_on_commit_callbacks(execute=True):
        governance_page.slug = "how-we-work"
        governance_page.save_revision().publish()
    assert generations.read(elsewhere.pk) != before


def test_a_kept_body_page_reads_only_its_body(client, board, governance_page):
    # Its members, meetings and page parts are kept; the body itself is read
    # on every view (a renamed or removed body shows at once), and its
    # partnership is the one the request already found: no second query.
    url = f"{governance_page.url}bodies/{board.slug}/"
    html(client, url)
    with CaptureQueriesContext(connection) as queries:
        page = html(client, url)
    tables = [
        table
        for query in queries.captured_queries
        for table in ("governance_body", "site_core_partnership")
        if f'FROM "{table}"' in query["sql"]
    ]
    assert tables == ["governance_body"]
    assert board.name in page
    assert board.partnership.name in page  # named in the page's JSON-LD

    board.name = "Renamed board"
    board.save()
    assert "Renamed board" in html(client, url)
    type(board).objects.filter(pk=board.pk).update(slug="moved")  # no signal: nothing renewed
    assert client.get(url).status_code == 404
