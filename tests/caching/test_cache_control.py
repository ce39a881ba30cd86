"""What the edge may keep (caching/middleware.py): anonymous shareable pages for
PAGE_CACHE_SECONDS at most; anything else, members-only pages and documents
above all, never."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories.governance import GovernanceIndexPageFactory, MembersAreaPageFactory
from tests.factories.site_core import AlertBannerFactory
from tests.helpers import board_members_group, restrict_to_board_members

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def edge_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


def assert_private(response):
    assert {"private", "no-store"} <= directives(response)
    assert "public" not in directives(response)
    assert not any(part.startswith("s-maxage") for part in directives(response))


def test_public_pages_may_be_kept_by_the_edge_and_checked_by_browsers(client, home):
    assert directives(client.get(home.url)) == {"public", "max-age=0", "s-maxage=300"}


def test_the_edge_keeps_a_page_no_longer_than_until_a_scheduled_alert_starts(client, home):
    AlertBannerFactory(
        message="<p>Starts soon</p>", starts_at=timezone.now() + timedelta(seconds=90)
    )
    [s_maxage] = [d for d in directives(client.get(home.url)) if d.startswith("s-maxage=")]
    assert 0 < int(s_maxage.split("=")[1]) <= 90


def test_members_only_pages_are_never_shareable(client, members_only):
    page, member = members_only
    anonymous = client.get(page.url)
    assert anonymous.status_code == 302
    assert_private(anonymous)
    client.force_login(member)
    response = client.get(page.url)
    assert response.status_code == 200
    assert_private(response)


def test_the_members_area_is_never_shareable(client, login_as, home, django_user_model):
    members_page = MembersAreaPageFactory(parent=GovernanceIndexPageFactory(parent=home))
    restrict_to_board_members(members_page)
    assert_private(client.get(members_page.url))
    member = django_user_model.objects.create_user("member", password="x")
    member.groups.add(board_members_group())
    login_as(client, member)
    response = client.get(members_page.url)
    assert response.status_code == 200
    assert_private(response)


def test_signed_in_people_get_private_pages(client, home, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    assert_private(client.get(home.url))


def test_forms_and_errors_are_private(client, home):
    sign_in = client.get("/_util/login/")
    assert sign_in.status_code == 200
    assert sign_in.cookies  # the CSRF cookie
    assert_private(sign_in)
    assert_private(client.get("/no-such-page/"))


def test_views_that_choose_their_own_caching_keep_it(client, home):
    assert directives(client.get("/governance.json")) == {"public", "max-age=600"}
