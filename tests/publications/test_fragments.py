"""The listings and publication pages keep their content as fragments
(site_core/caching/fragments.py): a publish is seen on the next request, and a
kept list never carries another reader's query string."""

import pytest
from django.core.cache import cache

from publications.models import PublicationPage
from tests.factories.publications import AnnualReportPageFactory

pytestmark = pytest.mark.django_db


def published(index, **fields):
    page = AnnualReportPageFactory(parent=index, **fields)
    page.save_revision().publish()
    return page


def main(client, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    return body[body.index("<main") : body.index("</main>")]


def test_a_filtered_list_shows_a_new_publication_at_once(client, index):
    published(index, title="Annual report 2021 to 2022")
    url = f"{index.url}?type=annual-report"
    assert "Annual report 2021 to 2022" in main(client, url)

    published(index, title="Annual report 2022 to 2023")
    body = main(client, url)
    assert "Annual report 2022 to 2023" in body
    assert "2 publications match" in body


def test_a_publication_page_shows_its_new_summary_at_once(client, index):
    page = published(index, title="Annual report 2023 to 2024")
    main(client, page.url)
    PublicationPage.objects.filter(pk=page.pk).update(summary="Changed without a publish")
    assert "Changed without a publish" not in main(client, page.url)  # kept

    page.refresh_from_db()
    page.summary = "Corrected figures for 2023"
    page.save_revision().publish()
    assert "Corrected figures for 2023" in main(client, page.url)


def test_made_up_query_strings_do_not_fill_the_cache(client, index):
    published(index, title="Annual report 2021 to 2022")
    url = f"{index.url}?type=annual-report"
    main(client, url)
    before = len(cache._cache)
    for n in range(10):
        assert "Annual report 2021 to 2022" in main(client, f"{url}&utm_source=mail-{n}")
    assert len(cache._cache) == before
