"""Page-cache keys hold only the query parameters a page reads: made-up
parameters neither make new entries nor change what is stored."""

import secrets

import pytest
from django.core.cache import cache

from publications.filters import ListingFilterForm
from site_core.caching.parameters import page_parameters

pytestmark = pytest.mark.django_db


def page_entries():
    return [key for key in cache._cache if ":page-cache:" in key and ":GET:" in key]


def test_300_random_utm_parameters_make_one_entry(client, home, page_cache):
    answers = [
        client.get(home.url, {"utm_source": secrets.token_hex(8), secrets.token_hex(4): "x"})
        for _ in range(300)
    ]
    assert {answer.status_code for answer in answers} == {200}
    assert answers[0]["X-Page-Cache"] == "miss"
    assert {answer["X-Page-Cache"] for answer in answers[1:]} == {"hit"}
    assert len(page_entries()) == 1
    # The page without any parameter is that same entry.
    assert client.get(home.url)["X-Page-Cache"] == "hit"


def test_parameters_a_page_reads_still_make_their_own_entries(client, home, page_cache):
    client.get(home.url, {"page": "2"})
    client.get(home.url, {"page": "3", "utm_medium": "email"})
    client.get(home.url, {"q": "neglect", "type": "plan"})
    assert client.get(home.url, {"type": "plan", "q": "neglect"})["X-Page-Cache"] == "hit"
    assert len(page_entries()) == 3


def test_stored_pages_never_carry_an_unread_parameter(client, home, page_cache):
    first = client.get(home.url, {"utm_campaign": "leaflet-x1"})
    assert b"leaflet-x1" not in first.content
    assert b"leaflet-x1" not in client.get(home.url).content


def test_every_listing_filter_is_a_key_parameter():
    # A filter added to the listing form and not to the key would serve one
    # filter's results for another.
    assert set(ListingFilterForm.base_fields) <= page_parameters()


@pytest.mark.ignore_template_errors
def test_the_sign_in_page_keeps_where_to_go_next(client, home, page_cache):
    response = client.get("/_util/login/", {"next": "/members/papers/"})
    assert response.status_code == 200
    assert 'value="/members/papers/"' in response.content.decode()


def test_page_types_and_views_declare_the_parameters_they_read():
    # The kernel names only its own search and the sitemap; the plan's,
    # the listings' and the request form's parameters come from their apps.
    from publications.models import PlanPage, PublicationIndexPage
    from site_core.caching.parameters import KERNEL_PARAMETERS

    assert {"theme", "status", "type", "sent"}.isdisjoint(KERNEL_PARAMETERS)
    assert PlanPage.query_parameters <= page_parameters()
    assert set(ListingFilterForm.base_fields) <= PublicationIndexPage.query_parameters
    assert "sent" in page_parameters()  # publications' page_cache_parameters hook
