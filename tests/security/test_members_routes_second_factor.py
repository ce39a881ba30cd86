"""Every route, generated: a password alone opens nothing members-only for an
admin account, whatever the route (page, sub-route, document, pack, calendar,
API, export).

The routes come from the URL resolver and from every routable page type's own
routes, so a route added later is requested too (and the test says so if it
needs a value for a new kind of parameter). Members-only data is planted with
one marker word in it; each route is asked by the public, a verified
governance officer, the same officer with a password alone, a board member
and another partnership's verified officer, and the marker must reach only
the partnership's verified staff and board members.
"""

import uuid
from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from governance.models import Meeting
from publications.models import ReviewRecommendation
from site_core.roles import Role
from site_core.security import admin_prefix
from tests.factories.evidence import (
    IndicatorDashboardPageFactory,
    IndicatorFactory,
    RecommendationsPageFactory,
    RecommendationUpdateFactory,
)
from tests.factories.governance import (
    AgendaItemFactory,
    BodyFactory,
    DocumentFactory,
    GovernanceIndexPageFactory,
    MeetingFactory,
    MembersAreaPageFactory,
    linked_member,
    seat,
)
from tests.factories.publications import ReviewFindingsPageFactory
from tests.factories.site_core import StandardPageFactory
from tests.helpers import (
    members_papers_collection,
    restrict_to_board_members,
    sign_in_with_second_factor,
)

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]

# In every piece of members-only data, and in nothing public.
MARKER = "Zanzibarmembersonly"
TWO_FACTOR = reverse("accounts_two_factor")

# Wagtail's page route: every live page is requested instead, with its sub-routes.
PAGE_TREE_URL_NAME = "wagtail_serve"


def private_document(title, collection=None):
    return DocumentFactory(
        title=f"{title} {MARKER}",
        file=ContentFile(f"{MARKER} board paper.\n".encode(), name="paper.txt"),
        **({"collection": collection} if collection else {}),
    )


@pytest.fixture
def world(home, partnership, media_root):
    """One partnership's site with members-only data behind every kind of route."""
    body = BodyFactory(partnership=partnership, name="Safeguarding board", slug="board")
    public_meeting = MeetingFactory(body=body, date=date(2026, 3, 4))
    members_meeting = MeetingFactory(
        body=body,
        date=timezone.localdate() + timedelta(days=30),
        access=Meeting.Access.MEMBERS,
        place=f"Room 4 {MARKER}",
        summary=f"Agreed the plan {MARKER}",
        minutes=private_document("Minutes", members_papers_collection()),
    )
    paper = private_document("Scorecard", members_papers_collection())
    AgendaItemFactory(meeting=members_meeting, title=f"Scorecard {MARKER}", paper=paper)
    # A paper of a members-only meeting left in the public collection.
    loose_paper = private_document("Loose paper")
    AgendaItemFactory(meeting=members_meeting, title="Loose paper", paper=loose_paper)
    # A members' paper of no meeting (its title and link were in the API).
    audit = private_document("Section 11 audit", members_papers_collection())
    # Contact details: for members only.
    seat(body, name="Casey Contact", email=f"{MARKER}@example.org")

    governance = GovernanceIndexPageFactory(parent=home)
    members_area = MembersAreaPageFactory(parent=governance)
    restrict_to_board_members(members_area)
    briefing = StandardPageFactory(parent=home, title=f"Briefing {MARKER}", slug="briefing")
    restrict_to_board_members(briefing)
    StandardPageFactory(parent=briefing, title=f"Briefing notes {MARKER}", slug="notes")

    review = ReviewFindingsPageFactory(parent=home, title="Practice review: Child R")
    recommendation = ReviewRecommendation.objects.create(
        page=review, number="1", text="Train GPs on bruising in babies", owner="Health"
    )
    RecommendationUpdateFactory(
        recommendation=recommendation, date=date(2024, 1, 10), private_note=f"Lead {MARKER}"
    )
    recommendations = RecommendationsPageFactory(parent=home)
    IndicatorDashboardPageFactory(parent=home)
    indicator = IndicatorFactory(code="ehc", partnership=partnership)

    documents = [paper, loose_paper, members_meeting.minutes, audit]
    pages = [members_area, briefing, recommendations, review]
    return {
        "documents": documents,
        "body": body,
        "members_area": members_area,
        "members_meeting": members_meeting,
        "briefing": briefing,
        "recommendations": recommendations,
        # Coherent sets of values for route parameters, by parameter name.
        "values": [
            *({"document_id": d.pk, "document_filename": d.filename} for d in documents),
            *({"pk": d.pk} for d in documents),
            *({"pk": p.pk} for p in pages),
            *({"slug": body.slug, "meeting_id": m.pk} for m in (public_meeting, members_meeting)),
            {"code": indicator.code},
            {"token": "no-such-token"},
            {"name": "recommendations", "fmt": "csv"},
            {"type_key": "annual-reports"},
            {"size": 180},
            {"review_id": review.pk, "recommendation_id": recommendation.pk},
            {"restriction_id": 1, "page_view_restriction_id": 1, "page_id": briefing.pk},
            {"step": "who"},  # the "Worried about a child?" route
            {"reference": uuid.uuid4()},  # a training certificate's check
            {"page_id": briefing.pk, "audience": "young-people"},  # answering a consultation
        ],
    }


