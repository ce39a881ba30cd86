"""The contact page is found by the numbers it shows, which live in the
site's safeguarding contacts, not on the page: a change of numbers must
change what search finds without anyone republishing the page."""

import pytest
from bs4 import BeautifulSoup

from site_core.models import SafeguardingContacts
from tests.factories.site_core import ContactPageFactory

pytestmark = pytest.mark.django_db


def titles(client, query):
    soup = BeautifulSoup(client.get("/search/", {"q": query}).content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".search-result__title a")]


def test_new_numbers_are_found_and_old_ones_are_not(client, site, home):
    ContactPageFactory(parent=home, title="Contact us")
    assert titles(client, "0191 498 0002") == ["Contact us"]  # the LADO's number
    assert titles(client, "0191 561 7007") == []

    contacts = SafeguardingContacts.for_site(site)
    contacts.lado_phone = "0191 561 7007"
    contacts.save()

    assert titles(client, "0191 561 7007") == ["Contact us"]
    assert titles(client, "0191 498 0002") == []


def test_another_site_numbers_leave_this_contact_page_alone(client, site, home):
    from tests.factories.site_core import make_site

    ContactPageFactory(parent=home, title="Contact us")
    other = make_site(hostname="other.localhost", default=False, title="Otherland")
    contacts = SafeguardingContacts.for_site(other)
    contacts.lado_phone = "0191 561 7007"
    contacts.save()
    assert titles(client, "0191 561 7007") == []
    assert titles(client, "0191 498 0002") == ["Contact us"]
