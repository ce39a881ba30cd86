"""Site search finds the words inside a partnership's public documents, never
inside members' papers or another partnership's documents.

The documents here are public because an Approver published them on their own
(``published_on_its_own``); tests/security/test_document_publicity.py covers
documents made public by the pages that use them."""

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import override_settings

from demo.pdf import render_pdf
from publications.document_text import read_document_text
from publications.models import PublicationDocument
from site_core import tenancy
from tests.factories.publications import PublicationDocumentFactory
from tests.factories.site_core import make_site

pytestmark = pytest.mark.django_db

WORD = "quillwort"  # a word no page of the test site uses


def results(client, query, host="localhost"):
    response = client.get("/search/", {"q": query}, HTTP_HOST=host)
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        (
            item.select_one(".search-result__type").get_text(strip=True),
            item.select_one(".search-result__title a").get_text(strip=True),
            item.select_one(".search-result__title a")["href"],
            item.get_text(" ", strip=True),
        )
        for item in soup.select(".search-result")
    ]


def test_a_word_inside_a_public_pdf_finds_the_document_labelled_as_one(client, partnership):
    document = PublicationDocumentFactory(
        title="Neglect strategy",
        collection=tenancy.public_documents_collection(partnership),
        published_on_its_own=True,
        pdf_text=f"Our plan mentions {WORD} once, on its first page.",
    )
    found = results(client, WORD)
    assert [(kind, title, url) for kind, title, url, _ in found] == [
        ("Document", "Neglect strategy", document.url)
    ]
    # The reader sees where in the document the word is, and what it is.
    assert f"Our plan mentions {WORD} once" in found[0][3]
    assert "PDF" in found[0][3]


def test_words_of_two_pages_of_a_pdf_must_all_be_in_it(client, partnership):
    PublicationDocumentFactory(
        collection=tenancy.public_documents_collection(partnership),
        published_on_its_own=True,
        pdf_text=f"A {WORD} grows by the pond.",
    )
    assert [title for _, title, _, _ in results(client, f"{WORD} pond")]
    assert results(client, f"{WORD} elephant") == []


def test_members_papers_are_never_found_by_their_words(client, partnership):
    PublicationDocumentFactory(
        title="Board paper on funding",
        collection=tenancy.members_papers_collection(partnership),
        pdf_text=f"Confidential: {WORD} budget figures.",
    )
    assert results(client, WORD) == []
    # Nor by the public API's search, which uses the same index.
    listed = client.get("/api/v2/documents/", {"search": WORD}).json()
    assert listed["items"] == []


def test_a_document_moved_to_members_papers_is_no_longer_found(client, partnership):
    document = PublicationDocumentFactory(
        collection=tenancy.public_documents_collection(partnership),
        published_on_its_own=True,
        pdf_text=f"Minutes that mention {WORD}.",
    )
    assert len(results(client, WORD)) == 1
    document.collection = tenancy.members_papers_collection(partnership)
    document.save()
    assert results(client, WORD) == []


def test_another_partnership_public_documents_stay_on_its_own_site(client, partnership):
    other = make_site(hostname="other.localhost", default=False, title="Otherland")
    from site_core.models import Partnership

    PublicationDocumentFactory(
        title="Otherland report",
        collection=tenancy.public_documents_collection(Partnership.for_site(other)),
        published_on_its_own=True,
        pdf_text=f"Otherland's {WORD}.",
    )
    assert results(client, WORD) == []
    assert [t for _, t, _, _ in results(client, WORD, host="other.localhost")] == [
        "Otherland report"
    ]


def test_replacing_the_file_replaces_the_words_found(client, partnership):
    document = PublicationDocumentFactory(
        collection=tenancy.public_documents_collection(partnership),
        published_on_its_own=True,
        pdf_text=f"The first version says {WORD}.",
    )
    document.file.save(
        "second.pdf",
        ContentFile(render_pdf("Second", [("Second", ["The second version says bladderwrack."])])),
        save=False,
    )
    document.save()
    assert results(client, WORD) == []
    assert [t for _, t, _, _ in results(client, "bladderwrack")] == [document.title]


def test_the_words_are_read_by_a_task_not_while_the_editor_waits(partnership):
    """With a real queue, saving only enqueues the reading; the worker reads."""
    dummy = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        from django.tasks import default_task_backend

        document = PublicationDocumentFactory(
            collection=tenancy.public_documents_collection(partnership),
            published_on_its_own=True,
            pdf_text=f"Read later: {WORD}.",
        )
        document.refresh_from_db()
        assert document.text == ""
        queued = [r for r in default_task_backend.results if r.task.name == "read_document_text"]
        assert [r.args for r in queued] == [[document.pk]]
    read_document_text.call(document.pk)
    document.refresh_from_db()
    assert WORD in document.text


def test_documents_uploaded_before_reading_existed_are_read_by_the_command(client, partnership):
    document = PublicationDocumentFactory(
        collection=tenancy.public_documents_collection(partnership),
        published_on_its_own=True,
        pdf_text=f"An old upload about {WORD}.",
    )
    PublicationDocument.objects.filter(pk=document.pk).update(text="", text_hash="")
    document.refresh_from_db()
    from wagtail.search.index import insert_or_update_object

    insert_or_update_object(document)  # indexed as it was, without its words
    assert results(client, WORD) == []
    call_command("read_document_texts", stdout=StringIO())
    assert [t for _, t, _, _ in results(client, WORD)] == [document.title]


def test_a_document_renamed_is_found_by_its_new_title_at_once(client, partnership, home):
    document = PublicationDocumentFactory(
        title="Neglect strategy",
        collection=tenancy.public_documents_collection(partnership),
        published_on_its_own=True,
        pdf_text=f"Our plan mentions {WORD} once.",
    )
    assert [title for _, title, _, _ in results(client, WORD)] == ["Neglect strategy"]
    document.title = "Renamed strategy"
    document.save()
    assert [title for _, title, _, _ in results(client, WORD)] == ["Renamed strategy"]
