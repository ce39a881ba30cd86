"""Members-only by construction: a members-only meeting's papers (and a
members-only page's documents) are never readable anonymously, whatever the
editor picks; new uploads start in the partnership's public documents; only
its Approvers may make a private document public, and it is recorded.

(governance.papers, publications.document_privacy)
"""

import html
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.log_actions import registry as log_registry
from wagtail.models import Collection, ModelLogEntry

from governance.models import AgendaItem, Meeting
from publications.document_privacy import MAKE_PUBLIC, make_public_refusal
from site_core import tenancy
from site_core.models import Partnership
from site_core.roles import Role
from tests.factories.governance import (
    AgendaItemFactory,
    BodyFactory,
    DocumentFactory,
    MeetingFactory,
)
from tests.factories.site_core import make_site
from tests.helpers import sign_in_with_second_factor

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]


@pytest.fixture
def partnership(db):
    return Partnership.objects.get(site=make_site())


@pytest.fixture
def other_partnership(partnership):
    site = make_site(hostname="other.localhost", default=False, title="Otherton SCP")
    Partnership.objects.filter(site=site).update(name="Otherton SCP", short_name="OSCP")
    return Partnership.objects.get(site=site)


@pytest.fixture
def make_user(django_user_model):
    def make(username, partnership=None, *role_names, **fields):
        user = django_user_model.objects.create_user(
            username=username, email=f"{username}@example.org", password=None, **fields
        )
        if partnership is not None:
            groups = tenancy.role_groups(partnership)
            user.groups.add(*(groups[role] for role in role_names))
        return user

    return make


@pytest.fixture
def editor(make_user, partnership):
    return make_user("eddie", partnership, Role.EDITORS)


@pytest.fixture
def approver(make_user, partnership):
    return make_user("april", partnership, Role.APPROVERS)


@pytest.fixture
def officer(make_user, partnership):
    return make_user("olive", partnership, Role.GOVERNANCE_OFFICERS)


@pytest.fixture
def board(partnership):
    return BodyFactory(partnership=partnership, name="Testshire Safeguarding Children Partnership")


def public_paper(partnership, title="Neglect strategy draft"):
    """A public document: an Approver published it on its own (publications.publicity)."""
    return DocumentFactory(
        title=title, collection=partnership.public_documents, published_on_its_own=True
    )


def root_paper(title="Serious case notes"):
    return DocumentFactory(title=title, collection=Collection.get_first_root_node())


def page_text(response):
    return html.unescape(response.content.decode())


def signed_in(client, user):
    return sign_in_with_second_factor(client, user)


def assert_not_public(client, document):
    """No anonymous reader can open or find the document."""
    document.refresh_from_db()
    client.logout()
    response = client.get(document.url)
    assert document.url == f"/documents/{document.pk}/{document.filename}"
    assert response.status_code in (302, 403), response.status_code
    if response.status_code == 302:
        assert "login" in response["Location"]
    listed = client.get("/api/v2/documents/?limit=50").json()
    assert document.pk not in [item["id"] for item in listed["items"]]


def formset(prefix, rows, fields):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(sum(1 for row in rows if row.get("id"))),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for field in (*fields, "id", "ORDER", "DELETE"):
            value = row.get(field, "")
            if field == "ORDER":
                value = str(index + 1)
            if field == "DELETE" and not value:
                continue
            data[f"{prefix}-{index}-{field}"] = "" if value is None else str(value)
    return data


def meeting_form(meeting=None, body=None, access="members", minutes=None, agenda=()):
    """What the admin's meeting form posts: the fields and its four inline panels."""
    data = {
        "body": str((body or meeting.body).pk),
        "date": "2026-12-01",
        "starts_at": "",
        "place": "County Hall",
        "access": access,
        "summary": "",
        "minutes": str(minutes.pk) if minutes else "",
    }
    rows = [
        {"id": item.pk if item.pk else "", "number": index, "title": item.title,
         "paper": item.paper_id or ""}
        for index, item in enumerate(agenda, start=1)
    ]  # fmt: skip
    data.update(formset("agenda_items", rows, ("number", "title", "paper")))
    data.update(formset("attendance", [], ("person", "status")))
    data.update(formset("declarations", [], ("person", "item", "interest")))
    data.update(formset("publications_received", [], ("page", "title", "outcome")))
    return data


