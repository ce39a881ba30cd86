"""With the database unreachable, a reader still learns who to call.

Cached pages serve from Redis; anything else is a 503 that names the
partnership and shows 999 and its own numbers, as they were last saved,
read without the database. The outage is real: a separate process whose
DATABASE points at a port where nothing listens.
"""

import json
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import override_settings

from config.settings.base import redis_cache
from site_core import outage
from site_core.models import Partnership, SafeguardingContacts
from tests.factories.site_core import StandardPageFactory, make_site
from tests.helpers import require_redis

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/15"
ROOT = Path(__file__).resolve().parents[2]

# Django's test client in a process of its own, printing what a reader got.
READER = """
import json, os, sys
import django
django.setup()
from django.test import Client
answers = []
for host, path in json.loads(sys.argv[1]):
    response = Client(raise_request_exception=False).get(path, HTTP_HOST=host)
    answers.append({
        "status": response.status_code,
        "body": response.content.decode(),
        "cache": response.get("X-Page-Cache", ""),
        "retry_after": response.get("Retry-After", ""),
    })
print(json.dumps(answers))
"""


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def read_with_database_down(requests, outage_dir, redis_prefix=None, page_cache_seconds=0):
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.site_core.outage_settings",
        OUTAGE_DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port()}/nowhere",
        OUTAGE_DIR=str(outage_dir),
        PAGE_CACHE_SECONDS=str(page_cache_seconds),
    )
    env.pop("DATABASE_URL", None)
    if redis_prefix:
        env.update(OUTAGE_REDIS_URL=REDIS_URL, OUTAGE_CACHE_PREFIX=redis_prefix)
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", READER, json.dumps(requests)],
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
