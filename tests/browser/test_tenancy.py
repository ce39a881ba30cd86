"""One partnership's Editor, in a real browser, sees only that partnership's
pages, documents, governance records and review report (site_core.tenant_admin)."""

import html
from datetime import timedelta

import pytest
from django.utils import timezone

from site_core.models import Partnership
from site_core.roles import Role
from tests.factories.governance import BodyFactory, DocumentFactory
from tests.factories.site_core import StandardPageFactory, make_site

from .helpers import RENDERS_ADMIN, sign_in_to_admin, staff_with_backup_code

pytestmark = RENDERS_ADMIN


def tenant(prefix, hostname, default):
    site = make_site(hostname=hostname, default=default, title=f"{prefix} home")
    Partnership.objects.filter(site=site).update(name=f"{prefix} SCP", short_name=f"{prefix[0]}SCP")
    partnership = Partnership.objects.get(site=site)
    overdue = timezone.localdate() - timedelta(days=10)
    page = StandardPageFactory(
        parent=site.root_page, title=f"{prefix} standard page", next_review_due=overdue
    )
    DocumentFactory(title=f"{prefix} public paper", collection=partnership.public_documents)
    BodyFactory(partnership=partnership, name=f"{prefix} board", slug=f"{prefix.lower()}-board")
    return {"site": site, "partnership": partnership, "home": site.root_page, "page": page}


@pytest.fixture
def tenants(django_user_model):
    alpha = tenant("Alpha", "localhost", True)
    beta = tenant("Beta", "other.localhost", False)
    _, code = staff_with_backup_code(django_user_model, "eddie", Role.EDITORS, alpha["partnership"])
    return {"alpha": alpha, "beta": beta, "code": code}


ALPHA_NAMES = ["Alpha standard page", "Alpha public paper", "Alpha board"]
# Not "Beta home" (the other site's name): Wagtail's page explorer offers a
# "Site" filter listing every Site by name. Site names are public (each is a
# public website), but it is a known gap: see the tenancy matrix report.
BETA_NAMES = ["Beta standard page", "Beta public paper", "Beta board", "Beta SCP"]


def shown(page):
    return html.unescape(page.content())


def assert_only_alpha(page, *expected):
    text = shown(page)
    for name in expected:
        assert name in text, f"{name!r} missing at {page.url}"
    leaked = [name for name in BETA_NAMES if name in text]
    where = [text[max(0, text.index(n) - 300) : text.index(n) + 100] for n in leaked]
    assert not leaked, f"the other partnership's {leaked} shown at {page.url}: {where}"


def test_an_editor_sees_only_their_partnership_in_the_admin(live_server, page, tenants):
    base = live_server.url
    sign_in_to_admin(page, base, "eddie", tenants["code"])
    assert_only_alpha(page)  # the dashboard

    # The page explorer: their home's pages; the other home is refused.
    page.goto(base + "/admin/pages/")
    assert_only_alpha(page)
    page.goto(base + f"/admin/pages/{tenants['alpha']['home'].pk}/")
    assert_only_alpha(page, "Alpha standard page")
    response = page.goto(base + f"/admin/pages/{tenants['beta']['home'].pk}/")
    assert response.status in (403, 404) or "Beta standard page" not in shown(page)
    assert_only_alpha(page)

    # Documents: the listing, and the chooser a page's document field opens.
    page.goto(base + "/admin/documents/")
    assert_only_alpha(page, "Alpha public paper")
    page.goto(base + "/admin/documents/chooser/")
    assert_only_alpha(page, "Alpha public paper")

    # The governance Bodies chooser (any admin user may open a snippet chooser).
    page.goto(base + "/admin/snippets/choose/governance/body/")
    assert_only_alpha(page, "Alpha board")
    page.goto(base + "/admin/snippets/choose/governance/body/?q=board")
    assert_only_alpha(page, "Alpha board")

    # Reports -> Content due for review, reached through the Reports menu.
    page.goto(base + "/admin/")
    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Content due for review").click()
    page.wait_for_url("**/reports/content-review/**")
    assert_only_alpha(page, "Alpha standard page")