def edit_meeting_url(meeting):
    return reverse("wagtailsnippets_governance_meeting:edit", args=[meeting.pk])


def document_form(document, collection):
    return {
        "title": document.title,
        "collection": str(collection.pk),
        "tags": "",
        "fully_accessible": "on",
        "accessibility_note": "",
    }


# -- (a) No editor action makes a members-only meeting's paper public ------------


def test_the_fixtures_give_each_partnership_its_collections(partnership, other_partnership):
    assert tenancy.is_private_collection(partnership.members_papers)
    assert not tenancy.is_private_collection(partnership.public_documents)
    assert partnership.members_papers != other_partnership.members_papers


def test_a_public_document_is_readable_and_listed_so_the_checks_below_mean_something(
    client, partnership
):
    document = public_paper(partnership, "Annual report summary")
    assert client.get(document.url).status_code == 200
    listed = client.get("/api/v2/documents/?limit=50").json()
    assert document.pk in [item["id"] for item in listed["items"]]


def test_uploading_to_root_then_attaching_to_a_members_only_meeting_in_the_admin(
    client, partnership, officer, board
):
    signed_in(client, officer)
    upload = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Serious case notes",
            "collection": str(partnership.public_documents.pk),
            "file": SimpleUploadedFile("notes.txt", b"Confidential notes.\n"),
            "fully_accessible": "on",
        },
    )
    assert upload.status_code == 302, upload.context["form"].errors
    uploaded = Meeting._meta.get_field("minutes").related_model.objects.get(
        title="Serious case notes"
    )
    assert uploaded.collection == partnership.public_documents
    at_root = root_paper("Minutes of the last meeting")
    meeting = MeetingFactory(body=board, access=Meeting.Access.MEMBERS)

    response = client.post(
        edit_meeting_url(meeting),
        meeting_form(
            meeting,
            minutes=at_root,
            agenda=[AgendaItem(title="Case review", paper=uploaded)],
        ),
        follow=True,
    )

    assert response.status_code == 200
    assert (
        "2 papers were moved to Members' papers so only board members can open them"
        in page_text(response)
    )
    meeting.refresh_from_db()
    assert meeting.minutes == at_root
    assert [item.paper for item in meeting.agenda_items.all()] == [uploaded]
    for document in (uploaded, at_root):
        document.refresh_from_db()
        assert document.collection == partnership.members_papers
        assert_not_public(client, document)
    entry = ModelLogEntry.objects.filter(action="sscp.members_papers").first()
    assert "to keep it private" in log_registry.get_formatter(entry).format_message(entry)


def test_adding_a_meeting_with_public_papers_in_the_admin(client, partnership, officer, board):
    paper = public_paper(partnership)
    signed_in(client, officer)
    response = client.post(
        reverse("wagtailsnippets_governance_meeting:add"),
        meeting_form(body=board, agenda=[AgendaItem(title="Strategy", paper=paper)]),
        follow=True,
    )
    assert "1 paper was moved to Members' papers" in page_text(response)
    assert_not_public(client, paper)


