"""What renews what (caching/purge.py): a change readers can see gives its own
partnership's site a new generation, never another's; drafts, locks and
private records renew nothing."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from publications.models import Topic
from site_core.models import Partnership
from tests.factories.governance import BodyFactory, MeetingFactory, MembershipFactory
from tests.factories.site_core import AlertBannerFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def test_a_publish_renews_its_own_site_only(home, other_home, token):
    page = StandardPageFactory(parent=home, title="Neglect strategy")
    ours, theirs = token(home), token(other_home)
    page.title = "Neglect strategy 2026"
    page.save_revision().publish()
    assert token(home) != ours
    assert token(other_home) == theirs


def test_publishing_unpublishing_moving_renaming_and_deleting_each_renew(home, token):
    page = StandardPageFactory(parent=home, title="Threshold guidance")
    section = StandardPageFactory(parent=home, title="Guidance")
    seen = {token(home)}
    page.save_revision().publish()
    seen.add(token(home))
    page.unpublish()
    seen.add(token(home))
    page.refresh_from_db()
    page.save_revision().publish()
    seen.add(token(home))
    page.move(section, pos="last-child")
    seen.add(token(home))
    page.refresh_from_db()
    page.slug = "thresholds"
    page.save_revision().publish()
    seen.add(token(home))
    page.refresh_from_db()
    page.delete()
    seen.add(token(home))
    assert len(seen) == 7


def test_a_draft_a_revision_and_a_lock_renew_nothing(home, token, admin_user):
    page = StandardPageFactory(parent=home, title="Escalation policy")
    before = token(home)
    page.title = "Escalation policy (draft)"
    page.save_revision()
    page.locked, page.locked_by, page.locked_at = True, admin_user, timezone.now()
    page.save(update_fields=["locked", "locked_by", "locked_at"])
    StandardPageFactory(parent=home, live=False)
    assert token(home) == before


def test_a_partnerships_settings_and_records_renew_its_site_only(home, other_home, token):
    partnership = Partnership.for_site(other_home.get_site())
    ours, theirs = token(home), token(other_home)
    partnership.name = "South Tees Safeguarding Children Partnership"
    partnership.save()
    assert token(other_home) != theirs
    theirs = token(other_home)
    MembershipFactory(post__body=BodyFactory(partnership=partnership))
    AlertBannerFactory(site=other_home.get_site(), message="<p>Office closed</p>")
    assert token(other_home) != theirs
    assert token(home) == ours


def test_a_shared_record_renews_every_site(home, other_home, token):
    ours, theirs = token(home), token(other_home)
    Topic.objects.create(name="Neglect", slug="neglect")
    assert token(home) != ours and token(other_home) != theirs


def test_private_records_renew_nothing(home, token, django_user_model):
    body = BodyFactory(partnership=Partnership.for_site(home.get_site()))
    before = token(home)
    user = django_user_model.objects.create_user("editor", password="x")
    user.first_name = "Sam"
    user.save()
    session = SessionStore()
    session["anything"] = 1
    session.save()
    meeting = MeetingFactory(body=body, access="members")
    meeting.summary = "Agreed the budget"
    meeting.save()
    assert token(home) == before


def test_a_meeting_renews_while_it_is_public_and_when_it_stops_being(home, token):
    body = BodyFactory(partnership=Partnership.for_site(home.get_site()))
    before = token(home)
    meeting = MeetingFactory(body=body, access="public")
    assert token(home) != before
    before = token(home)
    meeting.access = "members"  # no longer shown: the pages that showed it change
    meeting.save()
    assert token(home) != before


def test_a_scheduled_alert_renews_when_saved(home, token):
    before = token(home)
    AlertBannerFactory(message="<p>Soon</p>", starts_at=timezone.now() + timedelta(hours=1))
    assert token(home) != before
