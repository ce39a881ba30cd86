"""No page's SQL grows with the content (no N+1), and none needs more than 20 queries.

The benchmark (`make bench`) prints the same at 100 and 5,000 publications on
PostgreSQL; these tests keep it true between benchmark runs. Counts are taken
on a second view, as a reader after the first would see them.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.publications import (
    AnnualReportPageFactory,
    FrameworkPageFactory,
    PlanPageFactory,
    ReviewFindingsPageFactory,
)

pytestmark = pytest.mark.django_db

QUERY_LIMIT = 20
FACTORIES = [
    AnnualReportPageFactory,
    PlanPageFactory,
    ReviewFindingsPageFactory,
    FrameworkPageFactory,
]


def add_publications(index, board, topic, each):
    pages = []
    for factory in FACTORIES:
        for _ in range(each):
            page = factory(parent=index)
            page.published_by.set([board])
            page.topics.set([topic])
            page.save_revision().publish()
            pages.append(page)
    return pages


def queries_for(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "address",
    [
        lambda index, pages: "/",
        lambda index, pages: index.url,
        lambda index, pages: f"{index.url}?type=annual-report&topic=neglect",
        lambda index, pages: pages[0].url,  # an annual report
        lambda index, pages: pages[1].url,  # a plan
        lambda index, pages: "/search/?q=report",
    ],
    ids=["home", "index", "filtered index", "annual report", "plan", "search"],
)
def test_queries_stay_the_same_as_publications_multiply(client, index, board, neglect, address):
    # One of each type, then two of each: a query per page shown already
    # shows as more queries (one more on the filtered index, four on the index).
    pages = add_publications(index, board, neglect, each=1)
    url = address(index, pages)
    few = queries_for(client, url)

    add_publications(index, board, neglect, each=1)
    many = queries_for(client, url)

    # Fewer is possible: a listing reads each page type shown once, and a
    # page of results may hold fewer types.
    assert many <= few
    assert many <= QUERY_LIMIT