@pytest.mark.parametrize("role", [Role.EDITORS, Role.APPROVERS])
def test_an_attached_paper_cannot_be_made_public_in_the_document_form(
    client, make_user, partnership, board, role
):
    paper = public_paper(partnership)
    meeting = MeetingFactory(body=board, access=Meeting.Access.MEMBERS)
    AgendaItemFactory(meeting=meeting, paper=paper)
    paper.refresh_from_db()
    assert paper.collection == partnership.members_papers

    signed_in(client, make_user("someone", partnership, role))
    response = client.post(
        reverse("wagtaildocs:edit", args=[paper.pk]),
        document_form(paper, partnership.public_documents),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["collection"]
    assert "Make the meeting public first, or detach the document from it." in errors[0]
    assert_not_public(client, paper)


def test_a_superuser_cannot_make_an_attached_paper_public_either(client, partnership, board):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.org", None)
    paper = public_paper(partnership)
    meeting = MeetingFactory(body=board, access=Meeting.Access.MEMBERS, minutes=paper)
    assert meeting.papers_moved == [paper]
    signed_in(client, admin)
    response = client.post(
        reverse("wagtaildocs:edit", args=[paper.pk]),
        document_form(paper, Collection.get_first_root_node()),
    )
    assert response.status_code == 200
    assert_not_public(client, paper)


def test_making_a_meeting_members_only_after_attaching_public_papers(
    client, partnership, officer, board
):
    minutes, paper = public_paper(partnership, "Minutes"), root_paper("Budget")
    meeting = MeetingFactory(body=board, access=Meeting.Access.PUBLIC, minutes=minutes)
    item = AgendaItemFactory(meeting=meeting, paper=paper)
    minutes.refresh_from_db()
    assert minutes.collection == partnership.public_documents  # public meeting: left alone

    signed_in(client, officer)
    response = client.post(
        edit_meeting_url(meeting),
        meeting_form(meeting, access="members", minutes=minutes, agenda=[item]),
        follow=True,
    )

    assert "2 papers were moved to Members' papers" in page_text(response)
    assert_not_public(client, minutes)
    assert_not_public(client, paper)


def test_saving_in_the_shell_moves_papers_too(client, partnership, board):
    minutes, paper, later = public_paper(partnership), root_paper(), root_paper("Late paper")
    meeting = Meeting.objects.create(
        body=board, date=date(2026, 12, 1), access=Meeting.Access.MEMBERS, minutes=minutes
    )
    AgendaItem.objects.create(meeting=meeting, title="Budget", paper=paper)
    meeting.refresh_from_db()
    AgendaItem.objects.create(meeting=meeting, title="Any other business", paper=later)
    for document in (minutes, paper, later):
        assert_not_public(client, document)


def test_a_paper_saved_into_a_public_collection_in_the_shell_stays_private(
    client, partnership, board
):
    paper = public_paper(partnership)
    MeetingFactory(body=board, access=Meeting.Access.MEMBERS, minutes=paper)
    paper.refresh_from_db()
    paper.collection = partnership.public_documents
    paper.save()
    assert_not_public(client, paper)


def test_a_paper_moved_by_a_raw_update_is_still_refused_when_served(client, partnership, board):
    """The second lock: serving and the API ask about the meeting, not only the collection."""
    paper = public_paper(partnership)
    MeetingFactory(body=board, access=Meeting.Access.MEMBERS, minutes=paper)
    type(paper).objects.filter(pk=paper.pk).update(collection=partnership.public_documents)
    assert_not_public(client, paper)


def test_the_partnerships_members_can_still_open_the_paper(client, make_user, partnership, board):
    paper = public_paper(partnership)
    MeetingFactory(body=board, access=Meeting.Access.MEMBERS, minutes=paper)
    paper.refresh_from_db()
    client.force_login(make_user("bea", partnership, Role.BOARD_MEMBERS))
    assert client.get(paper.url).status_code == 200


def test_another_partnerships_board_member_cannot_open_the_paper(
    client, make_user, partnership, other_partnership, board
):
    paper = public_paper(partnership)
    MeetingFactory(body=board, access=Meeting.Access.MEMBERS, minutes=paper)
    paper.refresh_from_db()
    client.force_login(make_user("otto", other_partnership, Role.BOARD_MEMBERS))
    assert client.get(paper.url).status_code in (302, 403)


def test_the_bulk_add_to_collection_action_cannot_make_a_paper_public(
    client, partnership, approver, board
):
    paper = public_paper(partnership)
    MeetingFactory(body=board, access=Meeting.Access.MEMBERS, minutes=paper)
    signed_in(client, approver)
    url = (
        reverse(
            "wagtail_bulk_action",
            args=["publications", "publicationdocument", "add_to_collection"],
        )
        + f"?id={paper.pk}&next=/admin/documents/"
    )
    response = client.post(url, {"collection": str(partnership.public_documents.pk)}, follow=True)
    assert "Nothing was moved" in page_text(response)
    assert_not_public(client, paper)


# -- (b) New uploads start in the partnership's public documents -------------------


def selected_option(markup, name_pattern=r"collection"):
    match = re.search(
        rf'<select[^>]*name="{name_pattern}"[^>]*>(.*?)</select>', markup, flags=re.DOTALL
    )
    assert match, "no collection select"
    selected = re.search(r'<option value="(\d+)"[^>]*\bselected\b', match.group(1))
    return int(selected.group(1)) if selected else None


def test_the_add_form_starts_in_public_documents(client, partnership, editor):
    signed_in(client, editor)
    response = client.get(reverse("wagtaildocs:add"))
    form = response.context["form"]
    assert form.initial["collection"] == partnership.public_documents.pk
    offered = set(form.fields["collection"].queryset.values_list("pk", flat=True))
    assert {partnership.public_documents.pk, partnership.members_papers.pk} <= offered
    assert selected_option(response.content.decode()) == partnership.public_documents.pk


def test_the_multiple_uploader_and_the_chooser_start_in_public_documents(
    client, partnership, editor
):
    signed_in(client, editor)
    uploader = client.get(reverse("wagtaildocs:add_multiple")).content.decode()
    assert selected_option(uploader) == partnership.public_documents.pk
    chooser = client.get(reverse("wagtaildocs_chooser:choose")).json()["html"]
    assert selected_option(chooser, r"document-chooser-upload-collection") == (
        partnership.public_documents.pk
    )


def test_a_link_that_names_a_collection_still_wins(client, partnership, editor):
    signed_in(client, editor)
    url = reverse("wagtaildocs:add_multiple") + f"?collection_id={partnership.members_papers.pk}"
    assert selected_option(client.get(url).content.decode()) == partnership.members_papers.pk


def test_someone_in_two_partnerships_starts_in_the_first_by_name_and_sees_both(
    client, make_user, partnership, other_partnership
):
    user = make_user("dual", partnership, Role.EDITORS)
    user.groups.add(tenancy.role_groups(other_partnership)[Role.EDITORS])
    signed_in(client, user)
    response = client.get(reverse("wagtaildocs:add"))
    first = min([partnership, other_partnership], key=lambda p: p.name)
    assert response.context["form"].initial["collection"] == first.public_documents.pk
    offered = set(response.context["form"].fields["collection"].queryset)
    assert {partnership.public_documents, other_partnership.public_documents} <= offered


def test_a_new_upload_lands_in_public_documents_not_root(client, partnership, editor):
    signed_in(client, editor)
    form = client.get(reverse("wagtaildocs:add")).context["form"]
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Safer sleep leaflet",
            "collection": str(form.initial["collection"]),
            "file": SimpleUploadedFile("leaflet.txt", b"Safer sleep.\n"),
            "fully_accessible": "on",
        },
    )
    assert response.status_code == 302
    document = type(form.instance).objects.get(title="Safer sleep leaflet")
    assert document.collection == partnership.public_documents


