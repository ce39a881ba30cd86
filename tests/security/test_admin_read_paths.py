"""The admin's read paths name only the user's own partnership's records:
reports and their exports, history, the page chooser by id, and listing
filters (site_core.permissions, site_core.tenant_views)."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from wagtail.log_actions import log
from wagtail.models import Page

from site_core.roles import Role
from tests.factories.governance import DocumentFactory, PersonFactory
from tests.factories.site_core import StandardPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]


@pytest.fixture(autouse=True)
def _admin_templates(invalid_template_variables_as_in_production, media_root):
    """Wagtail's admin renders here; uploads go to the test's own folder."""


@pytest.fixture
def officer(make_user):
    return make_user("gill", Role.GOVERNANCE_OFFICERS)


@pytest.fixture
def their_officer(make_user, other_partnership):
    return make_user("bea_otherton", Role.GOVERNANCE_OFFICERS, partnership=other_partnership)


@pytest.fixture
def history(partnership, other_partnership, officer, their_officer):
    """Each partnership's officer added a person and a members' paper."""
    for who, place, prefix in (
        (officer, partnership, "Ours"),
        (their_officer, other_partnership, "Theirs"),
    ):
        log(PersonFactory(partnership=place, name=f"Person {prefix}"), "wagtail.create", user=who)
        paper = DocumentFactory(title=f"Paper {prefix}", collection=place.members_papers)
        log(paper, "wagtail.create", user=who)


def text(response):
    assert response.status_code == 200
    return response.content.decode()


def test_site_history_lists_only_own_partnerships_entries(client, login_as, officer, history):
    login_as(client, officer)

    page = text(client.get(reverse("wagtailadmin_reports:site_history")))
    assert "Person Ours" in page
    assert "Person Theirs" not in page and "Paper Theirs" not in page
    assert "bea_otherton" not in page  # nor the other partnership's people in the User filter

    results = text(client.get(reverse("wagtailadmin_reports:site_history_results")))
    assert "Person Ours" in results
    assert "Person Theirs" not in results


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_site_history_exports_only_own_partnerships_entries(
    client, login_as, officer, history, export
):
    login_as(client, officer)

    response = client.get(reverse("wagtailadmin_reports:site_history"), {"export": export})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if export == "xlsx":
        from io import BytesIO

        from openpyxl import load_workbook

        sheet = load_workbook(BytesIO(content)).active
        content = " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row)
    else:
        content = content.decode()
    assert "Person Ours" in content
    assert "Person Theirs" not in content and "Paper Theirs" not in content


def test_a_records_history_opens_only_in_its_own_partnership(
    client, login_as, officer, partnership, other_partnership
):
    ours = PersonFactory(partnership=partnership, name="Person Ours")
    theirs = PersonFactory(partnership=other_partnership, name="Person Theirs")
    login_as(client, officer)

    def history_of(person):
        return client.get(reverse("wagtailsnippets_governance_person:history", args=[person.pk]))

    assert "Person Ours" in text(history_of(ours))
    assert history_of(theirs).status_code == 404


@pytest.fixture
def pages(partnership, other_partnership, approver):
    """A published page of each partnership, locked, with a change awaiting approval."""
    ours = StandardPageFactory(parent=partnership.site.root_page, title="Our locked page")
    theirs = StandardPageFactory(parent=other_partnership.site.root_page, title="Their locked page")
    for page in (ours, theirs):
        page.save_revision().publish()
        page.locked, page.locked_by = True, approver
        page.save()
        page.save_revision(user=approver)
        page.get_workflow().start(page, approver)
    # Last published long ago, so the aging pages report lists both.
    Page.objects.filter(pk__in=[ours.pk, theirs.pk]).update(
        last_published_at=datetime(2020, 1, 6, tzinfo=UTC)
    )
    return ours, theirs


@pytest.mark.parametrize(
    "report", ["locked_pages", "aging_pages", "workflow", "workflow_tasks", "site_history"]
)
def test_page_reports_list_only_own_partnerships_pages(client, login_as, approver, pages, report):
    login_as(client, approver)

    page = text(client.get(reverse(f"wagtailadmin_reports:{report}")))
    if report != "workflow_tasks":  # that one lists tasks, each naming its page's title
        assert "Our locked page" in page
    assert "Their locked page" not in page


def test_the_page_chooser_opens_only_own_partnerships_pages(
    client, login_as, editor, partnership, other_partnership
):
    ours = StandardPageFactory(parent=partnership.site.root_page, title="Our strategy")
    theirs = StandardPageFactory(parent=other_partnership.site.root_page, title="Their strategy")
    login_as(client, editor)

    def choose(page=None):
        args = [page.pk] if page else []
        name = "wagtailadmin_choose_page_child" if page else "wagtailadmin_choose_page"
        return client.get(reverse(name, args=args))

    assert ours.title in text(choose(partnership.site.root_page))
    for page in (theirs, other_partnership.site.root_page):
        response = choose(page)
        assert response.status_code == 404
        assert page.title not in response.content.decode()

    # No page named, or the Root: the chooser opens at the user's own home page.
    for start in (choose(), choose(Page.get_first_root_node())):
        assert ours.title in text(start)
        assert f'"parent_page_id": {partnership.site.root_page_id}' in start.content.decode()
        assert "Root" not in start.content.decode()


def test_the_page_chooser_answers_only_for_own_partnerships_pages(
    client, login_as, editor, partnership, other_partnership
):
    ours = StandardPageFactory(parent=partnership.site.root_page, title="Our strategy")
    theirs = StandardPageFactory(parent=other_partnership.site.root_page, title="Their strategy")
    login_as(client, editor)
    chosen = reverse("wagtailadmin_choose_page_chosen_multiple")

    assert ours.title in text(client.get(chosen, {"id": [ours.pk]}))
    for ids in ([theirs.pk], [ours.pk, theirs.pk], ["²"]):
        response = client.get(chosen, {"id": ids})
        assert response.status_code == 404
        assert theirs.title not in response.content.decode()


def test_the_explorers_filters_name_only_own_partnerships_sites_and_people(
    client, login_as, editor, make_user, partnership, other_partnership
):
    their_editor = make_user("bea_otherton", Role.EDITORS, partnership=other_partnership)
    theirs = StandardPageFactory(parent=other_partnership.site.root_page, owner=their_editor)
    ours = StandardPageFactory(parent=partnership.site.root_page, owner=editor)
    assert theirs.pk and ours.pk
    login_as(client, editor)

    for url in (
        reverse("wagtailadmin_explore", args=[partnership.site.root_page_id]),
        reverse("wagtailadmin_pages:search") + "?q=page",
        reverse("wagtailforms:index"),
    ):
        page = text(client.get(url))
        assert partnership.site.site_name in page
        assert other_partnership.site.site_name not in page
        assert "bea_otherton" not in page
