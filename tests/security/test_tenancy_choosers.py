"""Choosers offer only the user's own partnerships' pages and records."""

import pytest

from site_core.models import Partnership
from site_core.roles import Role
from tests.factories.governance import BodyFactory
from tests.factories.site_core import StandardPageFactory, make_site

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]


@pytest.fixture
def other(site):
    other_site = make_site(hostname="other.localhost", default=False, title="Otherton home")
    return Partnership.objects.get(site=other_site)


def test_the_page_chooser_offers_only_own_partnerships_pages(client, login_as, make_user, other):
    own_page = StandardPageFactory(
        parent=Partnership.objects.get(site__is_default_site=True).site.root_page,
        title="Our neglect strategy",
    )
    StandardPageFactory(parent=other.site.root_page, title="Their neglect strategy")
    login_as(client, make_user("eddie", Role.EDITORS))

    search = client.get("/admin/choose-page/search/", {"q": "neglect"}).content.decode()
    assert own_page.title in search
    assert "Their neglect strategy" not in search

    browse = client.get("/admin/choose-page/").content.decode()
    assert "Otherton home" not in browse


def test_the_body_chooser_is_searchable_and_names_each_partnership(
    client, login_as, make_user, other
):
    own = Partnership.objects.get(site__is_default_site=True)
    BodyFactory(partnership=own, name="Learning and Workforce Development", slug="lwd")
    BodyFactory(partnership=other, name="Learning and Improvement Group", slug="lig")
    login_as(client, make_user("gill", Role.GOVERNANCE_OFFICERS))

    html = client.get("/admin/snippets/choose/governance/body/", {"q": "learning"}).content.decode()
    assert "Learning and Workforce Development" in html
    assert own.short_name in html  # the partnership column
    assert "Learning and Improvement Group" not in html

    response = client.get("/admin/snippets/choose/governance/body/results/", {"q": "zzz-none"})
    assert "Learning and Workforce Development" not in response.content.decode()