def test_images_start_in_the_partnerships_public_documents_too(client, partnership, editor):
    signed_in(client, editor)
    uploader = client.get(reverse("wagtailimages:add_multiple")).content.decode()
    assert selected_option(uploader) == partnership.public_documents.pk


# -- (c) Only an Approver makes a private document public, and it is recorded ---------


def private_document(partnership, title="Draft neglect strategy"):
    return DocumentFactory(title=title, collection=partnership.members_papers)


def test_an_editor_cannot_make_a_private_document_public(client, partnership, editor):
    document = private_document(partnership)
    signed_in(client, editor)
    response = client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        document_form(document, partnership.public_documents),
    )
    assert response.status_code == 200
    error = response.context["form"].errors["collection"][0]
    assert "Only one of its Approvers can make it public" in error
    assert partnership.name in error
    assert_not_public(client, document)


def test_an_approver_makes_a_private_document_public_and_it_is_recorded(
    client, partnership, approver
):
    document = private_document(partnership)
    signed_in(client, approver)
    response = client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        document_form(document, partnership.public_documents),
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.collection == partnership.public_documents
    entry = ModelLogEntry.objects.get(action=MAKE_PUBLIC, object_id=str(document.pk))
    assert entry.user == approver
    assert log_registry.get_formatter(entry).format_message(entry) == (
        "Made public: moved from “Members' papers” to “Public documents”"
    )
    client.logout()
    assert client.get(document.url).status_code == 200


