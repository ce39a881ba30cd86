"""The public meetings calendar, each body's meetings list, the register of
interests where the partnership publishes it, and their admin, per partnership."""

from datetime import timedelta

import pytest
from django.utils import timezone

from governance.models import Interest, Meeting, MemberAccount
from tests.factories.governance import (
    BodyFactory,
    InterestFactory,
    MeetingFactory,
    MemberAccountFactory,
    PersonFactory,
    seat,
)
from tests.helpers import board_members_group, role_group

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def schedule(board, partnership):
    group = BodyFactory(partnership=partnership, slug="learning", name="Learning group")
    return {
        "next": MeetingFactory(body=board, date=TODAY + timedelta(days=10), place="Civic Centre"),
        "group_next": MeetingFactory(body=group, date=TODAY + timedelta(days=40)),
        "last": MeetingFactory(body=board, date=TODAY - timedelta(days=10)),
        "private": MeetingFactory(
            body=board, date=TODAY + timedelta(days=5), access=Meeting.Access.MEMBERS
        ),
        "group": group,
    }


def section(html, heading_id):
    return html.split(f'id="{heading_id}"')[1].split("</section>")[0]


def test_the_meetings_calendar_lists_upcoming_and_past_public_meetings(
    client, governance_page, schedule
):
    response = client.get(governance_page.url + "meetings/")
    assert response.status_code == 200
    html = response.content.decode()
    upcoming = section(html, "upcoming-heading")
    assert upcoming.index(f"{schedule['next'].date:%-d %B %Y}") < upcoming.index("Learning group")
    assert f"/meetings/{schedule['private'].pk}/" not in html
    assert f"/meetings/{schedule['last'].pk}/" in section(html, "past-heading")
    assert 'type="text/calendar"' in html


def test_a_bodys_meetings_list_is_linked_from_its_page_and_lists_only_its_meetings(
    client, governance_page, board, schedule
):
    body_page = client.get(f"{governance_page.url}bodies/{board.slug}/").content.decode()
    assert f'href="/governance/bodies/{board.slug}/meetings/"' in body_page
    html = client.get(f"{governance_page.url}bodies/{board.slug}/meetings/").content.decode()
    assert f"/meetings/{schedule['next'].pk}/" in html
    assert f"/meetings/{schedule['group_next'].pk}/" not in html
    assert f"/meetings/{schedule['private'].pk}/" not in html


def test_a_bad_page_number_is_a_400_that_says_why(client, governance_page, schedule):
    response = client.get(governance_page.url + "meetings/?page=zz")
    assert response.status_code == 400
    assert "is not a page number" in response.content.decode()


def test_another_partnerships_body_is_not_found(client, governance_page, other_partnership):
    BodyFactory(partnership=other_partnership, slug="otb", name="Otherton Board")
    assert client.get(governance_page.url + "bodies/otb/meetings/").status_code == 404
    assert client.get(governance_page.url + "bodies/otb/calendar/").status_code == 404


def test_a_public_meeting_offers_add_to_calendar(client, governance_page, board, schedule):
    html = client.get(
        f"{governance_page.url}bodies/{board.slug}/meetings/{schedule['next'].pk}/"
    ).content.decode()
    assert f"/meetings/{schedule['next'].pk}/calendar/" in html


# -- Register of interests ------------------------------------------------------------------


@pytest.fixture
def register(board, partnership):
    person = PersonFactory(partnership=partnership, name="Casey Member", email="casey@example.org")
    seat(board, person=person)
    InterestFactory(person=person, description="Trustee of Testshire Young Carers")
    InterestFactory(
        person=person,
        description="Former consultancy",
        declared_on=TODAY - timedelta(days=400),
        ended_on=TODAY - timedelta(days=30),
    )
    former = seat(
        board,
        name="Fran Former",
        starts=TODAY - timedelta(days=900),
        ends=TODAY - timedelta(days=100),
    ).person
    InterestFactory(person=former, description="Old directorship")
    return person


def test_the_register_is_public_only_when_the_partnership_publishes_it(
    client, governance_page, register
):
    assert client.get(governance_page.url + "interests/").status_code == 404
    assert "Register of interests" not in client.get(governance_page.url).content.decode()
    governance_page.publish_register_of_interests = True
    governance_page.save_revision().publish()
    response = client.get(governance_page.url + "interests/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trustee of Testshire Young Carers" in html
    assert "Former consultancy" not in html  # ended
    assert "Fran Former" not in html and "Old directorship" not in html
    assert "casey@example.org" not in html
    assert "Register of interests" in client.get(governance_page.url).content.decode()


@pytest.mark.ignore_template_errors
def test_the_admin_shows_each_partnerships_register_and_accounts_only(
    client, login_as, django_user_model, partnership, other_partnership, register, board_member
):
    from site_core.roles import Role

    MemberAccountFactory(person=register, user=board_member)
    other_person = PersonFactory(partnership=other_partnership, name="Otto Other")
    InterestFactory(person=other_person, description="Otherton directorship")
    other_user = django_user_model.objects.create_user("otherton", password="not-used-here-123")
    other_user.groups.add(board_members_group(other_partnership))
    MemberAccountFactory(person=other_person, user=other_user)

    officer = django_user_model.objects.create_user("officer", password="not-used-here-123")
    officer.groups.add(role_group(Role.GOVERNANCE_OFFICERS, partnership))
    login_as(client, officer)
    html = client.get("/admin/snippets/governance/interest/").content.decode()
    assert "Trustee of Testshire Young Carers" in html
    assert "Otherton directorship" not in html
    other_interest = Interest.objects.get(person=other_person)
    assert (
        client.get(f"/admin/snippets/governance/interest/edit/{other_interest.pk}/").status_code
        == 404
    )
    html = client.get("/admin/snippets/governance/memberaccount/").content.decode()
    assert "Casey Member" in html and "Otto Other" not in html
    # The form offers only this partnership's members' sign-ins.
    form = client.get("/admin/snippets/governance/memberaccount/add/").content.decode()
    assert "otherton" not in form
    assert ">member<" in form


def test_an_account_needs_the_user_to_be_one_of_the_partnerships_members(
    partnership, register, django_user_model, other_partnership
):
    from django.core.exceptions import ValidationError

    stranger = django_user_model.objects.create_user("stranger", password="not-used-here-123")
    stranger.groups.add(board_members_group(other_partnership))
    with pytest.raises(ValidationError, match="Board members"):
        MemberAccount(person=register, user=stranger).full_clean()
