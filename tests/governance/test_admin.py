"""The "Governance" admin menu: lists with search, filters, export and history."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import ModelLogEntry

from governance.models import Body, Post
from tests.factories.governance import BodyFactory, MembershipFactory, PostFactory

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]

LISTS = [
    "body",
    "agency",
    "person",
    "post",
    "membership",
    "meeting",
    "relationship",
    "mission",
    "valuetheme",
    "responsibility",
    "strategicpriority",
]


@pytest.fixture
def editor(client, login_as, admin_user):
    return login_as(client, admin_user)


def test_one_governance_menu_holds_every_record_type(editor):
    html = editor.get("/admin/").content.decode()
    assert "Governance" in html
    for name in LISTS:
        assert f"/admin/snippets/governance/{name}/" in html


@pytest.mark.parametrize("name", LISTS)
def test_every_list_answers_searches_and_exports(editor, board, name):
    base = f"/admin/snippets/governance/{name}/"
    assert editor.get(base).status_code == 200
    assert editor.get(base + "?q=testshire").status_code == 200
    export = editor.get(base + "?export=csv")
    assert export.status_code == 200
    assert "csv" in export["Content-Type"]


def test_membership_list_filters_by_body_and_exports_status(editor, board, partnership):
    other = BodyFactory(partnership=partnership, slug="other", name="Other Group")
    MembershipFactory(post=PostFactory(body=board), person__name="Ada Board")
    MembershipFactory(post=PostFactory(body=other), person__name="Bo Other")
    base = "/admin/snippets/governance/membership/"
    html = editor.get(base + f"?post__body={board.pk}").content.decode()
    assert "Ada Board" in html
    assert "Bo Other" not in html
    export = b"".join(editor.get(base + "?export=csv").streaming_content).decode()
    assert "Ada Board" in export
    assert "former" in export or "current" in export


def test_saving_in_the_admin_records_who_and_when(editor, partnership, admin_user):
    response = editor.post(
        "/admin/snippets/governance/body/add/",
        {
            "partnership": partnership.pk,
            "name": "Improvement Board",
            "short_name": "IB",
            "slug": "improvement-board",
            "kind": Body.Kind.IMPROVEMENT_BOARD,
            "purpose": "Oversaw improvement.",
            "began": "2014-11-01",
            "ended": "2018-03-31",
        },
    )
    assert response.status_code == 302
    body = Body.objects.get(slug="improvement-board")
    entry = ModelLogEntry.objects.for_instance(body).get()
    assert entry.user == admin_user
    assert entry.action == "wagtail.create"
    history = editor.get(f"/admin/snippets/governance/body/history/{body.pk}/")
    assert history.status_code == 200


def test_the_admin_form_explains_what_to_fix(editor, board, partnership):
    lay = PostFactory(body=board, role=Post.Role.LAY_MEMBER)
    person = MembershipFactory(post=PostFactory(body=board)).person
    response = editor.post(
        "/admin/snippets/governance/membership/add/",
        {"person": person.pk, "post": lay.pk, "term_starts": "2024-01-01", "term_ends": ""},
    )
    assert response.status_code == 200
    errors = BeautifulSoup(response.content, "html.parser").get_text(" ")
    assert "Lay members are appointed for a fixed term" in errors
    assert not lay.memberships.exists()


def test_a_double_appointment_is_refused_in_the_form_naming_the_clash(editor, board):
    lay = PostFactory(body=board, role=Post.Role.LAY_MEMBER, holders=3)
    first = MembershipFactory(
        post=lay, person__name="Sam Twice", term_starts="2024-01-01", term_ends="2026-12-31"
    )
    response = editor.post(
        "/admin/snippets/governance/membership/add/",
        {
            "person": first.person.pk,
            "post": lay.pk,
            "term_starts": "2025-06-01",
            "term_ends": "2027-05-31",
        },
    )
    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").get_text(" ")
    assert "Sam Twice already holds" in text
    assert "1 January 2024 to 31 December 2026" in text
    assert lay.memberships.count() == 1
