"""Images are responsive (modern formats, two widths, 1x/2x logos, lazy below
the header) and their renditions are made ahead of time, never by a reader."""

import json
import re
from io import BytesIO

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.images.models import Rendition
from wagtail.models import Collection

from site_core.images import (
    BODY_IMAGE_SPECS,
    LOGO_SPECS,
    RENDITION_SPECS,
    make_renditions,
    missing_filters,
)
from site_core.models import Partnership
from tests.factories.site_core import StandardPageFactory

ALT = "Trainers in a workshop"


@pytest.fixture(autouse=True)
def empty_rendition_cache():
    """Wagtail caches renditions in the default cache, which outlives each
    test's database: start without it, so a rendition counts only if its row
    is really there."""
    cache.clear()
    yield
    cache.clear()


def image_block(image, alt_text=ALT, decorative=False):
    return {
        "type": "image",
        "value": {
            "image": image.pk,
            "alt_text": alt_text,
            "decorative": decorative,
            "caption": "",
        },
    }


def page_with_image(home, image, **block):
    return StandardPageFactory(
        parent=home, title="Our training offer", body=json.dumps([image_block(image, **block)])
    )


@pytest.fixture
def photo():
    return wagtail_factories.ImageFactory(title="Workshop", file__width=1600, file__height=900)


@pytest.fixture
def logo(site):
    """A wide logo (2:1) on the test partnership."""
    image = wagtail_factories.ImageFactory(title="Logo", file__width=480, file__height=240)
    Partnership.objects.filter(site=site).update(logo=image)
    return image


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def srcset_urls(srcset):
    return [candidate.strip().split(" ")[0] for candidate in srcset.split(",")]


# --- the HTML ------------------------------------------------------------


@pytest.mark.django_db
def test_body_images_offer_avif_and_webp_at_two_widths_and_load_lazily(client, home, photo):
    page = page_with_image(home, photo)

    picture = soup(client.get(page.url)).select_one("figure picture")

    assert picture is not None
    sources = picture.find_all("source")
    assert [source["type"] for source in sources] == ["image/avif", "image/webp"]
    for source in sources:
        assert "400w" in source["srcset"] and "800w" in source["srcset"]
        assert source["sizes"] == "(max-width: 840px) 100vw, 800px"
    img = picture.find("img")
    assert img["alt"] == ALT
    assert img["loading"] == "lazy"
    assert img["decoding"] == "async"
    assert ".jpg 400w" in img["srcset"] and ".jpg 800w" in img["srcset"]
    # The largest rendition's size: space is reserved before the file
    # arrives, and the image can be shown as wide as the column (800 px).
    assert (img["width"], img["height"]) == ("800", "450")


@pytest.mark.django_db
def test_a_decorative_body_image_has_empty_alt_text(client, home, photo):
    page = page_with_image(home, photo, alt_text="", decorative=True)

    img = soup(client.get(page.url)).select_one("figure picture img")

    assert img["alt"] == ""


@pytest.mark.django_db
def test_an_image_narrower_than_the_largest_width_is_not_offered_twice(client, home):
    small = wagtail_factories.ImageFactory(file__width=300, file__height=200)
    page = page_with_image(home, small)

    picture = soup(client.get(page.url)).select_one("figure picture")

    for element in [*picture.find_all("source"), picture.find("img")]:
        assert len(srcset_urls(element.get("srcset", element.get("src")))) == 1, element
    assert (picture.img["width"], picture.img["height"]) == ("300", "200")


@pytest.mark.django_db
def test_the_header_logo_is_webp_or_png_for_1x_and_2x_screens(client, home, logo):
    brand = soup(client.get(home.url)).select_one(".site-header__brand")

    picture = brand.find("picture")
    source = picture.find("source")
    assert source["type"] == "image/webp"
    assert re.fullmatch(r"\S+height-60\.webp 1x, \S+height-120\.webp 2x", source["srcset"])
    img = picture.find("img")
    assert img["src"].endswith("height-60.png")
    assert re.fullmatch(r"\S+height-60\.png 1x, \S+height-120\.png 2x", img["srcset"])
    assert (img["width"], img["height"]) == ("120", "60")
    # Above the fold: loaded at once. The partnership's name beside it is the
    # link text, so the logo itself says nothing to a screen reader.
    assert "loading" not in img.attrs
    assert img["alt"] == ""
    assert "site-header__logo" in img["class"]
    assert "Testshire Safeguarding Children Partnership" in brand.get_text()


