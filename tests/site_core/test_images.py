"""Images in page bodies are responsive: modern formats, two widths, lazy."""

import json

import pytest
import wagtail_factories
from bs4 import BeautifulSoup

from site_core.factories import StandardPageFactory


@pytest.mark.django_db
def test_body_images_offer_avif_and_webp_at_two_widths_and_load_lazily(client, home):
    image = wagtail_factories.ImageFactory(file__width=1600, file__height=900)
    page = StandardPageFactory(
        parent=home,
        title="Our training offer",
        body=json.dumps(
            [
                {
                    "type": "image",
                    "value": {
                        "image": image.pk,
                        "alt_text": "Trainers in a workshop",
                        "decorative": False,
                        "caption": "",
                    },
                }
            ]
        ),
    )

    html = BeautifulSoup(client.get(page.url).content, "html.parser")
    picture = html.select_one("figure picture")

    assert picture is not None
    types = [source["type"] for source in picture.find_all("source")]
    assert types == ["image/avif", "image/webp"]
    for source in picture.find_all("source"):
        assert "400w" in source["srcset"] and "800w" in source["srcset"]
    img = picture.find("img")
    assert img["alt"] == "Trainers in a workshop"
    assert img["loading"] == "lazy"
    assert "400w" in img["srcset"] and "800w" in img["srcset"]
