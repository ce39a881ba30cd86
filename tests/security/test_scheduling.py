"""Go-live and expiry dates happen when publish_scheduled runs (every minute under `make run`)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories.site_core import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_a_page_scheduled_in_the_past_goes_live_when_the_command_runs(client, home, approver):
    page = StandardPageFactory(parent=home, title="Annual report 2025 to 2026", live=False)
    page.go_live_at = timezone.now() + timedelta(hours=1)
    revision = page.save_revision(user=approver)
    revision.publish(user=approver)  # with a future go-live date this only schedules it
    page.refresh_from_db()
    assert not page.live
    assert client.get(page.url).status_code == 404

    # The hour passes: move the scheduled time (in the revision and its
    # approval) into the past rather than wait.
    past = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled")

    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200


def test_an_expired_page_is_unpublished_when_the_command_runs(client, home):
    page = StandardPageFactory(parent=home, title="Consultation on thresholds")
    page.expire_at = timezone.now() - timedelta(minutes=1)
    page.save()
    assert client.get(page.url).status_code == 200

    call_command("publish_scheduled")

    page.refresh_from_db()
    assert not page.live
    assert page.expired
    assert client.get(page.url).status_code == 404
