"""A public page linking a members' paper is neither submitted for approval nor
approved in the editor (publications.publicity), and what was typed is kept."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from site_core import tenancy
from site_core.roles import Role
from tests.factories.governance import AgendaItemFactory, BodyFactory, MeetingFactory
from tests.factories.publications import PublicationDocumentFactory
from tests.factories.site_core import StandardPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]


@pytest.fixture(autouse=True)
def _media(media_root):
    """Uploaded files go to the test's own folder."""


def post_editor(client, page, document, title, **actions):
    """The page editor's form with ``document`` in the body, sent with ``actions``."""
    data = {
        "title": title,
        "slug": page.slug,
        "summary": "A summary.",
        "body": streamfield([("document", {"document": document.pk, "title": ""})]),
        "next_review_due": "2027-11-01",
        "comments": inline_formset([]),
        **actions,
    }
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.id]), nested_form_data(data))


def approve_in_editor(client, page, document, title):
    return post_editor(
        client,
        page,
        document,
        title,
        **{"action-workflow-action": "1", "workflow-action-name": "approve"},
    )


def told(response):
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


@pytest.fixture
def approving(make_user, login_as):
    return login_as(Client(), make_user("april", Role.APPROVERS))


@pytest.fixture
def editing(make_user, login_as):
    return login_as(Client(), make_user("eddie", Role.EDITORS))


def public_document(partnership, title):
    return PublicationDocumentFactory(
        title=title, collection=tenancy.public_documents_collection(partnership)
    )


def test_a_public_page_linking_a_members_paper_is_not_submitted_and_keeps_the_edit(
    editing, home, partnership
):
    paper = PublicationDocumentFactory(
        title="Budget pressures (board paper)",
        collection=tenancy.members_papers_collection(partnership),
    )
    page = StandardPageFactory(parent=home, title="Funding", live=False)

    response = post_editor(editing, page, paper, "Funding 2026", **{"action-submit": "1"})

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.id])
    assert "Budget pressures (board paper)" in told(response)
    assert "not submitted for approval" in told(response)
    page.refresh_from_db()
    assert page.current_workflow_state is None  # no Approver is asked to approve it
    draft = page.get_latest_revision_as_object()
    assert draft.title == "Funding 2026"
    assert [block.value["document"] for block in draft.body] == [paper]


def test_approving_in_the_editor_a_public_page_whose_document_became_a_members_paper_is_refused(
    editing, approving, home, partnership
):
    document = public_document(partnership, "Audit of neglect cases")
    page = StandardPageFactory(parent=home, title="Neglect", live=False)
    assert post_editor(editing, page, document, "Neglect", **{"action-submit": "1"})
    page.refresh_from_db()
    assert page.current_workflow_state.status == "in_progress"
    # While the page waits, the document becomes a paper of a members-only meeting.
    meeting = MeetingFactory(body=BodyFactory(partnership=partnership), access="members")
    AgendaItemFactory(meeting=meeting, paper=document)

    response = approve_in_editor(approving, page, document, "Neglect: what we found")

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.id])
    assert "Audit of neglect cases" in told(response) and "not approved" in told(response)
    page.refresh_from_db()
    assert not page.live
    assert Client().get(page.url or f"/{page.slug}/").status_code == 404
    assert page.current_workflow_state.status == "in_progress"  # still with the Approvers
    assert page.get_latest_revision_as_object().title == "Neglect: what we found"


def test_approving_in_the_editor_a_page_linking_only_public_documents_publishes_it(
    editing, approving, home, partnership
):
    document = public_document(partnership, "Neglect strategy")
    page = StandardPageFactory(parent=home, title="Neglect", live=False)
    post_editor(editing, page, document, "Neglect", **{"action-submit": "1"})

    response = approve_in_editor(approving, page, document, "Neglect strategy 2026")

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live and page.title == "Neglect strategy 2026"
    assert "Neglect strategy" in Client().get(page.url).content.decode()


def test_approving_from_the_dashboard_a_public_page_linking_a_members_paper_is_refused(
    editing, approving, home, partnership
):
    document = public_document(partnership, "Audit of neglect cases")
    page = StandardPageFactory(parent=home, title="Neglect", live=False)
    post_editor(editing, page, document, "Neglect", **{"action-submit": "1"})
    meeting = MeetingFactory(body=BodyFactory(partnership=partnership), access="members")
    AgendaItemFactory(meeting=meeting, paper=document)
    page.refresh_from_db()
    task_state = page.current_workflow_state.current_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.id, "approve", task_state.id]
    )

    response = approving.post(approve, {"comment": "Fine by me"})

    assert response.status_code == 302
    assert "Audit of neglect cases" in told(response) and "not approved" in told(response)
    assert "Fine by me" in told(response)  # the comment, to give again
    # From the approval modal, the same refusal, as the modal expects it.
    modal = approving.post(approve, {"comment": ""}, headers={"x-requested-with": "XMLHttpRequest"})
    assert modal.json()["step"] == "success"
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.status == "in_progress"
