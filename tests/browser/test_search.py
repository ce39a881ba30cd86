"""Search results and the zero-results page in a real browser: axe-core clean."""

import pytest

from site_core.models import Partnership, SearchShortcut
from tests.factories.governance import BodyFactory
from tests.factories.site_core import ContactPageFactory, StandardPageFactory

from .helpers import BROWSER_DB, assert_no_axe_violations

pytestmark = BROWSER_DB


@pytest.fixture
def searchable(site):
    home = site.root_page.specific
    contact = ContactPageFactory(parent=home, title="Contact us", slug="contact-us")
    StandardPageFactory(parent=home, title="How partners work together", slug="partners")
    BodyFactory(
        partnership=Partnership.objects.get(site=site), name="Partners Executive", slug="executive"
    )
    SearchShortcut.objects.create(site=site, phrases="partners\nreport a concern", page=contact)
    return site


@pytest.mark.parametrize("query", ["partners", "zebra crossing"])
def test_search_results_and_zero_results_have_no_accessibility_violations(
    live_server, page, axe, searchable, query
):
    page.goto(f"{live_server.url}/search/?q={query}")
    assert_no_axe_violations(axe, page)
    if query == "zebra crossing":
        assert page.locator(".empty-state a[href='tel:999']").is_visible()
    else:
        assert page.locator(".search-result").count() >= 2