@pytest.mark.django_db
def test_a_logo_too_small_for_2x_offers_what_it_has(client, home, site):
    small = wagtail_factories.ImageFactory(file__width=90, file__height=90)
    Partnership.objects.filter(site=site).update(logo=small)

    picture = soup(client.get(home.url)).select_one(".site-header__brand picture")

    assert re.fullmatch(
        r"\S+height-60\.webp 1x, \S+height-120\.webp 1\.5x", picture.source["srcset"]
    )
    assert (picture.img["width"], picture.img["height"]) == ("60", "60")


@pytest.mark.django_db
def test_rendered_pages_link_only_to_renditions_that_are_served(client, home, photo, logo):
    page = page_with_image(home, photo)
    html = soup(client.get(page.url))

    urls = set()
    for element in html.select("picture source, picture img"):
        urls.update(srcset_urls(element["srcset"]))
    assert len(urls) == len(RENDITION_SPECS)  # six for the photo, four for the logo
    for url in urls:
        assert url.startswith("/media/images/")
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "image/" + url.rsplit(".", 1)[1].replace("jpg", "jpeg")


# --- made ahead of time ----------------------------------------------------


@pytest.mark.django_db
def test_make_renditions_makes_each_rendition_once(photo, logo):
    assert make_renditions() == 2 * len(RENDITION_SPECS)
    assert missing_filters(photo) == [] and missing_filters(logo) == []
    count = Rendition.objects.count()

    assert make_renditions() == 0
    assert Rendition.objects.count() == count


@pytest.mark.django_db
def test_the_command_reports_what_it_made(photo, capsys):
    call_command("make_renditions")
    call_command("make_renditions")

    each = f"({len(RENDITION_SPECS)} for each image, made once)."
    assert capsys.readouterr().out.splitlines() == [
        f"Made {len(RENDITION_SPECS)} renditions {each}",
        f"Made 0 renditions {each}",
    ]


@pytest.mark.django_db
def test_pages_read_after_make_renditions_make_no_rendition(client, home, photo, logo):
    page = page_with_image(home, photo)
    make_renditions()
    cache.clear()  # the database alone must answer
    count = Rendition.objects.count()

    for url in (page.url, home.url):
        assert soup(client.get(url)).select("picture")
    assert Rendition.objects.count() == count


@pytest.mark.django_db
def test_the_templates_ask_for_exactly_the_renditions_made_ahead(client, home, photo, logo):
    page = page_with_image(home, photo)
    client.get(page.url)  # made while reading: only what the templates ask for

    assert set(photo.renditions.values_list("filter_spec", flat=True)) == set(BODY_IMAGE_SPECS)
    assert set(logo.renditions.values_list("filter_spec", flat=True)) == set(LOGO_SPECS)


@pytest.mark.django_db
def test_a_new_image_gets_its_renditions_once_saved(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = wagtail_factories.ImageFactory(file__width=1000, file__height=500)

    assert missing_filters(image) == []
    assert image.renditions.count() == len(RENDITION_SPECS)


@pytest.mark.django_db
def test_renaming_an_image_makes_nothing_new(photo, django_capture_on_commit_callbacks):
    make_renditions()
    count = Rendition.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        photo.title = "Trainers at work"
        photo.save()

    assert Rendition.objects.count() == count


def png(width, height):
    out = BytesIO()
    PillowImage.new("RGB", (width, height), (29, 79, 145)).save(out, format="PNG")
    return SimpleUploadedFile("replacement.png", out.getvalue(), content_type="image/png")


@pytest.mark.ignore_template_errors
@pytest.mark.django_db
def test_replacing_an_image_file_in_the_admin_remakes_its_renditions(
    admin_client, photo, django_capture_on_commit_callbacks
):
    """Wagtail deletes the old renditions after saving the image; the new ones
    are made after that, from the new file."""
    make_renditions()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtailimages:edit", args=(photo.pk,)),
            {
                "title": photo.title,
                "file": png(1200, 300),
                "collection": Collection.get_first_root_node().pk,
                "tags": "",
            },
        )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert missing_filters(photo) == []
    widest = photo.renditions.get(filter_spec="format-jpeg|width-800")
    assert (widest.width, widest.height) == (800, 200)  # the new file's shape
