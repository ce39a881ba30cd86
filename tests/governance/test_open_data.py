"""/governance.json (Popolo) and /governance.csv: public fields only, references resolve."""

import csv
import io
from datetime import date

import pytest

from governance.models import Body, Meeting, Post
from site_core.models import Partnership
from tests.factories.governance import (
    AgencyFactory,
    BodyFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    PostFactory,
    RelationshipFactory,
)
from tests.factories.site_core import make_site

pytestmark = pytest.mark.django_db

PRIVATE = ("hidden@example.org", "0191 498 0555", "Private note", "Unconsented profile")


@pytest.fixture
def records(partnership, board):
    police = AgencyFactory(partnership=partnership, name="Testshire Police")
    executive = BodyFactory(
        partnership=partnership, slug="exec", kind=Body.Kind.EXECUTIVE, parent=board
    )
    hwb = BodyFactory(partnership=partnership, slug="hwb", kind=Body.Kind.HEALTH_AND_WELLBEING)
    RelationshipFactory(subject=board, other=hwb)
    secretive = PersonFactory(
        partnership=partnership,
        name="Sam Secret",
        email="hidden@example.org",
        phone="0191 498 0555",
        notes="Private note",
        profile="Unconsented profile",
    )
    MembershipFactory(
        post=PostFactory(body=executive, role=Post.Role.STATUTORY_PARTNER_LEAD),
        person=secretive,
        on_behalf_of=police,
        term_starts=date(2022, 4, 1),
        term_ends=None,
    )
    MembershipFactory(
        post=PostFactory(body=board, role=Post.Role.INDEPENDENT_CHAIR),
        person__name="Olga Open",
        person__profile="Consented profile",
        person__profile_consent=True,
        term_starts=date(2020, 1, 1),
        term_ends=date(2021, 1, 1),
    )
    MeetingFactory(body=hwb, date=date(2023, 12, 12))
    MeetingFactory(body=board, date=date(2023, 11, 1), access=Meeting.Access.MEMBERS)
    # Another partnership's records never appear.
    other = Partnership.for_site(make_site(hostname="other.localhost", default=False, title="Else"))
    MembershipFactory(post__body__partnership=other, person__name="Elsewhere Person")


def test_popolo_json_references_resolve(client, records):
    response = client.get("/governance.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = response.json()
    organisations = {o["id"] for o in data["organizations"]}
    persons = {p["id"] for p in data["persons"]}
    posts = {p["id"]: p for p in data["posts"]}
    assert len(data["memberships"]) == 2
    for membership in data["memberships"]:
        assert membership["person_id"] in persons
        assert membership["organization_id"] in organisations
        assert membership["post_id"] in posts
        assert posts[membership["post_id"]]["organization_id"] == membership["organization_id"]
        if "on_behalf_of_id" in membership:
            assert membership["on_behalf_of_id"] in organisations
    for organisation in data["organizations"]:
        if "parent_id" in organisation:
            assert organisation["parent_id"] in organisations
    for relationship in data["relationships"]:
        assert {relationship["subject_id"], relationship["object_id"]} <= organisations
    for event in data["events"]:
        assert event["organization_id"] in organisations


def test_popolo_json_has_public_fields_only(client, records):
    data = client.get("/governance.json").json()
    text = client.get("/governance.json").content.decode()
    for secret in PRIVATE:
        assert secret not in text
    assert "Elsewhere Person" not in text
    by_name = {p["name"]: p for p in data["persons"]}
    assert by_name["Olga Open"]["summary"] == "Consented profile"
    assert set(by_name["Sam Secret"]) == {"id", "name"}
    assert [e["start_date"] for e in data["events"]] == ["2023-12-12"]  # public meetings only
    statuses = sorted(m["status"] for m in data["memberships"])
    assert statuses == ["current", "former"]


def test_memberships_csv_has_public_fields_only(client, records):
    response = client.get("/governance.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["person"] for row in rows} == {"Sam Secret", "Olga Open"}
    secret_row = next(row for row in rows if row["person"] == "Sam Secret")
    assert secret_row["on behalf of"] == "Testshire Police"
    assert secret_row["term ends"] == ""
    for secret in PRIVATE:
        assert secret not in response.content.decode()


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client, partnership, board):
    MembershipFactory(post=PostFactory(body=board), person__name="=HYPERLINK(1)")
    rows = list(csv.DictReader(io.StringIO(client.get("/governance.csv").content.decode())))
    assert rows[0]["person"] == "'=HYPERLINK(1)"
