"""The embedded default keeps every save: SQLite as `make run` runs it, the
site (runserver) and the worker (db_worker) writing to one database file.

Fifty admin saves at once all succeed: no 5xx, no "database is locked",
nothing lost and nothing made twice. They are an Editor's "Submit for
approval" of draft pages (a long transaction that reads before it writes, and
queues mail for the worker), new topics, and document uploads (which index
themselves for search in the request while the worker indexes them too).
"""

import socket
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.test import Client
from wagtail.models import Collection, Page, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from tests.factories.publications import make_pdf_bytes
from tests.factories.site_core import StandardPageFactory
from tests.helpers import sign_in_with_second_factor

ROOT = Path(__file__).resolve().parents[2]
SAVES = 50
# Editors at work at the same moment: as many as runserver queues connections
# for (more are refused by the socket before the site sees them).
AT_ONCE = 10
CSRF = "x" * 32  # any 32 characters: the cookie and the form carry the same

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(*command, env):
    return subprocess.Popen(  # noqa: S603 - our own manage.py, with fixed arguments
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_until_served(base, server, seconds=40):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "runserver stopped"
        try:
            requests.get(f"{base}/{settings.WAGTAIL_ADMIN_PATH}/login/", timeout=2)
            return
        except requests.ConnectionError:
            time.sleep(0.3)
    pytest.fail("runserver did not answer")


@pytest.fixture
def database_file(home, admin_user, editor, tmp_path):
    """This test's database (a site with draft pages, a superuser and an
    Editor, each signed in), copied to a file that the server and the worker
    then share; the sessions' keys."""
    if connection.vendor != "sqlite":
        pytest.skip("the embedded default is SQLite")
    for number in range(2, SAVES, 3):
        StandardPageFactory(
            parent=home, title=f"Draft {number}", slug=f"draft-{number}", live=False
        )
    sessions = {}
    for user in (admin_user, editor):
        signed_in = sign_in_with_second_factor(Client(), user)
        sessions[user.username] = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    path = tmp_path / "site.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    return path, sessions


@pytest.fixture
def site_and_worker(database_file, tmp_path):
    path, sessions = database_file
    port = _free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{path}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SECRET_KEY": settings.SECRET_KEY,  # the session was signed with it
        "ADMIN_PATH": settings.WAGTAIL_ADMIN_PATH,
    }
    # The development cache is a table of that database. `migrate` makes it
    # under the development settings; this database was migrated under the
    # test settings' cache, so it is made here.
    subprocess.run([sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    worker = _start("db_worker", "--no-reload", "--no-startup-delay", env=env)
    server = _start("runserver", "--noreload", f"127.0.0.1:{port}", env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_served(base, server)
        assert worker.poll() is None, "db_worker stopped"
        yield base, sessions, path
    finally:
        for process in (server, worker):
            process.terminate()
            process.wait(timeout=10)


def _save(base, sessions, number, pdf, collection, drafts):
    """Save number ``number``: a page submitted, a topic or a document; its status."""
    admin = f"{base}/{settings.WAGTAIL_ADMIN_PATH}"
    form, files, user = {"csrfmiddlewaretoken": CSRF}, None, "admin"
    if number % 3 == 2:
        page = drafts[f"Draft {number}"]
        url, user = f"{admin}/pages/{page.pk}/edit/", "eddie"
        form |= nested_form_data(
            {
                "title": f"Draft {number} (for approval)",
                "slug": page.slug,
                "summary": "A summary.",
                "body": streamfield([]),
                "next_review_due": "2027-11-01",
                "comments": inline_formset([]),
                "action-submit": "action-submit",
            }
        )
    elif number % 3 == 1:
        url = f"{admin}/snippets/publications/topic/add/"
        form |= {"name": f"Topic {number}", "slug": f"topic-{number}", "description": ""}
    else:
        url = f"{admin}/documents/add/"
        form |= {"title": f"Report {number}", "collection": str(collection)}
        files = {"file": (f"report-{number}.pdf", pdf, "application/pdf")}
    cookies = {settings.SESSION_COOKIE_NAME: sessions[user], settings.CSRF_COOKIE_NAME: CSRF}
    response = requests.post(
        url, data=form, files=files, cookies=cookies, allow_redirects=False, timeout=55
    )
    return response.status_code, response.headers.get("Location", "").split("?")[0]


@pytest.mark.ignore_template_errors
def test_fifty_admin_saves_at_once_beside_the_worker_all_keep(site_and_worker, home):
    base, sessions, path = site_and_worker
    pdf, collection = make_pdf_bytes(1), Collection.get_first_root_node().pk
    drafts = {page.title: page for page in Page.objects.filter(title__startswith="Draft")}
    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        saves = pool.map(lambda n: _save(base, sessions, n, pdf, collection, drafts), range(SAVES))
        statuses = list(saves)

    # Saved, and on to a listing: not the form again (200), not the sign-in
    # page, not a failure (5xx).
    admin = f"/{settings.WAGTAIL_ADMIN_PATH}/"
    listings = {
        f"{admin}documents/",
        f"{admin}snippets/publications/topic/",
        f"{admin}pages/{home.pk}/",
    }
    assert [status for status, _ in statuses] == [302] * SAVES, statuses
    assert {location for _, location in statuses} == listings
    with sqlite3.connect(path) as saved:
        topics = saved.execute("SELECT name FROM publications_topic").fetchall()
        documents = saved.execute("SELECT title FROM publications_publicationdocument").fetchall()
        submitted = saved.execute(
            "SELECT wagtailcore_page.title FROM wagtailcore_workflowstate"
            " JOIN wagtailcore_page ON wagtailcore_page.id = CAST(object_id AS INTEGER)"
            " WHERE status = ?",
            [WorkflowState.STATUS_IN_PROGRESS],
        ).fetchall()
    assert sorted(topics) == sorted((f"Topic {n}",) for n in range(1, SAVES, 3))
    assert sorted(documents) == sorted((f"Report {n}",) for n in range(0, SAVES, 3))
    assert sorted(submitted) == sorted((f"Draft {n} (for approval)",) for n in range(2, SAVES, 3))
