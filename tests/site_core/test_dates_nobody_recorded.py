"""A date nobody recorded is left empty, never filled in for them: the public
pages then say nothing about it, and the admin asks for it."""

import pytest
from bs4 import BeautifulSoup

from site_core.models import SafeguardingContacts
from tests.factories.site_core import AccessibilityStatementPageFactory, ContactPageFactory

pytestmark = pytest.mark.django_db


def main_text(response):
    assert response.status_code == 200
    main = BeautifulSoup(response.content, "html.parser").select_one("main")
    return " ".join(main.get_text(" ").split())


@pytest.mark.ignore_template_errors  # Wagtail's own admin templates use unset variables
def test_numbers_nobody_checked_claim_no_check_and_the_admin_asks_for_one(
    client, admin_client, site, other_site
):
    contacts = SafeguardingContacts.objects.get(site=site)
    contacts.last_checked = None
    contacts.save()
    page = ContactPageFactory(parent=site.root_page)
    text = main_text(client.get(page.url))
    assert contacts.front_door_phone.replace(" ", "") in text.replace(" ", "")
    assert "last checked" not in text

    checked = SafeguardingContacts.objects.get(site=other_site)
    assert checked.last_checked is not None and not checked.is_stale

    dashboard = admin_client.get("/admin/").content.decode()
    assert "Check the “Worried about a child?” numbers" in dashboard
    assert "last checked never recorded" in dashboard
    report = admin_client.get("/admin/reports/content-review/")
    assert report.status_code == 200
    assert "Not recorded" in report.content.decode()


def test_a_statement_gives_a_test_date_only_when_the_site_was_tested(client, site):
    untested = AccessibilityStatementPageFactory(parent=site.root_page, last_tested=None)
    assert "Last tested" not in main_text(client.get(untested.url))
    untested.last_tested = untested.statement_prepared
    untested.save_revision().publish()
    text = main_text(client.get(untested.url))
    assert f"Last tested {untested.statement_prepared:%-d %B %Y}" in text
