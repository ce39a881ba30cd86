"""Indexing for search never fails the save that asked for it
(site_core/search_backend.py): the object is kept, the editor sees it saved,
and the failure is logged for the queued update to put right."""

import logging
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from modelsearch.backends.base import BaseIndex
from wagtail.models import Collection
from wagtail.search.backends import get_search_backend

from publications.models import PublicationDocument, Topic
from tests.factories.publications import make_pdf_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]

# What a second process inserting the same index row at the same moment raises.
DUPLICATE_ROW = IntegrityError("UNIQUE constraint failed: index entry")


@pytest.fixture
def failing_index_writes(caplog):
    caplog.set_level(logging.ERROR, logger="site_core.search_backend")
    with mock.patch.object(BaseIndex, "add_item", side_effect=DUPLICATE_ROW) as add_item:
        yield caplog
    assert add_item.called  # the index really was written to, and failed


def test_an_upload_whose_index_write_fails_is_saved_once(
    client, admin_user, login_as, site, media_root, failing_index_writes
):
    login_as(client, admin_user)
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Annual report",
            "file": SimpleUploadedFile("report.pdf", make_pdf_bytes(2)),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302  # saved, and on to the listing
    assert list(PublicationDocument.objects.values_list("title", flat=True)) == ["Annual report"]
    assert "Could not index" in failing_index_writes.text
    # The request's transaction is still usable after the failed write (on
    # PostgreSQL an error outside a savepoint would abort it).
    assert client.get(reverse("wagtaildocs:index")).status_code == 200


def test_a_snippet_whose_index_write_fails_is_saved(
    client, admin_user, login_as, site, failing_index_writes
):
    login_as(client, admin_user)
    response = client.post(
        reverse("wagtailsnippets_publications_topic:add"),
        {"name": "Neglect", "slug": "neglect", "description": ""},
    )
    assert response.status_code == 302
    assert Topic.objects.filter(slug="neglect").exists()


def test_an_index_write_that_succeeds_is_found(site):
    topic = Topic.objects.create(name="Neglect", slug="neglect")
    get_search_backend().add(topic)
    assert list(get_search_backend().search("neglect", Topic)) == [topic]
