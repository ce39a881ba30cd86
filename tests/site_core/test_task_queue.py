"""Background work on Django's tasks framework with the real queue
(django-tasks-db): emails, CDN purges and image renditions are queued by the
request and done by `manage.py db_worker`, so nobody waits for them."""

import io
import time
from unittest import mock

import pytest
import wagtail_factories
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail import send_mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from PIL import Image

from caching import edge
from site_core.images import RENDITION_SPECS
from tests.caching.test_edge_purge import RecordingBackend
from tests.factories.site_core import StandardPageFactory
from tests.helpers import silent_listener

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings):
    """The production queue: tasks wait in the database for a worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MAILERS = {
        "default": {"BACKEND": "operations.mail.QueuedEmailBackend"},
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }


def waiting(name):
    return DBTaskResult.objects.filter(task_path__endswith=name, status="READY").count()


def run_worker():
    # The worker closes connections it thinks are stale between tasks; inside
    # the test's transaction (autocommit off) PostgreSQL's would be closed
    # under the test, so that one housekeeping call is left out.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def test_emails_wait_for_the_worker(queue):
    send_mail("Subject", "Body", None, ["unit@example.org"])
    assert mail.outbox == []
    assert waiting("deliver_email") == 1
    run_worker()
    assert [m.to for m in mail.outbox] == [["unit@example.org"]]
    assert mail.outbox[0].subject == "Subject"
    assert waiting("deliver_email") == 0


def test_html_emails_keep_their_html(queue):
    from django.core.mail import EmailMultiAlternatives

    message = EmailMultiAlternatives("Hi", "Plain", None, ["a@example.org"])
    message.attach_alternative("<p>Rich</p>", "text/html")
    message.send()
    run_worker()
    assert mail.outbox[0].alternatives[0].content == "<p>Rich</p>"


def test_a_cdn_purge_waits_for_the_worker(
    queue, settings, home, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "default": {"BACKEND": "tests.caching.test_edge_purge.RecordingBackend"}
    }
    RecordingBackend.batches.clear()
    page = StandardPageFactory(parent=home, title="Neglect strategy")
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert RecordingBackend.batches == []  # the editor's request did not purge
    assert waiting("purge_sites") == 1
    run_worker()
    assert len(RecordingBackend.batches) >= 1
    RecordingBackend.batches.clear()


@pytest.fixture
def silent_cdn():
    """A purge endpoint that accepts connections and never answers."""
    with silent_listener(8) as port:
        yield f"http://127.0.0.1:{port}"


def test_an_unreachable_cdn_gives_up_within_the_timeout(settings, home, silent_cdn, caplog):
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "caching.edge.HTTPBackend",
            "LOCATION": silent_cdn,
        }
    }
    settings.CDN_PURGE_TIMEOUT = 0.5
    started = time.monotonic()
    edge.purge_sites.call([home.get_site().pk])
    assert time.monotonic() - started < 10


def png(width, height, mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def test_renditions_are_made_by_the_worker_not_the_upload(
    queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = wagtail_factories.ImageFactory(file__width=1600, file__height=900)
    assert image.renditions.count() == 0  # the upload returned without making them
    assert waiting("make_renditions_task") == 1
    run_worker()
    assert image.renditions.count() == len(RENDITION_SPECS)


@pytest.mark.ignore_template_errors
def test_an_image_too_big_to_resize_is_refused_with_a_message(admin_client):
    upload = SimpleUploadedFile("huge.png", png(11_000, 11_000, mode="1"), "image/png")
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"), {"files[]": upload, "title": "Huge"}
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["success"] is False
    assert "too many pixels" in answer["error_message"]
