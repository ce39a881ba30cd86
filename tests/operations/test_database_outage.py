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
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from operations import outage
from site_core.models import Partnership, SafeguardingContacts
from tests.factories.site_core import make_site
from tests.helpers import silent_listener

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

# A reader in a process of its own (a worker started during the outage),
# printing what it got: through Django's test client, or through the WSGI
# application a server runs (config/wsgi.py).
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
    )
    env.pop("DATABASE_URL", None)
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


@pytest.mark.parametrize("database", ["down", "hanging"])
def test_a_worker_started_during_the_outage_gives_up_once_then_at_once(
    two_partnerships, outage_dir, database
):
    """A new worker, through the WSGI application a server runs, fails within
    the connect timeout the first time and at once after that, so pages that
    need the database cannot hold the workers (the edge serves what it keeps)."""
    with silent_listener() as hung:
        uncached, another = read_with_database_down(
            [("localhost", "/publications/"), ("eastsussex.localhost", "/")],
            outage_dir,
            through="server",
            database_port=hung if database == "hanging" else None,
        )
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
