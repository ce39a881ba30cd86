"""A document is public only while a published public page (or a public
meeting) uses it, or once an Approver has published it on its own; and only on
its own partnership's host (publications.publicity)."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from publications.models import PublicationDocument, PublicationDocumentLink
from site_core import tenancy
from site_core.models import StandardPage
from site_core.roles import Role
from tests.factories import pdfs
from tests.factories.publications import PublicationDocumentFactory, PublicationIndexPageFactory
from tests.factories.site_core import StandardPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]

WORD = "quillwort"  # in the PDF's text only, never in a page


@pytest.fixture(autouse=True)
def _media(media_root):
    """Uploaded and imported files go to the test's own folder."""


def reachable(document, host="localhost"):
    """What an anonymous reader gets of ``document`` on ``host``, by every address."""
    reader = Client()
    url = document.url
    served = reader.get(url, HTTP_HOST=host)
    listing = reader.get("/api/v2/documents/", HTTP_HOST=host).json()["items"]
    api_search = reader.get("/api/v2/documents/", {"search": WORD}, HTTP_HOST=host).json()
    detail = reader.get(f"/api/v2/documents/{document.pk}/", HTTP_HOST=host)
    search = reader.get("/search/", {"q": WORD}, HTTP_HOST=host).content.decode()
    feed = reader.get("/feeds/publications.rss", HTTP_HOST=host).content.decode()
    sitemap = reader.get("/sitemap.xml", HTTP_HOST=host).content.decode()
    return {
        "file": served.status_code == 200
        and b"".join(served.streaming_content).startswith(b"%PDF"),
        "api listing": document.pk in [item["id"] for item in listing],
        "api search": document.pk in [item["id"] for item in api_search["items"]],
        "api detail": detail.status_code == 200,
        "site search": url in search,
        "feed": url in feed,
        "sitemap": url in sitemap,
    }


NOWHERE = dict.fromkeys(
    ["file", "api listing", "api search", "api detail", "site search", "feed", "sitemap"], False
)
# Feeds and the sitemap list pages, never files: a public document is found by the rest.
EVERYWHERE = {**NOWHERE, "file": True, "api listing": True, "api search": True}
EVERYWHERE |= {"api detail": True, "site search": True}


def edit(client, page, action=None, document=None, title=None):
    """The page editor's form, as an editor fills it in, adding ``document``."""
    body = [("document", {"document": document.pk, "title": ""})] if document else []
    data = {
        "title": title or page.title,
        "slug": page.slug,
        "summary": "A summary.",
        "body": streamfield(body),
        "next_review_due": "2027-11-01",
        "comments": inline_formset([]),
    }
    if action:
        data[action] = action
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.id]), nested_form_data(data))


def upload(partnership, title="Neglect strategy"):
    """A PDF uploaded to the partnership's public documents, as the uploaders do."""
    return PublicationDocumentFactory(
        title=title,
        collection=tenancy.public_documents_collection(partnership),
        pdf_text=f"The strategy mentions {WORD} once.",
    )


@pytest.fixture
def approver(make_user):
    return make_user("april", Role.APPROVERS)


@pytest.fixture
def staff(client, login_as, editor):
    return login_as(client, editor)


# -- Each kind of unapproved PDF -------------------------------------------------------


def a_drafts_pdf(staff, home, partnership, approver, tmp_path):
    page = StandardPageFactory(parent=home, title="Neglect", live=False)
    document = upload(partnership)
    assert edit(staff, page, document=document).status_code == 302  # saved as a draft
    return document, page


def a_pdf_in_moderation(staff, home, partnership, approver, tmp_path):
    page = StandardPageFactory(parent=home, title="Neglect", live=False)
    document = upload(partnership)
    assert edit(staff, page, "action-submit", document=document).status_code == 302
    page.refresh_from_db()
    assert page.current_workflow_state.status == "in_progress"  # awaiting an Approver
    return document, page