def _url_patterns(patterns, namespace="", prefix="/"):
    """(namespace, pattern) of every URL pattern outside the admin, which asks
    for the code itself (accounts.second_factor.AdminTwoFactorMiddleware)."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(admin_prefix()):
            continue
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_patterns(pattern.url_patterns, inner, route)
        else:
            yield namespace, pattern


def _fill(names, values, build, what, missing):
    """Every address ``build(kwargs)`` gives for the value sets covering ``names``."""
    urls = {
        build({name: value[name] for name in names}) for value in values if names <= value.keys()
    }
    if not urls:
        missing.append(f"{what} needs values for {sorted(names)}: add them to world['values']")
    return urls


def every_route(world):
    """(address, where it came from) for every route of the site outside the admin."""
    urls, missing = {}, []
    for namespace, pattern in _url_patterns(get_resolver().url_patterns):
        name = pattern.name
        if name is None or name == PAGE_TREE_URL_NAME:
            continue  # unnamed: /media/images/, renditions only (documents never)
        names = set(pattern.pattern.regex.groupindex)
        if pattern.pattern.regex.groups > len(names):  # Wagtail's document view
            for document in world["documents"]:
                urls[document.url] = f"URL {name}"
            continue
        for url in _fill(
            names,
            world["values"],
            lambda kwargs, n=f"{namespace}{name}": reverse(n, kwargs=kwargs or None),
            f"URL {namespace}{name}",
            missing,
        ):
            urls[url] = f"URL {namespace}{name}"
    for page in Page.objects.live().specific():
        urls[page.url] = f"page {page.title}"
        if isinstance(page, RoutablePageMixin):
            for route in type(page).get_subpage_urls():
                names = set(route.pattern.regex.groupindex)
                what = f"{type(page).__name__} route {route.name}"
                for url in _fill(
                    names,
                    world["values"],
                    lambda kwargs, p=page, n=route.name: (
                        p.url + p.reverse_subpage(n, kwargs=kwargs or None)
                    ),
                    what,
                    missing,
                ):
                    urls[url] = what
    assert not missing, missing
    # Listings that would name members-only pages and papers, by search and type
    # too (searching for words of their titles: a search page repeats the query).
    for extra in (
        "/api/v2/pages/?search=briefing",
        "/api/v2/pages/?type=governance.MembersAreaPage",
        "/api/v2/pages/find/?html_path=/briefing/notes/",
        "/api/v2/documents/?search=scorecard",
        "/search/?q=briefing",
        "/search/?q=scorecard",
    ):
        urls[extra] = "listing"
    return urls


def content(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def answers(client, urls):
    return {url: client.get(url) for url in urls}


def shows_members_data(response):
    return MARKER in content(response)


@pytest.fixture
def officer(make_user):
    """Keeps the governance records and edits pages: admin access, and members' access."""
    return make_user("gina", Role.GOVERNANCE_OFFICERS, Role.EDITORS)


