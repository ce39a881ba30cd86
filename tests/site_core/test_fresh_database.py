"""A new server's database: what `migrate` alone makes, and what adding the
first partnership adds.

The test database is that new database: pytest-django makes it for each test
process by running every migration, nothing in tests/ adds to it, and these
plain database tests run (in a transaction each) before any test that empties
it (tests/conftest.py). So a migration that stopped making the root page, its
sign-off workflow, the root collection or the locale fails here, on SQLite
and on PostgreSQL, without a migration run of its own.
"""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, GroupApprovalTask, Locale, Page, WorkflowPage

from site_core.models import Partnership, PartnershipGroup

pytestmark = pytest.mark.django_db


def workflow_of(page):
    link = WorkflowPage.objects.filter(page=page).select_related("workflow").first()
    if link is None:
        return None
    task = GroupApprovalTask.objects.filter(workflow_tasks__workflow=link.workflow).first()
    return {
        "name": link.workflow.name,
        "active": link.workflow.active,
        "approvers": sorted(task.groups.values_list("name", flat=True)) if task else [],
    }


def state():
    roots = Page.objects.filter(depth=1)
    partnerships = {}
    for partnership in Partnership.objects.select_related("site__root_page"):
        home = partnership.site.root_page
        partnerships[partnership.short_name] = {
            "host": partnership.site.hostname,
            "home_under_root": home.get_parent().pk == roots.first().pk,
            "roles": {
                link.role: link.group.name
                for link in PartnershipGroup.objects.filter(partnership=partnership).select_related(
                    "group"
                )
            },
            "workflow": workflow_of(home),
            "collection_under_root": partnership.collection.get_parent().depth == 1,
            "members_papers": partnership.members_papers.name,
        }
    return {
        "root_pages": [page.title for page in roots],
        "root_collections": [c.name for c in Collection.objects.filter(depth=1)],
        "locales": list(Locale.objects.values_list("language_code", flat=True)),
        "default_locale": Locale.get_default().language_code,
        "site_language": get_supported_content_language_variant(settings.LANGUAGE_CODE),
        "root_workflow": workflow_of(roots.first()),
        "pages_on_wagtail_default_workflow": WorkflowPage.objects.filter(
            workflow__name="Moderators approval"
        ).count(),
        "partnership_groups": PartnershipGroup.objects.count(),
        "partnerships": partnerships,
    }


@pytest.fixture
def migrated():
    """The state after `migrate`."""
    return state()


@pytest.fixture
def added(migrated):
    """The state after `add_partnership` on a database as `migrate` left it."""
    call_command(
        "add_partnership",
        "--name=Testshire Safeguarding Children Partnership",
        "--short-name=TSCP",
        "--host=www.tscp.example.org",
        "--area=Testshire",
        "--default",
        stdout=io.StringIO(),
    )
    return state()


def test_migrations_make_the_root_page_collection_and_locale(migrated):
    assert migrated["root_pages"] == ["Root"]
    assert migrated["root_collections"] == ["Root"]
    assert migrated["locales"] == [migrated["site_language"]]
    assert migrated["default_locale"] == migrated["site_language"]


def test_migrations_put_approver_sign_off_on_the_root_page(migrated):
    assert migrated["root_workflow"] == {
        "name": "Approver sign-off",
        "active": True,
        "approvers": [],  # outside a partnership's site only superusers approve
    }
    assert migrated["pages_on_wagtail_default_workflow"] == 0


def test_migrations_make_no_partnership_or_its_groups(migrated):
    assert migrated["partnerships"] == {}
    assert migrated["partnership_groups"] == 0


def test_adding_a_partnership_gives_it_a_group_per_role_and_its_own_sign_off(added):
    tscp = added["partnerships"]["TSCP"]
    assert tscp["host"] == "www.tscp.example.org"
    assert tscp["home_under_root"]
    assert set(tscp["roles"]) == {
        "editors",
        "approvers",
        "governance_officers",
        "board_members",
        "administrators",
        "training_officers",
    }
    assert len(set(tscp["roles"].values())) == 6  # six distinct groups
    assert tscp["workflow"]["active"]
    assert tscp["workflow"]["approvers"] == [tscp["roles"]["approvers"]]
    assert tscp["collection_under_root"]
    assert tscp["members_papers"] == "Members' papers"
    # The root keeps its own sign-off, and nothing else was created twice.
    assert added["root_workflow"]["name"] == "Approver sign-off"
    assert added["root_pages"] == ["Root"]
    assert added["root_collections"] == ["Root"]
