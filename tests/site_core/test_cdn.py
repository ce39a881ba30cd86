"""A CDN in front of the site: told what it may keep, and purged, after the
commit and once per change, of every page that can show what changed."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
import requests
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.frontend_cache.backends import BaseBackend, CloudfrontBackend, HTTPBackend

from site_core.caching import cdn
from site_core.models import Partnership
from tests.factories.governance import (
    BodyFactory,
    GovernanceIndexPageFactory,
    MembershipFactory,
)
from tests.factories.publications import AnnualReportPageFactory, PublicationIndexPageFactory
from tests.factories.site_core import AlertBannerFactory, StandardPageFactory, make_site
from tests.helpers import restrict_to_board_members

pytestmark = pytest.mark.django_db


class RecordingBackend(BaseBackend):
    """Stands in for the CDN: keeps every batch it is asked to purge."""

    batches = []

    def purge_batch(self, urls):
        RecordingBackend.batches.append(sorted(urls))

    def purge(self, url):
        self.purge_batch([url])


@pytest.fixture
def purged(settings):
    settings.WAGTAILFRONTENDCACHE = {"default": {"BACKEND": f"{__name__}.RecordingBackend"}}
    RecordingBackend.batches.clear()
    cdn._due.purge = False  # nothing left over from another test's rolled-back changes
    yield RecordingBackend.batches
    RecordingBackend.batches.clear()


def covers(batch, url):
    return any(
        url == purged_url or (purged_url.endswith("/*") and url.startswith(purged_url[:-1]))
        for purged_url in batch
    )


@pytest.fixture
def publication(home):
    index = PublicationIndexPageFactory(parent=home)
    return AnnualReportPageFactory(parent=index, title="Annual report 2024 to 2025")


def test_publishing_a_publication_purges_it_and_every_listing_once(
    publication, home, purged, django_capture_on_commit_callbacks
):
    publication.title = "Annual report 2024 to 2025 (corrected)"
    with django_capture_on_commit_callbacks(execute=True):
        publication.save_revision().publish()
        assert purged == []  # not before the commit

    assert len(purged) == 1  # one purge, though publishing saves many records
    [batch] = purged
    index = publication.get_parent()
    for url in (publication.full_url, index.full_url, home.full_url):
        assert covers(batch, url)
    # Listings with query strings, feeds, open data and the sitemap too.
    for path in ("/publications/?type=annual-report&page=2", "/feeds/publications.rss"):
        assert covers(batch, f"http://localhost{path}")
    for path in ("/governance.json", "/governance.csv", "/sitemap.xml"):
        assert covers(batch, f"http://localhost{path}")


def test_unpublishing_purges_the_page_and_its_listings(
    publication, home, purged, django_capture_on_commit_callbacks
):
    url, index_url = publication.full_url, publication.get_parent().full_url
    with django_capture_on_commit_callbacks(execute=True):
        publication.unpublish()
    [batch] = purged
    assert covers(batch, url) and covers(batch, index_url) and covers(batch, home.full_url)


def test_a_governance_record_change_purges_the_governance_pages(
    home, purged, django_capture_on_commit_callbacks
):
    governance = GovernanceIndexPageFactory(parent=home)
    body = BodyFactory(partnership=Partnership.for_site(home.get_site()), slug="tscp")
    with django_capture_on_commit_callbacks(execute=True):
        MembershipFactory(post__body=body)
    [batch] = purged
    for url in (
        governance.full_url,
        governance.full_url + "bodies/tscp/",
        "http://localhost/governance.json",
    ):
        assert covers(batch, url)


def test_every_site_is_purged(home, purged, django_capture_on_commit_callbacks):
    other = make_site(hostname="eastsussex.localhost", default=False, title="East Sussex")
    with django_capture_on_commit_callbacks(execute=True):
        StandardPageFactory(parent=home, title="Neglect strategy")
    [batch] = purged
    assert batch == ["http://eastsussex.localhost/*", "http://localhost/*"]
    assert covers(batch, other.root_page.full_url)


def test_changes_rolled_back_purge_nothing(home, purged, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                StandardPageFactory(parent=home, title="Never saved")
                raise RuntimeError
        except RuntimeError:
            pass
    assert purged == []


@pytest.mark.ignore_template_errors
def test_a_request_purges_once_after_its_changes(
    publication, admin_client, purged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtailadmin_pages:unpublish", args=[publication.pk]), {}
        )
    assert response.status_code == 302
    publication.refresh_from_db()
    assert not publication.live
    assert len(purged) == 1


def test_readers_asking_for_an_accessible_format_cannot_purge_the_cdn(
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


def test_nothing_is_purged_without_a_cdn(home, settings, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {}
    RecordingBackend.batches.clear()
    with django_capture_on_commit_callbacks(execute=True):
        StandardPageFactory(parent=home)
    assert RecordingBackend.batches == []


# --- Cache-Control -----------------------------------------------------------


def directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


def assert_private(response):
    assert {"private", "no-store"} <= directives(response)
    assert "public" not in directives(response)
    assert not any(part.startswith("s-maxage") for part in directives(response))


def test_public_pages_may_be_kept_by_a_cdn_as_long_as_by_the_page_cache(client, home, page_cache):
    first = client.get(home.url)
    second = client.get(home.url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert directives(first) == {"public", "max-age=0", "s-maxage=300"}
    # From the cache: what is left of the cached copy's life, no more.
    [s_maxage] = [part for part in directives(second) if part.startswith("s-maxage=")]
    assert 295 <= int(s_maxage.split("=")[1]) <= 300
    assert {"public", "max-age=0"} < directives(second)


def test_a_cdn_keeps_a_page_no_longer_than_until_a_scheduled_alert_starts(client, home, page_cache):
    client.get(home.url)  # the next change is worked out per generation...
    AlertBannerFactory(  # ...and a new banner makes a new one
        message="<p>Starts soon</p>", starts_at=timezone.now() + timedelta(seconds=90)
    )
    for response in (client.get(home.url), client.get(home.url)):
        [s_maxage] = [part for part in directives(response) if part.startswith("s-maxage=")]
        assert 0 < int(s_maxage.split("=")[1]) <= 90


def test_members_only_pages_are_never_public(client, page_cache, members_only):
    page, member = members_only

    anonymous = client.get(page.url)
    assert anonymous.status_code == 302
    assert_private(anonymous)
    client.force_login(member)
    response = client.get(page.url)
    assert response.status_code == 200
    assert_private(response)


def test_the_members_area_is_never_public(client, login_as, home, django_user_model):
    from tests.factories.governance import MembersAreaPageFactory
    from tests.helpers import board_members_group

    governance = GovernanceIndexPageFactory(parent=home)
    members_page = MembersAreaPageFactory(parent=governance)
    restrict_to_board_members(members_page)
    assert_private(client.get(members_page.url))
    member = django_user_model.objects.create_user("member", password="x")
    member.groups.add(board_members_group())
    login_as(client, member)
    response = client.get(members_page.url)
    assert response.status_code == 200
    assert_private(response)


def test_signed_in_people_get_private_pages(client, home, page_cache, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    assert_private(client.get(home.url))


def test_forms_and_errors_are_private(client, home, page_cache):
    sign_in = client.get("/_util/login/")
    assert sign_in.status_code == 200
    assert sign_in.cookies  # the CSRF cookie
    assert_private(sign_in)
    assert_private(client.get("/no-such-page/"))


def test_views_that_choose_their_own_caching_keep_it(client, home, page_cache):
    response = client.get("/governance.json")
    assert directives(response) == {"public", "max-age=600"}


# --- the backends: "everything on this host" in each CDN's terms --------------


def test_cloudflare_purges_the_host_names(monkeypatch):
    calls = []

    def post(url, json, headers, timeout):
        calls.append((url, json, headers["Authorization"]))
        return SimpleNamespace(json=lambda: {"success": True}, status_code=200)

    monkeypatch.setattr(requests, "post", post)
    backend = cdn.CloudflareBackend({"BEARER_TOKEN": "token", "ZONEID": "zone"})
    backend.purge_batch(["https://a.example.org/*", "https://b.example.org/*"])
    assert calls == [
        (
            "https://api.cloudflare.com/client/v4/zones/zone/purge_cache",
            {"hosts": ["a.example.org", "b.example.org"]},
            "Bearer token",
        )
    ]


def test_cloudflare_errors_are_logged_not_raised(monkeypatch, caplog):
    def post(*args, **kwargs):
        raise requests.ConnectionError("no route to host")

    monkeypatch.setattr(requests, "post", post)
    cdn.CloudflareBackend({"BEARER_TOKEN": "token", "ZONEID": "zone"}).purge_batch(
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
    backend.purge_batch(["https://a.example.org/*", "https://b.example.org/*"])
    [invalidation] = invalidations
    assert invalidation["DistributionId"] == "E2EXAMPLE"
    assert invalidation["InvalidationBatch"]["Paths"] == {"Quantity": 1, "Items": ["/*"]}


def test_an_http_cache_is_sent_purge_star_for_each_host(monkeypatch):
    from wagtail.contrib.frontend_cache.backends import http

    sent = []
    monkeypatch.setattr(
        http,
        "urlopen",
        lambda request: sent.append(
            (request.get_method(), request.full_url, request.get_header("Host"))
        ),
    )
    HTTPBackend({"LOCATION": "http://127.0.0.1:6081"}).purge_batch(
        ["https://a.example.org/*", "https://b.example.org/*"]
    )
    assert sent == [
        ("PURGE", "http://127.0.0.1:6081/*", "a.example.org"),
        ("PURGE", "http://127.0.0.1:6081/*", "b.example.org"),
    ]
