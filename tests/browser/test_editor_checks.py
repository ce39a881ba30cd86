"""The accessibility checker inside the page editor: the preview panel shows the
page, and the Checks panel reports a known problem in it (site_core.security
lets the admin frame its own previews)."""

from wagtail.rich_text import RichText

from site_core.roles import Role
from tests.factories.site_core import StandardPageFactory

from .helpers import RENDERS_ADMIN, sign_in_to_admin, staff_with_backup_code

pytestmark = RENDERS_ADMIN


def test_the_checks_panel_reports_a_skipped_heading_level(
    live_server, page, site, django_user_model
):
    # A level-4 heading straight after the page's title skips two levels.
    problem = StandardPageFactory(
        parent=site.root_page,
        title="Our priorities",
        body=[("paragraph", RichText("<h4>Skipped levels</h4><p>Some words.</p>"))],
    )
    _, code = staff_with_backup_code(django_user_model, "eddie", Role.EDITORS)

    base = live_server.url
    sign_in_to_admin(page, base, "eddie", code)
    page.goto(f"{base}/admin/pages/{problem.pk}/edit/")

    # The preview panel shows the page itself, not a blank frame.
    page.locator('[data-side-panel-toggle="preview"]').first.click()
    frame = page.frame_locator("iframe#w-preview-iframe")
    frame.get_by_role("heading", name="Our priorities").wait_for(timeout=20000)

    page.locator('[data-side-panel-toggle="checks"]').first.click()
    checks = page.locator("[data-checks-panel]")
    checks.get_by_text("Incorrect heading hierarchy").wait_for(timeout=20000)
    assert page.locator("[data-content-checker-count]").inner_text().strip() != "0"
