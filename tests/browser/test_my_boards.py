"""A board member's first visit after signing in, in a real browser: "My boards"
and the public meetings lists pass axe-core, fit 320 px and work by keyboard."""

from datetime import timedelta

import pytest
from django.utils import timezone

from governance.models import Meeting, Post
from site_core.models import Partnership
from tests.factories.governance import (
    AgendaItemFactory,
    AttendanceFactory,
    BodyFactory,
    DeclarationFactory,
    DocumentFactory,
    GovernanceIndexPageFactory,
    InterestFactory,
    MeetingFactory,
    MemberAccountFactory,
    MembersAreaPageFactory,
    MembershipFactory,
    PersonFactory,
    PostFactory,
)
from tests.helpers import board_members_group, members_papers_collection, restrict_to_board_members

from .helpers import (
    BROWSER_DB,
    PASSWORD,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    sign_in_to_members_page,
)

pytestmark = BROWSER_DB


@pytest.fixture
def boardroom(site, django_user_model):
    today = timezone.localdate()
    partnership = Partnership.for_site(site)
    index = GovernanceIndexPageFactory(parent=site.root_page.specific)
    members = MembersAreaPageFactory(parent=index)
    restrict_to_board_members(members)
    board = BodyFactory(partnership=partnership, name="Testshire Partnership", slug="tscp")
    person = PersonFactory(partnership=partnership, name="Casey Member")
    MembershipFactory(
        person=person,
        post=PostFactory(body=board, role=Post.Role.LAY_MEMBER),
        term_starts=today - timedelta(days=600),
        term_ends=today + timedelta(days=45),
    )
    upcoming = MeetingFactory(
        body=board, date=today + timedelta(days=7), access=Meeting.Access.MEMBERS, place="Room 1"
    )
    AgendaItemFactory(
        meeting=upcoming,
        number="1",
        title="Quarterly scorecard",
        paper=DocumentFactory(collection=members_papers_collection()),
    )
    past = MeetingFactory(body=board, date=today - timedelta(days=30))
    AgendaItemFactory(meeting=past, number="1", title="Annual report", paper=DocumentFactory())
    AttendanceFactory(meeting=past, person=person)
    DeclarationFactory(meeting=past, person=person)
    InterestFactory(person=person)
    user = django_user_model.objects.create_user("member", password=PASSWORD)
    user.groups.add(board_members_group())
    MemberAccountFactory(person=person, user=user)
    return {
        "my_boards": members.url + "my-boards/",
        "meetings": index.url + "meetings/",
        "body_meetings": index.url + "bodies/tscp/meetings/",
    }


def test_a_members_first_visit_after_signing_in(live_server, page, axe, boardroom):
    sign_in_to_members_page(page, live_server.url + boardroom["my_boards"])
    assert page.locator("h1").inner_text() == "My boards"
    assert page.locator("text=45 days").is_visible()
    assert page.locator("text=Quarterly scorecard").is_visible()
    assert_no_axe_violations(axe, page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert_no_horizontal_scroll(page)

    # By keyboard: make a private calendar address; it is shown once.
    button = page.get_by_role("button", name="Make my calendar address")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#feed-url")
    assert "/members/calendar/" in page.locator("#feed-url").input_value()
    assert_no_axe_violations(axe, page)
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("which", ["meetings", "body_meetings"])
def test_public_meetings_lists_have_no_axe_violations(live_server, page, axe, boardroom, which):
    page.goto(live_server.url + boardroom[which])
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(axe, page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert_no_horizontal_scroll(page)
