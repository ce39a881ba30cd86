"""Each role does its real job, in a real browser: an Editor writes an annual
report with its PDF and submits it; an Approver of the same partnership
approves it, which publishes it. Neither is offered the other partnership's
documents or pages."""

import html
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from publications.models import AnnualReportPage
from site_core.models import Partnership
from site_core.roles import Role
from tests.factories.publications import PublicationDocumentFactory, PublicationIndexPageFactory
from tests.factories.site_core import make_site

from .helpers import RENDERS_ADMIN, sign_in_to_admin, staff_with_backup_code

pytestmark = [*RENDERS_ADMIN, pytest.mark.usefixtures("media_root")]


def tenant(prefix, hostname, default):
    site = make_site(hostname=hostname, default=default, title=f"{prefix} home")
    Partnership.objects.filter(site=site).update(name=f"{prefix} SCP", short_name=f"{prefix[0]}SCP")
    partnership = Partnership.objects.get(site=site)
    index = PublicationIndexPageFactory(parent=site.root_page)
    PublicationDocumentFactory(
        title=f"{prefix} annual report 2024 to 2025", collection=partnership.public_documents
    )
    return {"partnership": partnership, "index": index}


@pytest.fixture
def tenants():
    return {
        "alpha": tenant("Alpha", "localhost", True),
        "beta": tenant("Beta", "other.localhost", False),
    }


@pytest.fixture
def person(django_user_model):
    def make(username, role, partnership):
        return staff_with_backup_code(django_user_model, username, role, partnership)

    return make


def click_hidden(page, selector):
    """Actions in the editor's footer menu: clicked as the menu would."""
    page.evaluate(f"document.querySelector({selector!r}).click()")


def test_an_editor_submits_an_annual_report_and_an_approver_publishes_it(
    live_server, browser, tenants, person
):
    base = live_server.url
    alpha, beta = tenants["alpha"], tenants["beta"]
    _, editor_code = person("eddie", Role.EDITORS, alpha["partnership"])
    _, approver_code = person("april", Role.APPROVERS, alpha["partnership"])

    # The Editor writes the report and attaches its PDF.
    context = browser.new_context()
    page = context.new_page()
    sign_in_to_admin(page, base, "eddie", editor_code)
    page.goto(f"{base}/admin/pages/add/publications/annualreportpage/{alpha['index'].pk}/")
    page.fill("#id_title", "Annual report 2024/25")
    page.fill("#id_summary", "What the partnership did in 2024 to 2025 to keep children safe.")
    page.fill("#id_reporting_year", "2024")
    page.fill("#id_publication_date", timezone.localdate().isoformat())
    page.get_by_role("button", name="Add attached document").click()
    page.get_by_role("button", name="Choose a document").first.click()
    modal = page.locator(".modal-content").last
    modal.get_by_text("Alpha annual report 2024 to 2025").first.wait_for()
    assert "Beta annual report" not in html.unescape(modal.inner_html())
    modal.get_by_text("Alpha annual report 2024 to 2025").first.click()
    page.wait_for_timeout(500)
    with page.expect_navigation(timeout=60000):
        click_hidden(page, "button[name=action-submit]")
    errors = page.locator(".error-message, .help-critical, .messages .error").all_inner_texts()
    assert "/edit/" in page.url or "/pages/" in page.url, f"not saved at {page.url}: {errors}"

    report = AnnualReportPage.objects.filter(title="Annual report 2024/25").first()
    assert report is not None, f"not created; the form said: {errors}"
    assert report.slug == "annual-report-2024-25"
    assert not report.live
    assert report.current_workflow_state is not None, "not submitted for approval"
    draft = report.get_latest_revision_as_object()
    assert [link.document.title for link in draft.documents.all()] == [
        "Alpha annual report 2024 to 2025"
    ]
    # The other partnership's publications are not theirs to add to.
    response = page.goto(
        f"{base}/admin/pages/add/publications/annualreportpage/{beta['index'].pk}/"
    )
    assert response.status == 403 or "/admin/pages/add/" not in page.url
    context.close()

    # An Approver of the same partnership approves it, which publishes it.
    context = browser.new_context()
    page = context.new_page()
    sign_in_to_admin(page, base, "april", approver_code)
    assert "Annual report 2024/25" in page.content()  # awaiting their review
    page.goto(f"{base}/admin/pages/{report.pk}/edit/")
    click_hidden(
        page, "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
    )
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)
    report.refresh_from_db()
    assert report.live, "approving did not publish"

    public = page.goto(base + urlsplit(report.url).path)
    assert public.status == 200
    assert "Alpha annual report 2024 to 2025" in html.unescape(page.content())
    context.close()
