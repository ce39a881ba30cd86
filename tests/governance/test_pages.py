"""The public governance pages: what they show, and what they never show."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from demo import illustrative
from governance.models import Body, Meeting, Post, Relationship
from tests.factories.governance import (
    AgendaItemFactory,
    AttendanceFactory,
    BodyFactory,
    DocumentFactory,
    MeetingFactory,
    MembershipFactory,
    MissionFactory,
    PersonFactory,
    PostFactory,
    PublicationReceivedFactory,
    RelationshipFactory,
    ResponsibilityFactory,
    StrategicPriorityFactory,
    ValueFactory,
    ValueThemeFactory,
)
from tests.helpers import members_papers_collection

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def h1_text(response):
    titles = soup(response).find_all("h1")
    assert len(titles) == 1
    return titles[0].get_text(" ", strip=True)


@pytest.fixture
def structure(partnership, board):
    executive = BodyFactory(
        partnership=partnership,
        name="Testshire Executive",
        slug="executive",
        kind=Body.Kind.EXECUTIVE,
        parent=board,
    )
    BodyFactory(
        partnership=partnership,
        name="Learning Programme Board",
        slug="learning",
        kind=Body.Kind.PROGRAMME_BOARD,
        parent=executive,
    )
    BodyFactory(
        partnership=partnership,
        name="Old Improvement Board",
        slug="improvement",
        kind=Body.Kind.IMPROVEMENT_BOARD,
        began=date(2014, 11, 1),
        ended=date(2018, 3, 31),
    )
    hwb = BodyFactory(
        partnership=partnership,
        name="Testshire Health and Wellbeing Board",
        slug="hwb",
        kind=Body.Kind.HEALTH_AND_WELLBEING,
    )
    RelationshipFactory(subject=board, other=hwb, kind=Relationship.Kind.REPORTS_TO)
    return {"executive": executive, "hwb": hwb}


def test_overview_shows_the_structure_as_a_diagram_and_as_nested_lists(
    client, governance_page, structure
):
    response = client.get(governance_page.url)
    assert response.status_code == 200
    page = soup(response)
    svg = page.select_one("svg.gov-diagram")
    assert svg["role"] == "img"
    assert "Testshire Executive" in svg.get_text()
    tree = page.select_one("ul.gov-tree")
    top = tree.find("li", recursive=False)
    assert top.find("a").get_text() == "Testshire Safeguarding Children Partnership"
    executive = top.find("ul", class_="gov-tree").find("li", recursive=False)
    assert executive.find("a").get_text() == "Testshire Executive"
    assert "Learning Programme Board" in executive.find("ul").get_text()
    # Closed bodies belong to the history, not the current structure.
    assert "Old Improvement Board" not in tree.get_text()
    assert "Reports to" in tree.get_text()
    assert "Testshire Health and Wellbeing Board" in page.select_one(".card-grid").get_text()


def test_body_page_shows_chair_members_by_post_vacancies_and_relationships(
    client, governance_page, board, partnership, structure
):
    chair = PostFactory(body=board, role=Post.Role.INDEPENDENT_CHAIR, sort_order=1)
    MembershipFactory(
        post=chair,
        person__name="Chris Chair",
        person__profile="Chairs three boards.",
        person__profile_consent=True,
        term_starts=date(2022, 4, 1),
        term_ends=None,
    )
    lay = PostFactory(body=board, role=Post.Role.LAY_MEMBER, holders=2, sort_order=5)
    lee = MembershipFactory(
        post=lay,
        person__name="Lee Lay",
        person__profile="Not agreed to be shown.",
        term_starts=date(2024, 1, 1),
        term_ends=date(2099, 1, 1),
    ).person
    illustrative.mark(lee, "Invented for this test.")
    MembershipFactory(
        post=lay,
        person__name="Fran Former",
        term_starts=date(2019, 1, 1),
        term_ends=date(2022, 1, 1),
    )
    StrategicPriorityFactory(body=board, title="Voice of the child")
    public = MeetingFactory(body=board, date=date(2024, 3, 1))
    MeetingFactory(body=board, date=date(2024, 4, 1), access=Meeting.Access.MEMBERS)
    url = governance_page.url + "bodies/tscp/"
    response = client.get(url)
    assert response.status_code == 200
    assert h1_text(response) == "Testshire Safeguarding Children Partnership"
    html = response.content.decode()
    facts = soup(response).select_one(".fact-list").get_text(" ", strip=True)
    assert "Chair Chris Chair (Independent Chair)" in facts
    rows = [
        row.get_text(" ", strip=True) for row in soup(response).select("table.data-table tbody tr")
    ]
    assert rows[0].startswith("Independent Chair Chris Chair")
    assert any(r.startswith("Lay member Lee Lay Demo person") for r in rows)
    assert any(r.startswith("Lay member Vacant") for r in rows)
    # A former member is in the record of former members, not among the current ones.
    members = soup(response).find(id="members-heading").find_parent("section").get_text()
    assert "Fran Former" not in members
    former = soup(response).find(id="former-heading").find_parent("section").get_text()
    assert "Fran Former" in former
    assert "Chairs three boards." in html
    assert "Not agreed to be shown." not in html
    assert "Testshire Executive" in html  # subgroup
    assert "reports to" in html
    assert "Voice of the child" in html
    assert f"meetings/{public.pk}/" in html
    assert "1 April 2024" not in html  # the members-only meeting


def test_public_pages_never_show_private_contact_details(
    client, governance_page, board, partnership
):
    person = PersonFactory(
        partnership=partnership,
        name="Pat Private",
        email="pat.private@example.org",
        phone="0191 498 0777",
        notes="Secret note",
    )
    MembershipFactory(post=PostFactory(body=board), person=person, term_starts=date(2020, 1, 1))
    meeting = MeetingFactory(body=board)
    AttendanceFactory(meeting=meeting, person=person)
    urls = [
        governance_page.url,
        governance_page.url + "bodies/tscp/",
        governance_page.url + f"bodies/tscp/meetings/{meeting.pk}/",
        "/governance.json",
        "/governance.csv",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for secret in ("pat.private@example.org", "0191 498 0777", "Secret note"):
            assert secret not in text, f"{secret} leaked on {url}"


def test_public_meeting_page_hides_private_papers_and_lists_publications_received(
    client, governance_page, board
):
    meeting = MeetingFactory(body=board, date=date(2023, 12, 12))
    AgendaItemFactory(
        meeting=meeting, title="Annual report", paper=DocumentFactory(title="Public paper")
    )
    AgendaItemFactory(
        meeting=meeting,
        title="Restricted item",
        paper=DocumentFactory(title="Secret paper", collection=members_papers_collection()),
    )
    PublicationReceivedFactory(
        meeting=meeting, title="Annual Report 2022/23", outcome="Received and considered"
    )
    response = client.get(governance_page.url + f"bodies/tscp/meetings/{meeting.pk}/")
    assert (
        h1_text(response)
        == "Testshire Safeguarding Children Partnership: meeting on 12 December 2023"
    )
    html = response.content.decode()
    assert "Public paper" in html
    assert "Restricted item" in html
    assert "Secret paper" not in html
    assert "Annual Report 2022/23: Received and considered" in soup(response).get_text(" ")


def test_members_only_meetings_are_not_found_on_public_routes(client, governance_page, board):
    meeting = MeetingFactory(body=board, access=Meeting.Access.MEMBERS)
    response = client.get(governance_page.url + f"bodies/tscp/meetings/{meeting.pk}/")
    assert response.status_code == 404


def test_unknown_bodies_and_other_partnerships_bodies_are_not_found(client, governance_page, board):
    from site_core.models import Partnership
    from tests.factories.site_core import make_site

    other = Partnership.for_site(
        make_site(hostname="other.localhost", default=False, title="Other")
    )
    BodyFactory(partnership=other, slug="elsewhere")
    assert client.get(governance_page.url + "bodies/elsewhere/").status_code == 404
    assert client.get(governance_page.url + "bodies/no-such-body/").status_code == 404
    assert client.get(governance_page.url + "bodies/tscp/meetings/999999/").status_code == 404


def test_values_page_shows_mission_themes_responsibilities_and_priorities(
    client, governance_page, board
):
    MissionFactory(body=board, statement="High support, high challenge")
    theme = ValueThemeFactory(body=board, number=2, name="Work in partnerships")
    ValueFactory(theme=theme, name="Collaborative")
    ResponsibilityFactory(body=board, title="Learn and improve")
    StrategicPriorityFactory(body=board, title="People")
    response = client.get(governance_page.url + "values/")
    assert response.status_code == 200
    assert h1_text(response) == "Our mission, values and priorities"
    text = soup(response).get_text(" ", strip=True)
    for expected in (
        "High support, high challenge",
        "Theme 2: Work in partnerships",
        "Collaborative",
        "Learn and improve",
        "People",
        "April 2018",
    ):
        assert expected in text


def test_history_page_runs_from_board_to_partnership(client, governance_page, partnership):
    BodyFactory(
        partnership=partnership,
        name="Testshire Safeguarding Children Board",
        slug="board",
        kind=Body.Kind.BOARD,
        ended=date(2019, 9, 28),
    )
    BodyFactory(
        partnership=partnership,
        name="Testshire Partnership",
        slug="partnership",
        began=date(2019, 9, 29),
    )
    hwb = BodyFactory(
        partnership=partnership,
        slug="hwb",
        name="Testshire HWB",
        kind=Body.Kind.HEALTH_AND_WELLBEING,
    )
    RelationshipFactory(
        subject=Body.objects.get(slug="partnership"),
        other=hwb,
        kind=Relationship.Kind.REPORTS_TO,
        began=date(2019, 10, 1),
        framework_title="Framework of cooperation",
    )
    BodyFactory(
        partnership=partnership,
        slug="short-lived",
        name="Short-lived group",
        kind=Body.Kind.TASK_AND_FINISH,
        began=date(2018, 1, 1),
    )
    response = client.get(governance_page.url + "history/")
    assert h1_text(response) == "How our arrangements have changed"
    items = [li.get_text(" ", strip=True) for li in soup(response).select(".gov-timeline li")]
    assert len(items) == 3  # task and finish groups are left out
    assert items[0].startswith("September 2019 Testshire Safeguarding Children Board closed")
    assert items[1].startswith("September 2019 Testshire Partnership began")
    assert items[2] == (
        "October 2019 From then: Testshire Partnership reports to Testshire HWB "
        "(under the Framework of cooperation)"
    )
