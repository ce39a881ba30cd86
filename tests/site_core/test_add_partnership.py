"""Adding a partnership: one repeatable command makes a sealed tenant."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupPagePermission,
    PageViewRestriction,
    Site,
)

from demo.management.commands.ensure_demo_admin import DEMO_ROLE_PASSWORD
from governance.models import GovernanceIndexPage, MembersAreaPage
from publications.models import LearningFromReviewsPage, PublicationIndexPage
from site_core.models import ContactPage, Partnership, SafeguardingContacts
from site_core.roles import Role

pytestmark = pytest.mark.django_db

ARGS = [
    "--name",
    "Testshire Safeguarding Children Partnership",
    "--short-name",
    "TSCP",
    "--host",
    "tscp.example.org",
    "--area",
    "Testshire",
]


def add(*args):
    out = io.StringIO()
    call_command("add_partnership", *(args or ARGS), stdout=out)
    return out.getvalue()


def snapshot():
    """Everything the command makes, counted."""
    from django.contrib.auth.models import Group
    from wagtail.models import Page, Workflow

    return {
        "sites": Site.objects.count(),
        "pages": Page.objects.count(),
        "groups": Group.objects.count(),
        "collections": Collection.objects.count(),
        "workflows": Workflow.objects.count(),
        "page permissions": GroupPagePermission.objects.count(),
    }


def test_add_partnership_makes_everything_a_new_partnership_needs():
    output = add()
    site = Site.objects.get(hostname="tscp.example.org")
    partnership = Partnership.objects.get(site=site)
    assert partnership.short_name == "TSCP"
    assert SafeguardingContacts.objects.filter(site=site).exists()
    home = site.root_page.specific
    assert home.live and home.title == partnership.name

    # Standard pages wait as drafts for the partnership's own words and approval.
    for model in (ContactPage, GovernanceIndexPage, PublicationIndexPage, LearningFromReviewsPage):
        page = model.objects.descendant_of(home).get()
        assert not page.live, model
    members = MembersAreaPage.objects.descendant_of(home).get()
    restriction = PageViewRestriction.objects.get(page=members)
    groups = {link.role: link.group for link in partnership.role_groups.select_related("group")}
    assert set(groups) == set(Role)
    assert set(restriction.groups.all()) == {
        groups[Role.BOARD_MEMBERS],
        groups[Role.GOVERNANCE_OFFICERS],
    }

    # Its own collections, the members' papers private to its own people.
    assert partnership.public_documents.get_parent() == partnership.collection
    papers = CollectionViewRestriction.objects.get(collection=partnership.members_papers)
    assert groups[Role.BOARD_MEMBERS] in papers.groups.all()
    assert not CollectionViewRestriction.objects.filter(
        collection=partnership.public_documents
    ).exists()

    # Its own sign-off, by its own Approvers.
    [task] = home.get_workflow().tasks.specific()
    assert list(task.groups.all()) == [groups[Role.APPROVERS]]
    assert "TSCP Editors" in output


def test_running_add_partnership_twice_changes_nothing():
    add()
    before = snapshot()
    output = add()
    assert snapshot() == before
    assert "nothing to do" in output


def test_a_second_partnership_gets_groups_of_its_own(site):
    add()
    first, second = Partnership.objects.order_by("pk")
    assert not set(first.role_groups.values_list("group", flat=True)) & set(
        second.role_groups.values_list("group", flat=True)
    )
    assert first.collection != second.collection


def test_demo_accounts_are_one_board_member_per_partnership_and_staff_for_one(client, site):
    from django.contrib.auth import get_user_model

    add("--name", "Otherton SCP", "--short-name", "OSCP", "--host", "oscp.example.org")
    out = io.StringIO()
    call_command("ensure_demo_admin", stdout=out)
    users = get_user_model().objects
    for partnership in Partnership.objects.all():
        member = users.get(username=f"{partnership.short_name.lower()}-member")
        assert member.check_password(DEMO_ROLE_PASSWORD)
        assert list(member.groups.values_list("partnership_role__partnership", flat=True)) == [
            partnership.pk
        ]
        assert member.username in out.getvalue()
    default = Partnership.objects.get(site__is_default_site=True)
    editor = users.get(username=f"{default.short_name.lower()}-editor")
    assert list(editor.groups.values_list("partnership_role__role", flat=True)) == [Role.EDITORS]


@pytest.mark.ignore_template_errors
def test_a_superuser_adds_a_partnership_in_the_admin(admin_client, site):
    url = "/admin/partnerships/add/"
    assert admin_client.get(url).status_code == 200
    form = {"name": "Otherton SCP", "short_name": "OSCP", "area": "", "port": "80"}

    response = admin_client.post(url, {**form, "hostname": "https://oscp.example.org/"})
    assert response.status_code == 200
    assert "Use a host name such as" in response.content.decode()
    assert "Otherton SCP" in response.content.decode()  # what was typed is kept

    response = admin_client.post(url, {**form, "hostname": "oscp.example.org"})
    assert response.status_code == 302
    partnership = Partnership.objects.get(site__hostname="oscp.example.org")
    assert set(partnership.role_groups.values_list("role", flat=True)) == set(Role)

    response = admin_client.post(url, {**form, "hostname": "oscp.example.org"})
    assert "already belongs to" in response.content.decode()


@pytest.mark.ignore_template_errors
def test_only_superusers_may_add_a_partnership(client, login_as, django_user_model, site):
    from tests.helpers import role_group

    approver = django_user_model.objects.create_user("april")
    approver.groups.add(role_group(Role.APPROVERS))
    login_as(client, approver)
    assert client.get("/admin/partnerships/add/").status_code in (302, 403)
    response = client.post(
        "/admin/partnerships/add/",
        {"name": "X", "short_name": "X", "hostname": "x.example.org", "port": "80"},
    )
    assert response.status_code in (302, 403)
    assert not Site.objects.filter(hostname="x.example.org").exists()
