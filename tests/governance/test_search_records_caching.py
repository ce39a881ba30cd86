"""Governance records found by site search are kept across publishes
(site_core/search.py, ``kept_records``): a publish changes no body or
member, so only a change of a record renews them, or a publish of the
governance page they link under (unpublished, they have nowhere to go).

Kept results are proved as in tests/site_core/test_search_kept_results.py:
a change made behind the cache's back (``update()`` sends no signal) stays
unseen while they are kept.
"""

import pytest
from bs4 import BeautifulSoup

from governance.models import Body
from tests.factories.governance import BodyFactory
from tests.factories.site_core import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(partnership):
    return BodyFactory(partnership=partnership, name="Overview Panel", slug="panel")


def titles(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".search-result__title a")]


def test_records_are_kept_across_a_publish_and_renewed_by_a_record_change(
    client, home, governance_page, panel
):
    governance_page.save_revision().publish()
    assert titles(client, "panel") == ["Overview Panel"]
    Body.objects.filter(pk=panel.pk).update(name="Renamed Panel")

    # A page published on the site: its own results are new, the records kept.
    page = StandardPageFactory(parent=home, title="Panel toolkit", live=False)
    page.save_revision().publish()
    assert sorted(titles(client, "panel")) == ["Overview Panel", "Panel toolkit"]

    panel.refresh_from_db()
    panel.save()  # a governance record saved: everything is renewed
    assert sorted(titles(client, "panel")) == ["Panel toolkit", "Renamed Panel"]


def test_unpublishing_the_governance_page_takes_its_records_out_of_search(
    client, governance_page, panel
):
    governance_page.save_revision().publish()
    assert titles(client, "panel") == ["Overview Panel"]

    governance_page.unpublish()
    assert titles(client, "panel") == []
