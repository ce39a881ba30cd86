"""Images in a real browser, on the demo content: the body image is the AVIF
rendition and loads once scrolled to, the logo is WebP, no reader's visit
makes a rendition, and the pages pass axe-core."""

import pytest
from django.core.management import call_command
from wagtail.images.models import Rendition

from .helpers import BROWSER_DB, assert_no_axe_violations

pytestmark = BROWSER_DB

# Whether the image loaded, waiting for it if it is still loading. A function
# Playwright calls, not page.wait_for_function's polling: that evaluates a
# string in the page, which the site's Content Security Policy refuses.
LOADED = """img => img.complete ? img.naturalWidth > 0 : new Promise(resolve => {
    img.addEventListener("load", () => resolve(img.naturalWidth > 0), {once: true});
    img.addEventListener("error", () => resolve(false), {once: true});
})"""


@pytest.fixture
def committed_demo():
    # As `make demo` does: here, as on a real site, each new image's
    # renditions are made when its save commits, the rest at the end.
    call_command("load_demo_data", verbosity=0)


def test_demo_images_load_in_modern_formats_without_making_renditions(
    live_server, page, axe, committed_demo
):
    count = Rendition.objects.count()

    page.goto(live_server.url + "/")  # the default site: Sunderland
    logo = page.locator(".site-header__logo")
    logo.wait_for()
    assert logo.evaluate(LOADED)
    assert logo.evaluate("img => img.currentSrc").endswith(".webp")
    assert_no_axe_violations(axe, page)

    page.goto(live_server.url + "/about-us/")
    figure = page.locator("figure img")
    assert figure.get_attribute("loading") == "lazy"
    figure.scroll_into_view_if_needed()
    assert figure.evaluate(LOADED)
    assert figure.evaluate("img => img.currentSrc").endswith(".avif")
    assert_no_axe_violations(axe, page)

    assert Rendition.objects.count() == count
