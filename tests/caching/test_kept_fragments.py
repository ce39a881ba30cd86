"""Kept fragments (``{% wagtailcache %}`` / ``{% wagtailpagecache %}`` varying on
the site's ``cache_generation``): a publish shows at once on every page that
shows the item; another partnership's stay kept; members-only content and
previews are never kept.

Kept content is proved by a change made behind the cache's back
(``QuerySet.update()`` sends no signal, so nothing renews): it stays unseen
while the fragment is kept.
"""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from publications.models import AnnualReportPage
from site_core.models import HomePage, StandardPage
from tests.factories.publications import AnnualReportPageFactory, PublicationIndexPageFactory
from tests.factories.site_core import StandardPageFactory

from .conftest import OTHER, main

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def edge_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def report(home):
    index = PublicationIndexPageFactory(parent=home, title="Publications", show_in_menus=True)
    return AnnualReportPageFactory(parent=index, title="Annual report 2024 to 2025")


def test_a_publish_shows_at_once_on_its_page_its_listing_and_the_home_page(client, home, report):
    index = report.get_parent()
    pages = [report.url, index.url, home.url]
    for url in pages:  # every fragment made, and kept
        assert "Annual report 2024 to 2025" in main(client, url)

    report.title = "Annual report 2024 to 2025 (corrected)"
    report.save_revision().publish()

    for url in pages:
        assert "Annual report 2024 to 2025 (corrected)" in main(client, url), url


def test_kept_content_is_served_until_a_change_on_its_site(client, home, report):
    assert "What the partnership did" not in main(client, report.url)
    AnnualReportPage.objects.filter(pk=report.pk).update(summary="What the partnership did")
    assert "What the partnership did" not in main(client, report.url)  # kept

    StandardPageFactory(parent=home, title="Another page")  # any change on the site
    assert "What the partnership did" in main(client, report.url)


def test_a_publish_here_leaves_another_partnerships_fragments_kept(client, home, other_home):
    main(client, "/", HTTP_HOST=OTHER)
    HomePage.objects.filter(pk=other_home.pk).update(introduction="Written behind its back")
    page = StandardPageFactory(parent=home, title="Neglect strategy", show_in_menus=True)
    page.save_revision().publish()

    assert "Neglect strategy" in main(client, "/")
    assert "Written behind its back" not in main(client, "/", HTTP_HOST=OTHER)  # still kept


def test_fragments_never_cross_partnerships(client, home, other_home):
    HomePage.objects.filter(pk=home.pk).update(introduction="Words of Sunderland")
    HomePage.objects.filter(pk=other_home.pk).update(introduction="Words from elsewhere")
    for _ in range(2):  # the same path on both sites, each asked twice, alternately
        ours, theirs = main(client, "/"), main(client, "/", HTTP_HOST=OTHER)
        assert "Words of Sunderland" in ours and "Words from elsewhere" not in ours
        assert "Words from elsewhere" in theirs and "Words of Sunderland" not in theirs


def test_signed_in_readers_get_the_same_fresh_content(client, report, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    main(client, report.url)
    report.title = "Annual report (revised)"
    report.save_revision().publish()
    assert "Annual report (revised)" in main(client, report.url)


def test_members_only_content_is_never_kept(client, members_only):
    page, member = members_only
    client.force_login(member)
    assert "papers" in main(client, page.url)
    StandardPage.objects.filter(pk=page.pk).update(title="Agenda for the closed session")
    assert "closed session" in main(client, page.url)  # rendered afresh
    client.logout()
    response = client.get(page.url)
    assert response.status_code == 302  # to sign in
    assert "closed session" not in response.content.decode()


def test_password_protected_content_is_never_kept(client, home):
    # A reader who typed the page's password is not signed in: the password
    # is kept in their session, and the page is still members-only.
    page = StandardPageFactory(parent=home, title="Papers for the panel")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="panel-papers"
    )
    address = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
    answer = client.post(address, {"password": "panel-papers", "return_url": page.url})
    assert answer.status_code == 302
    assert "Papers for the panel" in client.get(page.url).content.decode()
    StandardPage.objects.filter(pk=page.pk).update(title="Papers for the closed panel")
    # Rendered afresh, the breadcrumbs' last crumb too: nothing of it was kept.
    again = client.get(page.url).content.decode()
    assert "Papers for the closed panel" in again
    assert "Papers for the panel" not in again
    client.cookies.clear()
    assert "closed panel" not in client.get(page.url).content.decode()


def test_the_preview_is_never_kept(client, report):
    main(client, report.url)
    report.title = "Draft title"
    response = report.make_preview_request()
    assert "Draft title" in response.content.decode()
    assert "Draft title" not in main(client, report.url)


def test_a_filtered_list_shows_a_new_publication_at_once(client, report):
    url = f"{report.get_parent().url}?type=annual-report"
    assert "Annual report 2025 to 2026" not in main(client, url)
    AnnualReportPageFactory(parent=report.get_parent(), title="Annual report 2025 to 2026")
    assert "Annual report 2025 to 2026" in main(client, url)


def test_a_bad_filter_is_answered_and_never_kept(client, report):
    index_url = report.get_parent().url
    answer = client.get(f"{index_url}?type=nonsense")
    assert answer.status_code == 400
    assert 'role="alert"' in answer.content.decode()
    assert 'role="alert"' not in main(client, index_url)
    assert client.get(f"{index_url}?type=nonsense").status_code == 400
