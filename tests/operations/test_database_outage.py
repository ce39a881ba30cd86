"""With the database unreachable, a reader still learns who to call.

Cached pages serve from Redis; anything else is a 503 that names the
partnership and shows 999 and its own numbers, as they were last saved,
read without the database. The outage is real: a separate process whose
DATABASE points at a port where nothing listens.
"""

import json
import os
import socket
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from config.settings.base import redis_cache
from operations import outage
from site_core.models import Partnership, SafeguardingContacts
from tests.factories.site_core import StandardPageFactory, make_site
from tests.helpers import require_redis, silent_listener

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/15"
ROOT = Path(__file__).resolve().parents[2]

# A reader in a process of its own (a worker started during the outage),
# printing what it got: through Django's test client, or through the WSGI
# application a server runs (config/wsgi.py: the page cache's door first).
READER = """
import json, sys, time
from wsgiref.util import setup_testing_defaults
import django
django.setup()
from django.test import Client

def through_the_server(host, path):
    from config.wsgi import application
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "HTTP_HOST": host}
    setup_testing_defaults(environ)
    got = {}
    def start_response(status, headers, exc_info=None):
        got.update(status=int(status.split()[0]), headers=dict(headers))
    body = b"".join(application(environ, start_response)).decode()
    return got["status"], body, got["headers"]

def through_the_client(host, path):
    response = Client(raise_request_exception=False).get(path, HTTP_HOST=host)
    return response.status_code, response.content.decode(), response.headers

read = through_the_server if sys.argv[2] == "server" else through_the_client
answers = []
for host, path in json.loads(sys.argv[1]):
    started = time.monotonic()
    status, body, headers = read(host, path)
    answers.append({
        "status": status,
        "body": body,
        "cache": headers.get("X-Page-Cache", ""),
        "retry_after": headers.get("Retry-After", ""),
        "seconds": time.monotonic() - started,
    })
print(json.dumps(answers))
"""


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def read_with_database_down(
    requests,
    outage_dir,
    redis_prefix=None,
    page_cache_seconds=0,
    through="client",
    database_port=None,
):
    """What a new process gets for ``requests`` while PostgreSQL at
    ``database_port`` (by default a port where nothing listens) is down."""
    port = database_port or closed_port()
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.operations.outage_settings",
        OUTAGE_DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/nowhere",
        OUTAGE_DIR=str(outage_dir),
        PAGE_CACHE_SECONDS=str(page_cache_seconds),
    )
    env.pop("DATABASE_URL", None)
    if redis_prefix:
        env.update(OUTAGE_REDIS_URL=REDIS_URL, OUTAGE_CACHE_PREFIX=redis_prefix)
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", READER, json.dumps(requests), through],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def outage_dir(tmp_path, settings):
    settings.OUTAGE_DIR = str(tmp_path / "outage")
    return tmp_path / "outage"


