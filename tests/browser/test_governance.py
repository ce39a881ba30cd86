"""Governance pages in a real browser: axe-core, small screens, keyboard and sign-in."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from demo import illustrative
from governance.models import Body, Meeting, Post, Relationship
from site_core.models import Partnership
from tests.factories.governance import (
    AgendaItemFactory,
    AttendanceFactory,
    BodyFactory,
    DeclarationFactory,
    DocumentFactory,
    GovernanceIndexPageFactory,
    MeetingFactory,
    MembersAreaPageFactory,
    MembershipFactory,
    MissionFactory,
    PostFactory,
    PublicationReceivedFactory,
    RelationshipFactory,
    ResponsibilityFactory,
    StrategicPriorityFactory,
    ValueFactory,
    ValueThemeFactory,
)
from tests.helpers import board_members_group, members_papers_collection, restrict_to_board_members

from .helpers import (
    BROWSER_DB,
    PASSWORD,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    pages_built_once,
    sign_in_to_members_page,
    wait_until,
)


def build_governance(site):
    partnership = Partnership.for_site(site)
    home = site.root_page.specific
    index = GovernanceIndexPageFactory(parent=home)
    members = MembersAreaPageFactory(parent=index)
    restrict_to_board_members(members)
    board = BodyFactory(
        partnership=partnership,
        name="Testshire Safeguarding Children Partnership",
        short_name="TSCP",
        slug="tscp",
        began=date(2019, 9, 29),
    )
    old = BodyFactory(
        partnership=partnership,
        name="Testshire Safeguarding Children Board",
        slug="tscb",
        kind=Body.Kind.BOARD,
        ended=date(2019, 9, 28),
    )
    executive = BodyFactory(
        partnership=partnership,
        name="Testshire Executive",
        slug="executive",
        kind=Body.Kind.EXECUTIVE,
        parent=board,
    )
    BodyFactory(
        partnership=partnership,
        name="Learning and Workforce Development Programme Board",
        slug="lwd",
        kind=Body.Kind.PROGRAMME_BOARD,
        parent=executive,
    )
    hwb = BodyFactory(
        partnership=partnership,
        name="Testshire Health and Wellbeing Board",
        slug="hwb",
        kind=Body.Kind.HEALTH_AND_WELLBEING,
    )
    RelationshipFactory(
        subject=board,
        other=hwb,
        kind=Relationship.Kind.REPORTS_TO,
        framework_title="Framework of cooperation",
        began=date(2019, 9, 29),
    )
    chair = PostFactory(body=board, role=Post.Role.INDEPENDENT_CHAIR, sort_order=1)
    MembershipFactory(post=chair, person__name="Chris Chair", term_ends=None)
    lay = PostFactory(body=board, role=Post.Role.LAY_MEMBER, holders=2)
    lee = MembershipFactory(
        post=lay,
        person__name="Lee Lay",
        term_starts=timezone.localdate() - timedelta(days=300),
        term_ends=timezone.localdate() + timedelta(days=20),
    ).person
    illustrative.mark(lee, "Invented for this test.")  # its label is checked by axe too
    MissionFactory(body=old)
    theme = ValueThemeFactory(body=old)
    ValueFactory(theme=theme)
    ResponsibilityFactory(body=old)
    StrategicPriorityFactory(body=board)
    public = MeetingFactory(body=hwb)
    AgendaItemFactory(meeting=public, title="Annual report", paper=DocumentFactory())
    PublicationReceivedFactory(meeting=public, title="Annual report 2022/23", outcome="Received")
    private = MeetingFactory(body=board, access=Meeting.Access.MEMBERS, date=date(2026, 10, 15))
    AgendaItemFactory(
        meeting=private,
        title="Scorecard",
        paper=DocumentFactory(collection=members_papers_collection()),
    )
    person = board.posts.first().memberships.first().person
    AttendanceFactory(meeting=private, person=person)
    DeclarationFactory(meeting=private, person=person)
    user = get_user_model().objects.create_user("member", password=PASSWORD)
    user.groups.add(board_members_group())
    base = index.url
    return {
        "overview": base,
        "body": base + "bodies/tscp/",
        "outside_body": base + "bodies/hwb/",
        "meeting": base + f"bodies/hwb/meetings/{public.pk}/",
        "values": base + "values/",
        "history": base + "history/",
        "sign_in": "/_util/login/?next=" + members.url,
        "members": members.url,
        "members_meeting": members.url + f"meetings/{private.pk}/",
    }


@pytest.fixture
def governance(site):
    """Built for a test that signs in (it writes), emptied after it."""
    return build_governance(site)


public_governance = pages_built_once(build_governance)

PUBLIC = ["overview", "body", "outside_body", "meeting", "values", "history", "sign_in"]


@pytest.mark.parametrize("which", PUBLIC)
def test_public_governance_pages_have_no_axe_violations(
    reading_server, page, axe, public_governance, which
):
    page.goto(reading_server.url + public_governance[which])
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(axe, page)


@pytest.mark.parametrize("which", PUBLIC)
def test_public_governance_pages_do_not_scroll_sideways_at_320px(
    reading_server, page, public_governance, which
):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(reading_server.url + public_governance[which])
    assert_no_horizontal_scroll(page)


@BROWSER_DB
@pytest.mark.parametrize("which", ["members", "members_meeting"])
def test_members_area_after_signing_in(live_server, page, axe, governance, which):
    sign_in_to_members_page(page, live_server.url + governance["members"])
    page.goto(live_server.url + governance[which])
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(axe, page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert_no_horizontal_scroll(page)


@BROWSER_DB
def test_signing_in_leads_back_to_the_members_area_and_signing_out_locks_it(
    live_server, page, governance
):
    sign_in_to_members_page(page, live_server.url + governance["members"])
    assert page.locator("text=Terms ending in the next 90 days").is_visible()
    assert page.locator("text=Lee Lay").first.is_visible()
    # Wait for signing out to finish: a request racing it on SQLite can find
    # the database locked.
    with page.expect_navigation():
        page.click("text=Sign out")
    page.goto(live_server.url + governance["members"])
    assert "/_util/login/" in page.url


def test_structure_diagram_can_be_reached_and_scrolled_by_keyboard(
    reading_server, page, public_governance
):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(reading_server.url + public_governance["overview"])
    region = page.locator(".gov-diagram-wrapper")
    region.focus()
    assert page.evaluate("document.activeElement.classList.contains('gov-diagram-wrapper')")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    assert region.evaluate("el => el.scrollLeft") == 0
    page.keyboard.press("ArrowRight")
    # Keyboard scrolling is smooth, so wait for it rather than read it at once.
    wait_until(page, "() => document.querySelector('.gov-diagram-wrapper').scrollLeft > 0")
