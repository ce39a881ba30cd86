"""Purging the edge (caching/edge.py): after the commit, once, the changed
partnership's host only, through Wagtail's frontend-cache backends."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
import requests
from django.db import transaction
from django.urls import reverse
from wagtail.contrib.frontend_cache.backends import BaseBackend, CloudfrontBackend

from caching.edge import CloudflareBackend, HTTPBackend
from site_core.models import Partnership
from tests.factories.governance import BodyFactory, MembershipFactory
from tests.factories.publications import AnnualReportPageFactory, PublicationIndexPageFactory
from tests.factories.site_core import StandardPageFactory

pytestmark = pytest.mark.django_db


class RecordingBackend(BaseBackend):
    """Stands in for the edge: keeps every batch it is asked to purge."""

    batches = []

    def purge_batch(self, urls):
        RecordingBackend.batches.append(sorted(urls))

    def purge(self, url):
        self.purge_batch([url])


@pytest.fixture
def purged(settings):
    settings.WAGTAILFRONTENDCACHE = {"default": {"BACKEND": f"{__name__}.RecordingBackend"}}
    RecordingBackend.batches.clear()
    yield RecordingBackend.batches
    RecordingBackend.batches.clear()


@pytest.fixture
def publication(home):
    index = PublicationIndexPageFactory(parent=home)
    return AnnualReportPageFactory(parent=index, title="Annual report 2024 to 2025")


def test_a_publish_purges_its_own_host_once_after_the_commit(
    publication, other_home, purged, django_capture_on_commit_callbacks
):
    publication.title = "Annual report 2024 to 2025 (corrected)"
    with django_capture_on_commit_callbacks(execute=True):
        publication.save_revision().publish()
        assert purged == []  # not before the commit
    # Once, though publishing saves many records; this host only, all of it.
    assert purged == [["http://localhost/*"]]


def test_another_partnerships_change_purges_its_host_only(
    home, other_home, purged, django_capture_on_commit_callbacks
):
    partnership = Partnership.for_site(other_home.get_site())
    with django_capture_on_commit_callbacks(execute=True):
        MembershipFactory(post__body=BodyFactory(partnership=partnership))
    assert purged == [["http://southtees.localhost/*"]]


def test_unpublishing_purges(publication, purged, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publication.unpublish()
    assert purged == [["http://localhost/*"]]


def test_changes_rolled_back_purge_nothing(home, purged, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                StandardPageFactory(parent=home, title="Never saved")
                raise RuntimeError
        except RuntimeError:
            pass
    assert purged == []


def test_drafts_purge_nothing(publication, purged, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publication.title = "A draft title"
        publication.save_revision()
    assert purged == []


def test_readers_asking_for_an_accessible_format_cannot_purge_the_edge(
    client, publication, purged, django_capture_on_commit_callbacks
):
    from publications.models import AccessibleFormatRequest, PublicationDocumentLink
    from tests.factories.publications import PublicationDocumentFactory

    document = PublicationDocumentFactory(title="Scanned report", fully_accessible=False)
    publication.documents = [PublicationDocumentLink(document=document)]
    publication.save_revision().publish()
    url = reverse("publications:accessible_format", args=[document.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"name": "Sam Reader", "email": "sam@example.org", "format": "braille"})
    assert AccessibleFormatRequest.objects.exists()
    assert purged == []


def test_nothing_is_purged_without_an_edge(home, settings, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {}
    RecordingBackend.batches.clear()
    with django_capture_on_commit_callbacks(execute=True):
        StandardPageFactory(parent=home)
    assert RecordingBackend.batches == []


# --- the backends: "everything on this host" in each edge's terms --------------


class RecordingCache(BaseHTTPRequestHandler):
    """A cache in front of the site, keeping each request it is sent."""

    received = []

    def do_PURGE(self):  # http.server calls do_<METHOD>
        RecordingCache.received.append(("PURGE", self.path, self.headers["Host"]))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_varnish_is_sent_purge_star_with_the_host():
    RecordingCache.received.clear()
    with ThreadingHTTPServer(("127.0.0.1", 0), RecordingCache) as cache_server:
        thread = threading.Thread(target=cache_server.serve_forever, daemon=True)
        thread.start()
        try:
            port = cache_server.server_address[1]
            HTTPBackend({"LOCATION": f"http://127.0.0.1:{port}"}).purge_batch(
                ["https://a.example.org/*"]
            )
        finally:
            cache_server.shutdown()
    assert RecordingCache.received == [("PURGE", "/*", "a.example.org")]


def test_an_edge_that_refuses_the_purge_is_logged_not_raised(caplog):
    with ThreadingHTTPServer(("127.0.0.1", 0), RecordingCache) as cache_server:
        port = cache_server.server_address[1]
    # Nothing listens on that port any more.
    HTTPBackend({"LOCATION": f"http://127.0.0.1:{port}"}).purge("https://a.example.org/*")
    assert "Couldn't purge 'https://a.example.org/*' from the HTTP cache" in caplog.text


def test_cloudflare_purges_the_host_name(monkeypatch):
    calls = []

    def post(url, json, headers, timeout):
        calls.append((url, json, headers["Authorization"]))
        return SimpleNamespace(json=lambda: {"success": True}, status_code=200)

    monkeypatch.setattr(requests, "post", post)
    CloudflareBackend({"BEARER_TOKEN": "token", "ZONEID": "zone"}).purge_batch(
        ["https://a.example.org/*"]
    )
    assert calls == [
        (
            "https://api.cloudflare.com/client/v4/zones/zone/purge_cache",
            {"hosts": ["a.example.org"]},
            "Bearer token",
        )
    ]


def test_cloudflare_errors_are_logged_not_raised(monkeypatch, caplog):
    def post(*args, **kwargs):
        raise requests.ConnectionError("no route to host")

    monkeypatch.setattr(requests, "post", post)
    CloudflareBackend({"BEARER_TOKEN": "token", "ZONEID": "zone"}).purge_batch(
        ["https://a.example.org/*"]
    )
    assert "Couldn't purge a.example.org from Cloudflare" in caplog.text


def test_cloudfront_invalidates_everything_in_one_path(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    invalidations = []
    backend = CloudfrontBackend({"DISTRIBUTION_ID": "E2EXAMPLE"})
    backend.client = SimpleNamespace(create_invalidation=lambda **kw: invalidations.append(kw))
    backend.purge_batch(["https://a.example.org/*"])
    [invalidation] = invalidations
    assert invalidation["InvalidationBatch"]["Paths"] == {"Quantity": 1, "Items": ["/*"]}
