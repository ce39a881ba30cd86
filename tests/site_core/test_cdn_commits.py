"""Purges after real commits (autocommit, as on a server): once per request,
however many transactions the request makes."""

import pytest
from django.urls import reverse

from site_core.caching import cdn
from tests.factories.site_core import StandardPageFactory

from .test_cdn import RecordingBackend

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def purged(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "default": {"BACKEND": f"{RecordingBackend.__module__}.RecordingBackend"}
    }
    RecordingBackend.batches.clear()
    cdn._due.purge = False
    yield RecordingBackend.batches
    RecordingBackend.batches.clear()


@pytest.mark.ignore_template_errors
def test_an_editors_request_purges_once(home, admin_client, purged):
    page = StandardPageFactory(parent=home, title="Old protocol")
    purged.clear()
    response = admin_client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]), {})
    assert response.status_code == 302
    assert purged == [["http://localhost/*"]]


def test_outside_a_request_each_commit_purges(home, purged):
    StandardPageFactory(parent=home, title="One")
    StandardPageFactory(parent=home, title="Two")
    assert len(purged) >= 2