def an_imported_drafts_pdf(staff, home, partnership, approver, tmp_path):
    from django.core.management import call_command

    PublicationIndexPageFactory(parent=home)
    folder = tmp_path / "old-site"
    folder.mkdir()
    (folder / "cspr-child-q.pdf").write_bytes(
        pdfs.text_pdf(2, "Child Safeguarding Practice Review: Child Q", text=f"Found {WORD}.")
    )
    call_command(
        "import_publications", str(folder), partnership=partnership.short_name, verbosity=0
    )
    document = PublicationDocument.objects.get()
    assert WORD in document.text  # read, for search, but not searchable yet
    [link] = PublicationDocumentLink.objects.filter(document=document)
    return document, link.page


def an_abandoned_upload(staff, home, partnership, approver, tmp_path):
    return upload(partnership), None


KINDS = [a_drafts_pdf, a_pdf_in_moderation, an_imported_drafts_pdf, an_abandoned_upload]


def publish(page, document, approver, home, login_as):
    """The Approver publishes the page that uses ``document`` (for an abandoned
    upload, a new page an editor attaches it to). Returns the page."""
    approving = login_as(Client(), approver)
    if page is None:
        page = StandardPageFactory(parent=home, title="Neglect strategy", live=False)
    page = page.specific
    state = page.current_workflow_state
    if state is not None:
        task_state = state.current_task_state
        response = approving.post(
            reverse("wagtailadmin_pages:workflow_action", args=[page.id, "approve", task_state.id]),
            {"comment": ""},
        )
    elif isinstance(page, StandardPage):
        response = edit(approving, page, "action-publish", document=document)
    else:  # an imported publication, published as its importer left it
        page.get_latest_revision().publish(user=approver)
        response = None
    if response is not None:
        assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    return page


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
def test_an_unapproved_pdf_is_unreadable_until_its_page_is_published_and_again_after(
    kind, staff, home, partnership, other_partnership, approver, make_user, login_as, tmp_path
):
    document, page = kind(staff, home, partnership, approver, tmp_path)
    document.refresh_from_db()
    assert not document.public
    assert reachable(document) == NOWHERE
    assert reachable(document, host="other.localhost") == NOWHERE
    # Its partnership's staff can open it (to check it before approving) ...
    assert staff.get(document.url).status_code == 200
    # ... another partnership's staff cannot.
    outsider = make_user("oscar", Role.EDITORS, partnership=other_partnership)
    assert login_as(Client(), outsider).get(document.url).status_code == 404

    page = publish(page, document, approver, home, login_as)
    document.refresh_from_db()
    assert document.public
    assert reachable(document) == EVERYWHERE
    assert reachable(document, host="other.localhost") == NOWHERE

    response = login_as(Client(), approver).post(
        reverse("wagtailadmin_pages:unpublish", args=[page.id])
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert not document.public
    assert reachable(document) == NOWHERE


# -- The last live page ------------------------------------------------------------------


def test_a_document_stays_public_until_the_last_live_page_using_it_goes(
    home, partnership, settings, django_capture_on_commit_callbacks
):
    from tests.caching.test_edge_purge import RecordingBackend

    document = upload(partnership)
    pages = []
    for title in ("Neglect", "Neglect strategy"):
        page = StandardPageFactory(parent=home, title=title, live=False)
        page.body = [("document", {"document": document, "title": ""})]
        page.save_revision().publish()
        page.refresh_from_db()
        pages.append(page)
    document.refresh_from_db()
    assert document.public

    pages[0].unpublish()
    document.refresh_from_db()
    assert document.public  # the other page still uses it
    assert reachable(document)["file"]

    settings.WAGTAILFRONTENDCACHE = {
        "default": {"BACKEND": "tests.caching.test_edge_purge.RecordingBackend"}
    }
    RecordingBackend.batches.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pages[1].delete()
    document.refresh_from_db()
    assert not document.public
    assert reachable(document) == NOWHERE
    # The CDN was told to forget the site, the document's address with it.
    [batch] = RecordingBackend.batches
    address = f"{partnership.site.root_url}{document.url}"
    assert any(url.endswith("/*") and address.startswith(url[:-1]) for url in batch)
    RecordingBackend.batches.clear()


# -- Hosts -------------------------------------------------------------------------------


def test_documents_are_listed_and_served_only_on_their_own_partnerships_host(
    home, partnership, other_partnership
):
    ours = upload(partnership, title="Our strategy")
    theirs = upload(other_partnership, title="Their strategy")
    for document, site_home in ((ours, home), (theirs, other_partnership.site.root_page)):
        page = StandardPageFactory(parent=site_home, live=False)
        page.body = [("document", {"document": document, "title": ""})]
        page.save_revision().publish()

    assert reachable(ours, host="localhost") == EVERYWHERE
    assert reachable(theirs, host="other.localhost") == EVERYWHERE
    assert reachable(ours, host="other.localhost") == NOWHERE
    assert reachable(theirs, host="localhost") == NOWHERE


# -- Published on its own by an Approver -------------------------------------------------


def test_only_an_approver_publishes_a_document_on_its_own_and_it_is_recorded(
    client, login_as, editor, approver, partnership
):
    document = upload(partnership)
    edit_url = reverse("wagtaildocs:edit", args=[document.pk])
    form = {"title": document.title, "collection": document.collection_id}

    login_as(client, editor)
    client.post(edit_url, {**form, "published_on_its_own": "on"})
    document.refresh_from_db()
    assert not document.published_on_its_own and not document.public

    login_as(client, approver)
    response = client.post(edit_url, {**form, "published_on_its_own": "on"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.public
    assert reachable(document)["file"]
    entry = ModelLogEntry.objects.get(action="sscp.publish_document")
    assert (entry.object_id, entry.user) == (str(document.pk), approver)


# -- A public page may not link a members' paper ---------------------------------------


def test_publishing_a_public_page_that_links_a_members_paper_is_refused_keeping_the_edit(
    client, login_as, approver, home, partnership
):
    paper = PublicationDocumentFactory(
        title="Budget pressures (board paper)",
        collection=tenancy.members_papers_collection(partnership),
    )
    page = StandardPageFactory(parent=home, title="Funding")
    login_as(client, approver)

    response = edit(client, page, "action-publish", document=paper, title="Funding 2026")

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.id])
    told = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert "Budget pressures (board paper)" in told and "not published" in told
    page.refresh_from_db()
    assert page.title == "Funding"  # the public page is as it was
    assert "Budget pressures" not in Client().get(page.url).content.decode()
    # What the Approver typed is kept, as the latest draft the editor opens.
    draft = page.get_latest_revision_as_object()
    assert draft.title == "Funding 2026"
    assert [block.value["document"] for block in draft.body] == [paper]
    assert client.get(reverse("wagtailadmin_pages:edit", args=[page.id])).status_code == 200


def test_staff_need_their_second_factor_to_open_a_document_not_public_yet(
    client, editor, partnership
):
    document = upload(partnership)
    client.force_login(editor)  # a password only
    response = client.get(document.url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts_two_factor"))


def test_a_public_meetings_minutes_are_public_until_the_meeting_is_members_only(partnership):
    from tests.factories.governance import BodyFactory, MeetingFactory

    minutes = upload(partnership, title="Minutes of the March board")
    meeting = MeetingFactory(
        body=BodyFactory(partnership=partnership), minutes=minutes, access="public"
    )
    minutes.refresh_from_db()
    assert minutes.public and reachable(minutes)["file"]

    meeting.access = meeting.Access.MEMBERS
    meeting.save()
    minutes.refresh_from_db()
    assert not minutes.public
    assert not reachable(minutes)["file"]


def test_a_page_made_members_only_takes_its_documents_out_of_public(home, partnership):
    from tests.helpers import restrict_to_board_members

    document = upload(partnership)
    page = StandardPageFactory(parent=home, title="Neglect", live=False)
    page.body = [("document", {"document": document, "title": ""})]
    page.save_revision().publish()
    document.refresh_from_db()
    assert document.public

    restrict_to_board_members(page)
    document.refresh_from_db()
    assert not document.public
    assert reachable(document) == NOWHERE