@pytest.fixture
def two_partnerships(outage_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sunderland = make_site(hostname="localhost")
        other = make_site(hostname="eastsussex.localhost", default=False, title="East Testshire")
        contacts = SafeguardingContacts.objects.get(site=other)
        contacts.front_door_phone = "01632 960 123"
        contacts.out_of_hours_phone = "01632 960 456"
        contacts.save()
        partnership = Partnership.objects.get(site=other)
        partnership.name = "East Testshire Safeguarding Children Partnership"
        partnership.save()
    return sunderland, other


def test_every_other_page_is_a_503_with_that_partnerships_numbers(two_partnerships, outage_dir):
    east, south = read_with_database_down(
        [("eastsussex.localhost", "/publications/"), ("localhost", "/")], outage_dir
    )
    assert east["status"] == 503, east["body"][-2000:]
    assert east["retry_after"]
    assert "East Testshire Safeguarding Children Partnership" in east["body"]
    assert 'href="tel:999"' in east["body"]
    assert "01632 960 123" in east["body"]  # its children's services
    assert "01632 960 456" in east["body"]  # its out-of-hours line
    assert "0191 498 0000" not in east["body"]  # never another partnership's
    assert south["status"] == 503
    assert "0191 498 0000" in south["body"]
    assert "01632 960 123" not in south["body"]


def test_an_unknown_host_gets_the_default_sites_numbers(two_partnerships, outage_dir):
    (answer,) = read_with_database_down([("nowhere.localhost", "/")], outage_dir)
    assert answer["status"] == 503
    assert "0191 498 0000" in answer["body"]


def test_with_no_snapshot_at_all_999_and_childline_still_show(tmp_path):
    (answer,) = read_with_database_down([("localhost", "/")], tmp_path / "empty")
    assert answer["status"] == 503
    assert 'href="tel:999"' in answer["body"]
    assert "0800 1111" in answer["body"]


def test_saving_the_contacts_rewrites_the_snapshot(
    two_partnerships, outage_dir, django_capture_on_commit_callbacks
):
    _, other = two_partnerships
    contacts = SafeguardingContacts.objects.get(site=other)
    contacts.front_door_phone = "01632 960 999"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        contacts.save()
    # Not before the commit: a rolled-back save must not change the numbers shown.
    assert outage.snapshot_for("eastsussex.localhost")["contacts"]["front_door_phone"] == (
        "01632 960 123"
    )
    for callback in callbacks:  # the commit
        callback()
    snapshot = json.loads((outage_dir / "eastsussex.localhost.json").read_text())
    assert snapshot["contacts"]["front_door_phone"] == "01632 960 999"
    assert outage.snapshot_for("EastSussex.localhost:8000")["contacts"]["front_door_phone"] == (
        "01632 960 999"
    )


def test_a_host_cannot_name_a_file_outside_the_folder(two_partnerships, outage_dir):
    (outage_dir.parent / "secret.json").write_text('{"partnership": "leaked"}')
    assert outage.snapshot_for("../secret")["partnership"] != "leaked"


def test_cached_pages_still_serve_from_redis(two_partnerships, outage_dir, client):
    require_redis(REDIS_URL)
    sunderland, _ = two_partnerships
    page = StandardPageFactory(parent=sunderland.root_page, title="Who to call")
    prefix = f"outage-test-{uuid.uuid4().hex}"
    caches = redis_cache(REDIS_URL)
    caches["default"]["KEY_PREFIX"] = prefix
    with override_settings(CACHES=caches, PAGE_CACHE_SECONDS=300):
        try:
            first = client.get(page.url, HTTP_HOST="localhost")
            assert first["X-Page-Cache"] == "miss"
            cached, uncached = read_with_database_down(
                [("localhost", page.url), ("localhost", "/publications/")],
                outage_dir,
                redis_prefix=prefix,
                page_cache_seconds=300,
            )
        finally:
            cache.clear()
    assert cached["status"] == 200
    assert cached["cache"] == "hit"
    assert "Who to call" in cached["body"]
    assert uncached["status"] == 503
    assert "0191 498 0000" in uncached["body"]


@pytest.mark.parametrize("database", ["down", "hanging"])
def test_a_worker_started_during_the_outage_serves_pages_kept_before(
    two_partnerships, outage_dir, client, database
):
    """A new worker, through the WSGI application a server runs, answers a
    page kept before the outage at once; a page it must render fails within
    the connect timeout the first time and at once after that, so such pages
    cannot hold the workers that serve kept ones."""
    require_redis(REDIS_URL)
    sunderland, _ = two_partnerships
    path = StandardPageFactory(parent=sunderland.root_page, title="Who to call").get_url_parts()[2]
    prefix = f"outage-test-{uuid.uuid4().hex}"
    caches = redis_cache(REDIS_URL)
    caches["default"]["KEY_PREFIX"] = prefix
    with override_settings(CACHES=caches, PAGE_CACHE_SECONDS=300), silent_listener() as hung:
        try:
            assert client.get(path, HTTP_HOST="localhost")["X-Page-Cache"] == "miss"
            # Only the page and the generation tokens are left: what else was
            # kept (which site a host name is, fragments) has its own lifetime
            # and may be gone, or evicted, by the time the database goes.
            kept_else = [key for key in cache.keys("*") if not key.startswith("page-cache:")]
            assert any("site-id-for" in key for key in kept_else)
            cache.delete_many(kept_else)
            kept, uncached, another, kept_again = read_with_database_down(
                [
                    ("localhost", path),
                    ("localhost", "/publications/"),
                    ("eastsussex.localhost", "/"),
                    ("localhost", path),
                ],
                outage_dir,
                redis_prefix=prefix,
                page_cache_seconds=300,
                through="server",
                database_port=hung if database == "hanging" else None,
            )
        finally:
            cache.delete_pattern("*")
    for answer in (kept, kept_again):
        assert answer["status"] == 200
        assert answer["cache"] == "hit"
        assert "Who to call" in answer["body"]
        assert answer["seconds"] < 1
    assert uncached["status"] == 503
    assert "0191 498 0000" in uncached["body"]
    assert uncached["seconds"] < 2 + 2  # libpq's connect timeout (its least), and the rendering
    assert another["status"] == 503
    assert "01632 960 123" in another["body"]  # East Testshire's own number
    assert another["seconds"] < 1  # not asked again so soon


def test_a_mistake_in_sql_is_an_error_not_an_outage(two_partnerships, rf):
    """An editor who meets a bug sees "something went wrong", not the page
    telling readers the site is down; the partnership's numbers show on both."""
    from operations.views import server_error

    with (
        pytest.raises(DatabaseError) as raised,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT no_such_column FROM wagtailcore_site")
    assert not outage.is_database_outage(raised.value)
    try:
        raise raised.value
    except DatabaseError:
        response = server_error(rf.get("/", HTTP_HOST="eastsussex.localhost"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, something went wrong" in body
    assert "not working at the moment" not in body
    assert "01632 960 123" in body
    assert 'href="tel:999"' in body


def test_a_locked_sqlite_file_is_an_outage(tmp_path):
    """SQLite's own "not just now" (busy, locked, cannot open) counts as the
    database being unavailable; its "no such column" does not."""
    path = tmp_path / "site.sqlite3"
    first, second = sqlite3.connect(path, timeout=0), sqlite3.connect(path, timeout=0)
    first.execute("BEGIN IMMEDIATE")
    with pytest.raises(sqlite3.OperationalError) as locked:
        second.execute("BEGIN IMMEDIATE")
    with pytest.raises(sqlite3.OperationalError) as mistaken:
        second.execute("SELECT no_such_column")
    first.close()
    second.close()
    assert outage.is_database_outage(locked.value)
    assert not outage.is_database_outage(mistaken.value)
