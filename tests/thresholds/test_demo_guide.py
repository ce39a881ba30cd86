"""The demo's threshold guide: one per demo partnership, labelled illustrative
(no seed holds a threshold document)."""

import pytest
from bs4 import BeautifulSoup

HOSTS = ["127.0.0.1", "eastsussex.localhost", "southtees.localhost"]


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("host", HOSTS)
def test_each_demo_partnership_has_an_illustrative_threshold_guide(client, demo, host):
    guide = soup(client.get("/professionals/threshold-guide/", HTTP_HOST=host))
    assert "Illustrative." in guide.select_one("main").get_text()
    assert len(guide.select(".threshold-level")) == 4
    found = soup(
        client.get("/professionals/threshold-guide/search/", {"q": "missing"}, HTTP_HOST=host)
    )
    assert found.select_one("#found-3")
