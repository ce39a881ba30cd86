"""Every admin listing's search answers whatever an editor types: never a 500.

The listings are read from the admin menu and from the registered snippet
viewsets, so a listing added later is covered without editing this file. CI
runs it on SQLite and on PostgreSQL, whose search backends fail on different
text (SQLite's FTS5 on quotes, PostgreSQL on NUL bytes).
"""

from datetime import date

import pytest
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from site_core.roles import Role
from tests.factories.evidence import IndicatorFactory
from tests.factories.governance import BodyFactory
from tests.factories.publications import (
    PublicationIndexPageFactory,
    ReviewFindingsPageFactory,
    TopicFactory,
)
from tests.factories.site_core import AlertBannerFactory

from .test_hostile_input import CHECKS, VALUES

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.ignore_template_errors,  # the admin's own templates (test_plan_admin.py)
    pytest.mark.usefixtures("invalid_template_variables_as_in_production"),
]

# What editors type that the search backends read as syntax.
AWKWARD = ['"neglect', "neglect\x00", "<neglect>", "-"]


def admin_listings(user):
    """The address of every page in ``user``'s admin menu, and of every snippet listing."""
    from wagtail.admin.menu import admin_menu
    from wagtail.snippets.models import get_snippet_models

    request = RequestFactory().get("/")
    request.user = user
    found = set()

    def walk(menu_items):
        for item in menu_items:
            submenu = getattr(item, "menu", None)
            if submenu is not None:
                walk(submenu.menu_items_for_request(request))
            elif item.url.startswith("/"):  # not the external user guide
                found.add(item.url)

    walk(admin_menu.menu_items_for_request(request))
    for model in get_snippet_models():
        found.add(reverse(model.snippet_viewset.get_url_name("list")))
    return sorted(found)


@pytest.fixture
def records(home, partnership):
    """One record to find in the listings that had failed, each naming neglect."""
    TopicFactory(name="Neglect", slug="neglect")
    AlertBannerFactory(title="Neglect week", site=home.get_site())
    IndicatorFactory(partnership=partnership, code="P1.2", name="Neglect referrals")
    BodyFactory(partnership=partnership, name="Neglect subgroup", slug="neglect-subgroup")
    index = PublicationIndexPageFactory(parent=home)
    ReviewFindingsPageFactory(
        parent=index, title="Peer review of neglect", publication_date=date(2023, 5, 1)
    )


def _assert_answers(client, url, query):
    response = client.get(url, {"q": query})
    # 302: a settings page that sends the user on to their own site's settings.
    assert response.status_code in (200, 302), (url, query, response.status_code)


def test_every_listing_answers_awkward_searches(admin_client, admin_user, records):
    listings = admin_listings(admin_user)
    assert "/admin/snippets/evidence/indicator/" in listings  # the menu was read
    for url in listings:
        for query in AWKWARD:
            _assert_answers(admin_client, url, query)


def test_every_listing_of_an_editor_answers_awkward_searches(client, login_as, editor, records):
    login_as(client, editor)
    for url in admin_listings(editor):
        for query in AWKWARD:
            _assert_answers(client, url, query)


@CHECKS
@given(data=st.data(), query=VALUES)
def test_no_search_text_gives_an_admin_listing_a_server_error(
    admin_client, admin_user, records, data, query
):
    url = data.draw(st.sampled_from(admin_listings(admin_user)), label="listing")
    _assert_answers(admin_client, url, query)


@pytest.mark.parametrize(
    ("listing", "query", "expected"),
    [
        ("/admin/snippets/evidence/indicator/", "P1.2", "Neglect referrals"),
        ("/admin/snippets/site_core/alertbanner/", "neglect", "Neglect week"),
        ("/admin/snippets/publications/topic/", "negl", "Neglect"),
        ("/admin/snippets/governance/body/", "subgroup", "Neglect subgroup"),
        ("/admin/pages/", '"neglect', "Peer review of neglect"),
    ],
)
def test_the_search_still_finds_the_record(admin_client, records, listing, query, expected):
    response = admin_client.get(listing, {"q": query})
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_an_editor_finds_only_their_own_partnerships_records(
    client, login_as, make_user, records, other_partnership
):
    IndicatorFactory(partnership=other_partnership, code="P9.9", name="Neglect elsewhere")
    login_as(client, make_user("ella", Role.EDITORS))
    response = client.get("/admin/snippets/evidence/indicator/", {"q": "neglect"})
    assert response.status_code == 200
    assert "Neglect referrals" in response.content.decode()
    assert "Neglect elsewhere" not in response.content.decode()
