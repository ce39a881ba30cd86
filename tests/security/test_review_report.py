"""The content review report: pages overdue or due within 30 days, with owners."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from site_core.models import SafeguardingContacts
from tests.factories.site_core import StandardPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]

REPORT = reverse("site_core_review_report")


def rows(response):
    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.select("#listing-results table")
    if not table:
        return []
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in table[0].select("tbody tr")
    ]


@pytest.fixture
def pages(home, editor, approver):
    today = timezone.localdate()
    return {
        "overdue": StandardPageFactory(
            parent=home,
            title="Thresholds guide",
            next_review_due=today - timedelta(days=10),
            content_owner=editor,
        ),
        "soon": StandardPageFactory(
            parent=home,
            title="Training dates",
            next_review_due=today + timedelta(days=5),
            content_owner=approver,
        ),
        "later": StandardPageFactory(
            parent=home, title="About us", next_review_due=today + timedelta(days=200)
        ),
    }


def test_lists_overdue_and_due_soon_pages_soonest_first(client, login_as, editor, pages):
    login_as(client, editor)
    response = client.get(REPORT)
    assert response.status_code == 200
    listed = rows(response)
    assert [row[0] for row in listed] == ["Thresholds guide", "Training dates"]
    assert listed[0][2] == "Overdue by 10 days"
    assert listed[0][3] == "eddie"
    assert listed[1][2] == "Due in 5 days"
    assert listed[1][4] == "Testshire Safeguarding Children Partnership"


def test_filters_by_status_and_owner(client, login_as, editor, approver, pages):
    login_as(client, editor)
    overdue = rows(client.get(REPORT, {"status": "overdue"}))
    assert [row[0] for row in overdue] == ["Thresholds guide"]
    by_owner = rows(client.get(REPORT, {"owner": approver.pk}))
    assert [row[0] for row in by_owner] == ["Training dates"]


def test_bad_filter_values_do_not_break_it(client, login_as, editor, pages):
    login_as(client, editor)
    response = client.get(REPORT, {"status": "nonsense", "owner": "abc"})
    assert response.status_code == 200


def test_shows_when_the_contact_numbers_were_last_checked(client, login_as, editor, site):
    SafeguardingContacts.objects.filter(site=site).update(
        last_checked=timezone.localdate() - timedelta(days=400)
    )
    login_as(client, editor)
    soup = BeautifulSoup(client.get(REPORT).content, "html.parser")
    [row] = soup.select("[data-contacts-row]")
    assert "Overdue a check" in row.get_text()


def test_is_in_the_reports_menu_and_exports(client, login_as, editor, pages):
    login_as(client, editor)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert REPORT in home
    export = client.get(REPORT, {"export": "csv"})
    assert export.status_code == 200
    assert "Thresholds guide" in b"".join(export.streaming_content).decode()


def test_board_members_cannot_see_it(client, make_user):
    from site_core.roles import Role

    client.force_login(make_user("bob", Role.BOARD_MEMBERS))
    assert client.get(REPORT).status_code == 302
