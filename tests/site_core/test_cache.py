"""The page cache: fast for anonymous readers, never stale, never private."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories.site_core import AlertBannerFactory, StandardPageFactory


@pytest.mark.django_db
def test_anonymous_pages_are_served_from_the_cache(client, home, page_cache):
    first = client.get(home.url)
    second = client.get(home.url)
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


@pytest.mark.django_db
def test_publishing_purges_the_page_and_every_listing(client, home, page_cache):
    page = StandardPageFactory(parent=home, title="Neglect strategy", show_in_menus=True)
    assert "Neglect strategy" in client.get(home.url).content.decode()
    assert client.get(page.url)["X-Page-Cache"] == "miss"
    assert client.get(page.url)["X-Page-Cache"] == "hit"

    page.title = "Neglect strategy 2024 to 2027"
    page.save_revision().publish()

    assert "Neglect strategy 2024 to 2027" in client.get(page.url).content.decode()
    assert "Neglect strategy 2024 to 2027" in client.get(home.url).content.decode()


@pytest.mark.django_db
def test_unpublishing_removes_the_page_at_once(client, home, page_cache):
    page = StandardPageFactory(parent=home, title="Old protocol")
    assert client.get(page.url).status_code == 200
    page.unpublish()
    assert client.get(page.url).status_code == 404


@pytest.mark.django_db
def test_a_settings_change_purges(client, home, page_cache):
    client.get(home.url)
    AlertBannerFactory(message="<p>Office closed on Friday</p>")
    assert "Office closed on Friday" in client.get(home.url).content.decode()


@pytest.mark.django_db
def test_signed_in_people_neither_read_nor_fill_the_cache(
    client, home, page_cache, django_user_model
):
    user = django_user_model.objects.create_user("reader", password="x")
    client.force_login(user)
    assert "X-Page-Cache" not in client.get(home.url)
    client.logout()
    assert client.get(home.url)["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_members_only_pages_are_never_cached(client, page_cache, members_only):
    page, member = members_only

    client.force_login(member)
    assert "Members&#x27; papers" in client.get(page.url).content.decode()
    client.logout()
    response = client.get(page.url)
    assert response.status_code == 302
    assert "X-Page-Cache" not in response


@pytest.mark.django_db
def test_cache_expires_when_a_scheduled_alert_starts(client, home, page_cache):
    from django.core.cache import cache

    AlertBannerFactory(
        message="<p>Starts soon</p>", starts_at=timezone.now() + timedelta(seconds=90)
    )
    client.get(home.url)
    cached = [key for key in cache._cache if ":page-cache:" in key and "GET" in key]
    assert cached
    remaining = cache._expire_info[cached[0]] - timezone.now().timestamp()
    assert remaining <= 90


@pytest.mark.django_db
def test_with_redis_a_publish_is_seen_at_once(client, home, redis_page_cache):
    page = StandardPageFactory(parent=home, title="Early help guide", show_in_menus=True)
    assert client.get(page.url)["X-Page-Cache"] == "miss"
    cached = client.get(page.url)
    assert cached["X-Page-Cache"] == "hit"
    assert "Early help guide" in cached.content.decode()

    page.title = "Early help guide 2026"
    page.save_revision().publish()

    fresh = client.get(page.url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Early help guide 2026" in fresh.content.decode()
    assert "Early help guide 2026" in client.get(home.url).content.decode()


@pytest.mark.django_db
def test_with_redis_a_page_from_the_cache_asks_nothing_of_the_database(
    client, home, redis_page_cache, django_assert_num_queries
):
    client.get(home.url)
    with django_assert_num_queries(0):
        hit = client.get(home.url, HTTP_ACCEPT_ENCODING="gzip")
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Content-Encoding"] == "gzip"


# --- what gives a new generation: only changes readers can see ---------------


@pytest.fixture
def generation():
    from site_core.caching import memo

    return memo.generation  # outside a request: read afresh each call


@pytest.mark.django_db
def test_saving_a_draft_keeps_the_generation(home, generation):
    page = StandardPageFactory(parent=home, title="Escalation policy")
    before = generation()
    page.title = "Escalation policy (draft)"
    page.save_revision()
    assert generation() == before


@pytest.mark.django_db
def test_locking_a_page_keeps_the_generation(home, generation, admin_user):
    page = StandardPageFactory(parent=home)
    before = generation()
    page.locked, page.locked_by, page.locked_at = True, admin_user, timezone.now()
    page.save(update_fields=["locked", "locked_by", "locked_at"])
    assert generation() == before


@pytest.mark.django_db
def test_a_new_draft_page_keeps_the_generation(home, generation):
    before = generation()
    StandardPageFactory(parent=home, live=False)
    assert generation() == before


@pytest.mark.django_db
def test_publishing_unpublishing_moving_and_deleting_change_it(home, generation):
    page = StandardPageFactory(parent=home, title="Threshold guidance")
    section = StandardPageFactory(parent=home, title="Guidance")
    seen = {generation()}
    page.save_revision().publish()
    seen.add(generation())
    page.unpublish()
    seen.add(generation())
    page.refresh_from_db()
    page.save_revision().publish()
    seen.add(generation())
    page.move(section, pos="last-child")
    seen.add(generation())
    page.refresh_from_db()
    page.delete()
    seen.add(generation())
    assert len(seen) == 6


@pytest.mark.django_db
def test_private_records_keep_the_generation(home, generation, django_user_model):
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import TwoFactorEnrolmentCode
    from site_core.models import Partnership
    from tests.factories.governance import BodyFactory, MeetingFactory

    user = django_user_model.objects.create_user("editor", password="x")
    body = BodyFactory(partnership=Partnership.for_site(home.get_site()))
    before = generation()
    TwoFactorEnrolmentCode.objects.create(
        user=user, code_hash="0" * 64, expires_at=timezone.now() + timedelta(hours=1)
    )
    session = SessionStore()
    session["anything"] = 1
    session.save()
    meeting = MeetingFactory(body=body, access="members")
    meeting.summary = "Agreed the budget"
    meeting.save()
    user.first_name = "Sam"
    user.save()
    assert generation() == before


@pytest.mark.django_db
def test_public_records_and_settings_change_it(home, generation):
    from site_core.models import Partnership
    from tests.factories.governance import BodyFactory, MeetingFactory

    partnership = Partnership.for_site(home.get_site())
    before = generation()
    partnership.name = "Wearside Safeguarding Children Partnership"
    partnership.save()
    assert generation() != before

    body = BodyFactory(partnership=partnership)
    before = generation()
    meeting = MeetingFactory(body=body, access="public")
    assert generation() != before
    before = generation()
    meeting.access = "members"  # no longer shown: the pages that showed it change
    meeting.save()
    assert generation() != before
