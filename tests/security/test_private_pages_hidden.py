"""No trace of members-only pages in public.

A members-only section (pages under a board members' view restriction) is
linked from every public surface: menus, banners, the home page, page bodies,
publication links (replaced by, full version, inspection findings, framework
and recommendation), governance pages (frameworks, publications received),
open data, feeds, listings, search, the sitemap and the API. Each surface is
fetched anonymously: no private title, address or wording may appear, while
the same link to a public page does (so the test fails if links break).
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.test import override_settings
from wagtail.models import Page
from wagtail.rich_text import RichText

from governance.models import Body, PublicationReceived, Relationship
from publications.models import Inspection, ReviewRecommendation
from site_core import tenancy
from site_core.models import AlertBanner, Navigation, NavigationLink, Partnership
from tests.factories.governance import BodyFactory, GovernanceIndexPageFactory, MeetingFactory
from tests.factories.publications import (
    AnnualReportPageFactory,
    AudienceVersionPageFactory,
    FrameworkPageFactory,
    LearningFromReviewsPageFactory,
    PublicationDocumentFactory,
    PublicationIndexPageFactory,
    ReviewFindingsPageFactory,
)
from tests.factories.site_core import StandardPageFactory, make_site
from tests.helpers import (
    SharedContent,
    default_partnership,
    members_papers_collection,
    restrict_to_board_members,
)

# Everything that must never reach the public.
PRIVATE_TEXT = [
    "Confidential review of Child Q",
    "confidential-review",
    "Confidential protocol for members",
    "confidential-protocol",
    "Members briefings section",
    "members-briefings",
    "Confidential recommendation wording",
]
PUBLIC_REVIEW = "Open review of local practice"
PUBLIC_FRAMEWORK = "Open protocol between boards"


@pytest.fixture(autouse=True)
def _media(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        yield


@dataclass
class World:
    private_review: Page
    public_review: Page
    host_report: Page
    host_report_public: Page
    version_of_private: Page
    version_of_public: Page
    framework_for_private: Page
    public_framework: Page
    governance: Page
    board: Body
    meeting_url: str


def rich_link(page, words):
    return f'<a linktype="page" id="{page.pk}">{words}</a>'


def build_world():
    site = make_site()
    home = site.root_page.specific
    index = PublicationIndexPageFactory(parent=home)
    LearningFromReviewsPageFactory(parent=index)

    # The members-only section: two publications and a standard page.
    private_review = ReviewFindingsPageFactory(
        parent=index, title="Confidential review of Child Q", slug="confidential-review"
    )
    restrict_to_board_members(private_review)
    private_recommendation = ReviewRecommendation.objects.create(
        page=private_review, number="1", text="Confidential recommendation wording"
    )
    public_review = ReviewFindingsPageFactory(parent=index, title=PUBLIC_REVIEW, slug="open-review")
    public_recommendation = ReviewRecommendation.objects.create(
        page=public_review, number="1", text="Agencies share chronologies."
    )
    private_framework = FrameworkPageFactory(
        parent=index,
        title="Confidential protocol for members",
        slug="confidential-protocol",
        answers_recommendation=public_recommendation,
    )
    restrict_to_board_members(private_framework)
    members_section = StandardPageFactory(
        parent=home, title="Members briefings section", slug="members-briefings", show_in_menus=True
    )
    restrict_to_board_members(members_section)

    # Public pages that link to the members-only ones, and the same links to public ones.
    StandardPageFactory(
        parent=home, title="Open guidance", slug="open-guidance", show_in_menus=True
    )
    public_framework = FrameworkPageFactory(
        parent=index,
        title=PUBLIC_FRAMEWORK,
        slug="open-protocol",
        answers_recommendation=public_recommendation,
    )
    framework_for_private = FrameworkPageFactory(
        parent=index,
        title="Protocol after a review",
        slug="protocol-after-review",
        answers_recommendation=private_recommendation,
    )
    host_report = AnnualReportPageFactory(
        parent=index,
        title="Host annual report",
        slug="host-report",
        status="superseded",
        replaced_by=private_review,
        status_note="A newer report replaced it.",
        body=[
            (
                "paragraph",
                RichText(
                    f"<p>Read {rich_link(private_review, 'the members paper')} and "
                    f"{rich_link(public_review, 'the open paper')}.</p>"
                ),
            )
        ],
    )
    Inspection.objects.create(
        page=host_report,
        name="Private inspection",
        month=date(2023, 1, 1),
        findings_page=private_review,
    )
    Inspection.objects.create(
        page=host_report,
        name="Open inspection",
        month=date(2023, 2, 1),
        findings_page=public_review,
    )
    host_report_public = AnnualReportPageFactory(
        parent=index, status="superseded", replaced_by=public_review, reporting_year=2021
    )
    version_of_private = AudienceVersionPageFactory(parent=index, full_version=private_review)
    version_of_public = AudienceVersionPageFactory(parent=index, full_version=public_review)

    # Menus and a banner on every page.
    navigation = Navigation.objects.get(site=site)
    for place in (NavigationLink.PRIMARY, NavigationLink.FOOTER):
        for page in (members_section, private_review, public_review):
            NavigationLink.objects.create(navigation=navigation, place=place, page=page)
    AlertBanner.objects.create(
        title="Banner",
        message=f"<p>See {rich_link(private_review, 'this paper')} and "
        f"{rich_link(public_review, 'that paper')}.</p>",
    )

    # Governance: frameworks of relationships, and publications a meeting received.
    partnership = Partnership.for_site(site)
    governance = GovernanceIndexPageFactory(parent=home)
    board = BodyFactory(
        partnership=partnership, name="Testshire Partnership", slug="tscp", began=date(2019, 9, 1)
    )
    hwb = BodyFactory(partnership=partnership, name="Testshire HWB", slug="hwb", kind="hwb")
    for kind, framework, began in (
        (Relationship.Kind.REPORTS_TO, private_framework, date(2020, 1, 1)),
        (Relationship.Kind.COOPERATES_WITH, public_framework, date(2021, 1, 1)),
    ):
        Relationship.objects.create(
            subject=board, other=hwb, kind=kind, began=began, framework_page=framework
        )
    meeting = MeetingFactory(body=board)
    PublicationReceived.objects.create(meeting=meeting, page=private_review, outcome="Noted")
    PublicationReceived.objects.create(meeting=meeting, page=public_review, outcome="Noted")
    governance_url = governance.url.rstrip("/")
    return World(
        private_review=private_review,
        public_review=public_review,
        host_report=host_report,
        host_report_public=host_report_public,
        version_of_private=version_of_private,
        version_of_public=version_of_public,
        framework_for_private=framework_for_private,
        public_framework=public_framework,
        governance=governance,
        board=board,
        meeting_url=f"{governance_url}/bodies/tscp/meetings/{meeting.pk}/",
    )


WORLD = SharedContent("_shared_private_world", build_world)
_shared_private_world = WORLD.session_fixture()


@pytest.fixture
def world(_shared_private_world, db):
    """build_world() once per test process: every test here only reads it
    (tests/helpers.py: SharedContent); what a test adds rolls back with it."""
    return _shared_private_world.get()


def assert_no_trace(content, where):
    for text in PRIVATE_TEXT:
        assert text not in content, f"{where} shows “{text}”"


# (surface, how to find its address, what public link must show there)
SURFACES = [
    ("home page, menus, banner", lambda w: "/", [PUBLIC_REVIEW, "/publications/open-review/"]),
    ("home page sections", lambda w: "/", ["Open guidance"]),
    (
        "replaced by, inspections, rich text",
        lambda w: w.host_report.url,
        [
            "Open inspection",
            f"Read the findings: {PUBLIC_REVIEW}",
            'href="/publications/open-review/"',
        ],
    ),
    ("replaced by (public)", lambda w: w.host_report_public.url, [PUBLIC_REVIEW]),
    ("full version", lambda w: w.version_of_private.url, []),
    ("full version (public)", lambda w: w.version_of_public.url, [PUBLIC_REVIEW]),
    ("recommendation answered", lambda w: w.framework_for_private.url, []),
    ("recommendation answered (public)", lambda w: w.public_framework.url, [PUBLIC_REVIEW]),
    ("frameworks answering a review", lambda w: w.public_review.url, [PUBLIC_FRAMEWORK]),
    ("governance structure", lambda w: w.governance.url, ["Testshire Partnership"]),
    (
        "body page",
        lambda w: w.governance.url + "bodies/tscp/",
        [PUBLIC_FRAMEWORK, "/publications/open-protocol/", PUBLIC_REVIEW],
    ),
    ("history", lambda w: w.governance.url + "history/", [PUBLIC_FRAMEWORK]),
    ("meeting", lambda w: w.meeting_url, [PUBLIC_REVIEW, "/publications/open-review/"]),
    ("values", lambda w: w.governance.url + "values/", []),
    ("Popolo JSON", lambda w: "/governance.json", [PUBLIC_FRAMEWORK]),
    ("memberships CSV", lambda w: "/governance.csv", ["person,post"]),
    ("RSS", lambda w: "/feeds/publications.rss", [PUBLIC_REVIEW]),
    ("Atom", lambda w: "/feeds/publications.atom", [PUBLIC_REVIEW]),
    ("RSS by type", lambda w: "/feeds/publications/review.rss", [PUBLIC_REVIEW]),
    ("publications index", lambda w: "/publications/", [PUBLIC_REVIEW]),
    ("publications index search", lambda w: "/publications/?q=review", [PUBLIC_REVIEW]),
    ("learning from reviews", lambda w: "/publications/learning-from-reviews/", [PUBLIC_REVIEW]),
    ("site search", lambda w: "/search/?q=review", [PUBLIC_REVIEW]),
    ("site search, members", lambda w: "/search/?q=members", []),
    ("sitemap", lambda w: "/sitemap.xml", ["/publications/open-review/"]),
    ("API pages", lambda w: "/api/v2/pages/?limit=20", [PUBLIC_REVIEW]),
    (
        "API pages by type",
        lambda w: "/api/v2/pages/?type=publications.ReviewFindingsPage",
        [PUBLIC_REVIEW],
    ),
    (
        "API page, rich text as HTML",
        lambda w: f"/api/v2/pages/{w.host_report.pk}/?rich_text_format=html",
        ['href=\\"/publications/open-review/\\"'],
    ),
    (
        "API page",
        lambda w: f"/api/v2/pages/{w.host_report.pk}/",
        lambda w: [f'id=\\"{w.public_review.pk}\\"'],
    ),
    ("API recommendations", lambda w: "/api/v2/recommendations/", ["Agencies share chronologies."]),
    (
        "recommendations open data",
        lambda w: "/open-data/evidence/recommendations.csv",
        ["Agencies share chronologies."],
    ),
]


@pytest.mark.parametrize(
    ("where", "address", "shown"), SURFACES, ids=[surface[0] for surface in SURFACES]
)
def test_no_private_page_on_public_surfaces(client, world, where, address, shown):
    response = client.get(address(world))
    assert response.status_code == 200, where
    content = response.content.decode()
    assert_no_trace(content, where)
    for text in shown if isinstance(shown, list) else shown(world):
        assert text in content, f"{where} lost its link to a public page: “{text}”"


def test_the_members_only_pages_really_are_private(client, world):
    """The premise: anonymous readers are sent to sign in."""
    response = client.get(world.private_review.url)
    assert response.status_code == 302
    assert client.get(f"/api/v2/pages/{world.private_review.pk}/").status_code == 404


def test_board_members_still_see_what_a_meeting_received(world):
    """Hiding is for the public only: the members' view of a meeting lists everything."""
    from governance.models.pages import meeting_parts

    meeting = world.board.meetings.get()
    titles = [r.display_title for r in meeting_parts(meeting, show_private=True)["received"]]
    assert titles == ["Confidential review of Child Q", PUBLIC_REVIEW]


def test_api_refuses_markdown_which_would_resolve_private_links(client, world):
    response = client.get(f"/api/v2/pages/{world.host_report.pk}/?rich_text_format=markdown")
    assert response.status_code == 400
    assert_no_trace(response.content.decode(), "API markdown")
    db_markdown = client.get(f"/api/v2/pages/{world.host_report.pk}/?rich_text_format=db_markdown")
    assert db_markdown.status_code == 200
    assert_no_trace(db_markdown.content.decode(), "API db_markdown")


def test_documents_api_lists_no_private_document(client, world):
    private = PublicationDocumentFactory(
        title="Confidential minutes paper", collection=members_papers_collection()
    )
    PublicationDocumentFactory(
        title="Open minutes paper",
        collection=tenancy.public_documents_collection(default_partnership()),
        published_on_its_own=True,
    )
    listing = client.get("/api/v2/documents/").content.decode()
    assert "Confidential minutes paper" not in listing
    assert "Open minutes paper" in listing
    assert client.get(f"/api/v2/documents/{private.pk}/").status_code == 404
