"""What staff rely on in the admin: every role can reach and upload documents
in its own partnership only, groups say what they may do, the editors' guide
is in the menu, slugs keep "2024-25" and new documents are not claimed to be
fully accessible."""

import pytest
from bs4 import BeautifulSoup
from wagtail.documents import get_document_model

from site_core.models import Partnership, StandardPage
from site_core.roles import Role
from tests.factories.governance import DocumentFactory
from tests.factories.site_core import StandardPageFactory, make_site
from tests.helpers import default_partnership, role_group

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]


@pytest.fixture
def staff(django_user_model, site, client, login_as):
    """Sign in a client holding ``role`` in the default site's partnership."""

    def sign_in(role, username="staff"):
        user = django_user_model.objects.create_user(username, email=f"{username}@example.org")
        user.groups.add(role_group(role))
        return login_as(client, user)

    return sign_in


@pytest.fixture
def other_partnership(site):
    other = Partnership.objects.get(
        site=make_site(hostname="other.localhost", default=False, title="Otherton home")
    )
    other.collection.name = "Otherton"
    other.collection.save()
    DocumentFactory(title="Otherton draft budget", collection=other.public_documents)
    return other


@pytest.mark.parametrize("role", [Role.EDITORS, Role.APPROVERS, Role.GOVERNANCE_OFFICERS])
def test_each_staff_role_has_documents_in_its_own_partnership_only(staff, role, other_partnership):
    own = default_partnership()
    DocumentFactory(title="Our meeting paper", collection=own.public_documents)
    client = staff(role)

    assert 'href="/admin/documents/"' in client.get("/admin/").content.decode()
    listing = client.get("/admin/documents/").content.decode()
    assert "Our meeting paper" in listing
    assert "Otherton" not in listing

    chooser = client.get("/admin/documents/chooser/")
    html = chooser.json()["html"]
    assert 'id="tab-upload"' in html  # the Upload tab
    assert "Our meeting paper" in html
    assert "Otherton" not in html  # neither its documents nor its collection

    other_document = get_document_model().objects.get(title="Otherton draft budget")
    assert client.get(f"/admin/documents/edit/{other_document.pk}/").status_code in (302, 403, 404)


def test_board_members_have_no_admin(staff):
    client = staff(Role.BOARD_MEMBERS)
    assert client.get("/admin/documents/").status_code in (302, 403)


def test_each_role_group_says_what_it_may_do(admin_client, site):
    group = role_group(Role.GOVERNANCE_OFFICERS)
    html = admin_client.get(f"/admin/groups/edit/{group.pk}/").content.decode()
    panel = BeautifulSoup(html, "html.parser").select_one("[data-group-role]")
    assert "Governance officers" in panel.get_text()
    assert "meetings and papers" in panel.get_text()


@pytest.mark.parametrize("role", [Role.EDITORS, Role.GOVERNANCE_OFFICERS])
def test_the_editors_guide_is_in_the_admin_menu(staff, role):
    client = staff(role)
    assert "/admin/editors-guide/" in client.get("/admin/").content.decode()
    guide = client.get("/admin/editors-guide/")
    assert guide.status_code == 200
    text = BeautifulSoup(guide.content, "html.parser").get_text(" ")
    for topic in ("Who approves", "Members-only papers", "Safeguarding contacts", "Annual report"):
        assert topic in text


def test_the_editors_guide_describes_plan_spreadsheets_as_they_are(staff):
    from publications.plan_import import PlanImportView
    from publications.plan_rows import PlanRowsView

    guide = staff(Role.EDITORS).get("/admin/editors-guide/")
    text = " ".join(BeautifulSoup(guide.content, "html.parser").get_text(" ").split())
    # The names of the plan's own menu entries, as its header shows them.
    assert f"“{PlanRowsView.page_title}”" in text
    assert f"“{PlanImportView.page_title}”" in text
    # An import replaces live rows at once: it makes no draft.
    assert "replaces that table's rows at once, with no draft" in text
    assert "becomes a new draft" not in text


def test_a_slug_from_a_title_keeps_the_year_range(home):
    report = home.add_child(instance=StandardPage(title="Annual report 2024/25", live=False))
    assert report.slug == "annual-report-2024-25"
    # What the editor's title-to-slug script types in is corrected too.
    typed = home.add_child(
        instance=StandardPage(title="Plan 2025/26", slug="plan-202526", live=False)
    )
    assert typed.slug == "plan-2025-26"


def test_a_chosen_slug_and_a_live_pages_address_are_kept(home):
    chosen = home.add_child(
        instance=StandardPage(title="Report 2024/25", slug="our-report", live=False)
    )
    assert chosen.slug == "our-report"
    live = StandardPageFactory(parent=home, title="Old 2023/24", slug="old-202324")
    live.save_revision().publish()
    live.refresh_from_db()
    live.save()
    assert live.slug == "old-202324"


def test_a_new_document_is_not_claimed_fully_accessible():
    assert get_document_model()(title="Scanned minutes").fully_accessible is False


def test_a_create_form_abandoned_half_way_leaves_no_draft(staff, home):
    # Wagtail 8's autosave would create the page from the first keystrokes;
    # it is off, so only a deliberate "Save draft" makes a page.
    client = staff(Role.EDITORS)
    form = client.get(f"/admin/pages/add/site_core/standardpage/{home.pk}/").content.decode()
    assert "data-w-autosave-interval-value" not in form
    before = StandardPage.objects.count()
    client.get("/admin/")  # the editor walks away
    assert StandardPage.objects.count() == before
