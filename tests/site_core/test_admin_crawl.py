"""Every admin page a role can reach works for it.

Each role signs in and follows the links the admin offers it: the menu and
the dashboard, then the links on each of those pages (listings lead to
their records' forms, "Add" buttons, filters, history). No page answers
with a server error or "not found", none offers a link the role is then
refused, and none names another partnership's records. Board members have
no admin at all.
"""

import json
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from governance.models import Meeting, Post
from site_core.models import Partnership
from site_core.roles import Role
from tests.factories.consultations import ConsultationPageFactory
from tests.factories.governance import (
    AgendaItemFactory,
    BodyFactory,
    DocumentFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    PostFactory,
)
from tests.factories.site_core import StandardPageFactory, make_site
from tests.helpers import members_papers_collection, role_group

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]

# Pages a role may open, per role, at most: enough to reach every menu entry
# and the records' own forms, without walking every filter combination.
MOST_PAGES = 90
DEPTH = 2
# Not pages: scripts, icons, the API behind choosers, signing out; and bulk
# actions, whose links get the chosen records' ids added by the listing's script.
NOT_PAGES = (
    "/admin/bulk/",
    "/admin/logout/",
    "/admin/api/",
    "/admin/jsi18n/",
    "/admin/sprite/",
    "/admin/dismissibles/",
    "/admin/block-preview/",
)
OTHER = "Otherton Safeguarding Board"


@pytest.fixture(autouse=True)
def _admin_templates(invalid_template_variables_as_in_production):
    """Wagtail's admin renders here (tests/conftest.py says why)."""


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def records(site):
    """A little of everything each role works on, in two partnerships."""
    ours = Partnership.objects.get(site=site)
    StandardPageFactory(parent=site.root_page, title="Who we are")
    DocumentFactory(title="Our annual report", collection=ours.public_documents)
    body = BodyFactory(partnership=ours, name="Testshire Safeguarding Board", slug="tsb")
    post = PostFactory(body=body, role=Post.Role.LAY_MEMBER)
    MembershipFactory(post=post, person=PersonFactory(partnership=ours, name="Lee Layperson"))
    meeting = MeetingFactory(body=body, access=Meeting.Access.MEMBERS)
    AgendaItemFactory(
        meeting=meeting,
        title="Case review",
        paper=DocumentFactory(title="Case review paper", collection=members_papers_collection()),
    )

    other_site = make_site(hostname="other.localhost", default=False, title="Otherton home")
    theirs = Partnership.objects.get(site=other_site)
    other_body = BodyFactory(partnership=theirs, name=OTHER, slug="otsb")
    MeetingFactory(body=other_body, access=Meeting.Access.PUBLIC)
    DocumentFactory(title=f"{OTHER} paper", collection=theirs.public_documents)
    StandardPageFactory(parent=other_site.root_page, title=f"{OTHER} page")
    # Consultations: their results, free-text answers and exports, by role.
    ConsultationPageFactory(parent=site.root_page, title="Feeling safe")
    ConsultationPageFactory(parent=other_site.root_page, title=f"{OTHER} consultation")


def admin_links(html, with_menu):
    soup = BeautifulSoup(html, "html.parser")
    hrefs = [a["href"] for a in (soup.select_one("main") or soup).select("a[href]")]
    props = soup.select_one("#wagtail-sidebar-props")
    if with_menu and props is not None:
        hrefs += list(urls_in(json.loads(props.string)))
    for href in hrefs:
        path = urldefrag(href)[0]
        if path.startswith("/admin/") and not path.startswith(NOT_PAGES):
            yield path


def urls_in(data):
    """Every "url" in the sidebar's menu (its items, submenus and account menu)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "url" and isinstance(value, str):
                yield value
            else:
                yield from urls_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from urls_in(value)


def crawl(client):
    """{path: what went wrong} for the pages reached from the dashboard."""
    problems, seen = {}, {"/admin/"}
    queue = deque([("/admin/", 0, None)])
    opened = 0
    while queue and opened < MOST_PAGES:
        path, depth, came_from = queue.popleft()
        opened += 1
        try:
            response = client.get(path)
        except Exception as error:  # the test client re-raises a view's exception: a 500
            problems[path] = f"server error {error!r} (linked from {came_from})"
            continue
        if response.status_code >= 500 or response.status_code == 404:
            problems[path] = f"answered {response.status_code} (linked from {came_from})"
            continue
        if response.status_code in (302, 403) and path != "/admin/":
            # The admin refuses by sending to the dashboard (or answering 403).
            location = response.headers.get("Location", "")
            if response.status_code == 403 or urlsplit(location).path in ("/admin/", ""):
                problems[path] = f"offered, then refused (linked from {came_from})"
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if OTHER in html:
            problems[path] = "names another partnership's records"
        if depth < DEPTH:
            for link in admin_links(html, with_menu=depth == 0):
                if link not in seen:
                    seen.add(link)
                    queue.append((link, depth + 1, path))
    return problems, opened


@pytest.mark.parametrize(
    "role",
    [Role.EDITORS, Role.APPROVERS, Role.GOVERNANCE_OFFICERS, Role.ADMINISTRATORS],
)
def test_every_admin_page_a_role_reaches_works(client, login_as, django_user_model, records, role):
    user = django_user_model.objects.create_user("staff", email="staff@example.org")
    user.groups.add(role_group(role))
    login_as(client, user)
    problems, opened = crawl(client)
    assert not problems, "\n".join(f"{path}: {what}" for path, what in sorted(problems.items()))
    assert opened > 5, "the crawl reached almost nothing: the menu was not found"


def test_board_members_reach_no_admin_page(client, login_as, django_user_model, records):
    user = django_user_model.objects.create_user("member", email="member@example.org")
    user.groups.add(role_group(Role.BOARD_MEMBERS))
    login_as(client, user)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert "/admin/login/" in response.headers.get("Location", "/admin/login/")
    for path in ("/admin/pages/", "/admin/documents/", "/admin/snippets/governance/meeting/"):
        assert client.get(path).status_code in (302, 403), path


def test_the_page_types_report_which_names_every_partnerships_pages_is_for_superusers(
    client, login_as, django_user_model, records, admin_user
):
    # Wagtail's report counts every page type installation-wide and names the
    # last page edited of each, whichever partnership it belongs to.
    user = django_user_model.objects.create_user("editor", email="editor@example.org")
    user.groups.add(role_group(Role.APPROVERS))
    login_as(client, user)
    assert "page-types-usage" not in client.get("/admin/").content.decode()
    response = client.get("/admin/reports/page-types-usage/")
    assert response.status_code in (302, 403)
    assert OTHER not in client.get("/admin/reports/page-types-usage/", follow=True).content.decode()
    superuser = login_as(Client(), admin_user)
    assert superuser.get("/admin/reports/page-types-usage/").status_code == 200