def with_member_record(user, world):
    """``user`` linked to a seat on the board, so "My boards" shows its meetings."""
    linked_member(user, world["body"], name=f"Member {user.get_username()}")
    return user


def verified(user):
    return sign_in_with_second_factor(Client(), user)


def password_alone(user):
    client = Client()
    client.force_login(user)  # no one-time code: the session is not verified
    return client


def test_a_password_alone_opens_no_members_route(world, officer):
    urls = every_route(world)
    with_member_record(officer, world)
    public = answers(Client(), urls)
    leaks = [url for url, response in public.items() if shows_members_data(response)]
    assert not leaks, f"members-only data shown to the public at {leaks}"

    with_code = answers(verified(officer), urls)
    members_routes = {url for url, response in with_code.items() if shows_members_data(response)}
    # The premise: the world plants members-only data behind each kind of route.
    members_area, recommendations = world["members_area"], world["recommendations"]
    assert {
        members_area.url,
        members_area.url + "my-boards/",
        members_area.url + f"meetings/{world['members_meeting'].pk}/",
        recommendations.url + "members/",
        world["briefing"].url,
        world["briefing"].url + "notes/",
        *(document.url for document in world["documents"]),
        "/api/v2/pages/",
    } <= members_routes
    # The documents API lists public documents only, to everyone (docs/documents.md).
    assert "/api/v2/documents/" not in members_routes

    without_code = answers(password_alone(officer), urls)
    problems = []
    for url, response in without_code.items():
        if shows_members_data(response):
            problems.append(f"{url} ({urls[url]}) shows members-only data")
        elif url in members_routes and url.startswith("/api/"):
            # The API treats the session as nobody's: exactly what the public gets.
            if (response.status_code, content(response)) != (
                public[url].status_code,
                content(public[url]),
            ):
                problems.append(f"{url} answers otherwise than to the public")
        elif url in members_routes:
            location = response.get("Location", "")
            if response.status_code != 302 or location != f"{TWO_FACTOR}?" + urlencode(
                {"next": url}
            ):
                problems.append(f"{url} ({urls[url]}) does not ask for the second factor")
    assert not problems, "\n".join(problems)


def test_board_members_keep_their_access_with_a_password(world, officer, make_user):
    """Board members have no admin access, so no second factor: their password
    alone opens every members' route that verified staff get."""
    urls = every_route(world)
    member = with_member_record(make_user("bo", Role.BOARD_MEMBERS), world)
    client = Client()
    client.force_login(member)
    seen = {url for url, response in answers(client, urls).items() if shows_members_data(response)}
    with_member_record(officer, world)
    with_code = answers(verified(officer), urls)
    assert seen == {url for url, response in with_code.items() if shows_members_data(response)}
    assert world["recommendations"].url + "members/" in seen


def test_another_partnerships_verified_staff_see_nothing_members_only(
    world, make_user, other_partnership
):
    urls = every_route(world)
    outsider = make_user(
        "otto",
        Role.GOVERNANCE_OFFICERS,
        Role.EDITORS,
        Role.BOARD_MEMBERS,
        partnership=other_partnership,
    )
    with_member_record(outsider, world)  # even wrongly linked to a seat here
    shown = [
        url
        for url, response in answers(verified(outsider), urls).items()
        if shows_members_data(response)
    ]
    assert not shown, f"another partnership's staff read members-only data at {shown}"