def test_moving_between_private_or_public_collections_is_not_making_public(
    client, partnership, editor
):
    document = public_paper(partnership, "Leaflet")
    signed_in(client, editor)
    response = client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        document_form(document, partnership.members_papers),
    )
    assert response.status_code == 302
    assert not ModelLogEntry.objects.filter(action=MAKE_PUBLIC).exists()


def test_an_approver_of_another_partnership_is_refused(
    client, make_user, partnership, other_partnership
):
    document = private_document(partnership)
    stranger = make_user("oscar", other_partnership, Role.APPROVERS)
    problem = make_public_refusal(
        stranger, document, partnership.members_papers, other_partnership.public_documents
    )
    assert "Only one of its Approvers can make it public" in problem
    # In the admin they cannot even open it (its collection is not theirs).
    signed_in(client, stranger)
    response = client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        document_form(document, other_partnership.public_documents),
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"  # refused
    document.refresh_from_db()
    assert document.collection == partnership.members_papers
    assert_not_public(client, document)


def test_the_bulk_move_needs_an_approver_and_is_recorded(client, partnership, editor, approver):
    document = private_document(partnership)
    url = (
        reverse(
            "wagtail_bulk_action",
            args=["publications", "publicationdocument", "add_to_collection"],
        )
        + f"?id={document.pk}&next=/admin/documents/"
    )
    data = {"collection": str(partnership.public_documents.pk)}
    signed_in(client, editor)
    assert "Nothing was moved" in page_text(client.post(url, data, follow=True))
    assert_not_public(client, document)

    signed_in(client, approver)
    client.post(url, data)
    document.refresh_from_db()
    assert document.collection == partnership.public_documents
    assert ModelLogEntry.objects.get(action=MAKE_PUBLIC).user == approver


# -- (d) Publishing a members-only page moves its documents ---------------------------


def test_publishing_a_members_only_page_moves_its_documents(client, partnership):
    from publications.models import PublicationDocumentLink
    from tests.factories.publications import AnnualReportPageFactory, PublicationIndexPageFactory
    from tests.factories.site_core import StandardPageFactory

    home = partnership.site.root_page
    attached, linked = public_paper(partnership, "Report"), root_paper("Appendix")
    index = PublicationIndexPageFactory(parent=home)
    report = AnnualReportPageFactory(parent=index, live=False)
    report.documents = [PublicationDocumentLink(document=attached)]
    tenancy.restrict_to_members(report, partnership)
    report.save_revision().publish()

    members = StandardPageFactory(parent=home, title="For board members", live=False)
    tenancy.restrict_to_members(members, partnership)
    members.body = [("document", {"document": linked, "title": ""})]
    members.save_revision().publish()

    for document in (attached, linked):
        assert_not_public(client, document)


def test_publishing_a_public_page_leaves_its_documents_alone(partnership):
    from tests.factories.site_core import StandardPageFactory

    document = public_paper(partnership, "Leaflet")
    page = StandardPageFactory(parent=partnership.site.root_page, live=False)
    page.body = [("document", {"document": document, "title": ""})]
    page.save_revision().publish()
    document.refresh_from_db()
    assert document.collection == partnership.public_documents
