"""Phone-first help: on a 320 x 568 screen the first view of a page offers
999 and the local number as tap-to-call links, and in-page links land below
the sticky exit bar."""

from datetime import date

import pytest
import wagtail_factories

from publications.models import FrameworkPage
from site_core.models import Partnership
from tests.factories.governance import BodyFactory, GovernanceIndexPageFactory
from tests.factories.publications import (
    FrameworkPageFactory,
    PublicationIndexPageFactory,
)

from .helpers import assert_no_axe_violations, pages_built_once, wait_until

PHONE = {"width": 320, "height": 568}


def build_phone_pages(site):
    logo = wagtail_factories.ImageFactory(title="Logo", file__width=240, file__height=240)
    Partnership.objects.filter(site=site).update(
        name="Testshire Safeguarding Children Partnership", logo=logo
    )
    home = site.root_page.specific
    home.title = "Testshire Safeguarding Children Partnership"
    home.save_revision().publish()
    index = PublicationIndexPageFactory(parent=home)
    framework = FrameworkPageFactory(
        parent=index,
        title="Framework of cooperation between the boards",
        adoption_status=FrameworkPage.AdoptionStatus.ADOPTED,
        adopted_on=date(2015, 1, 28),
        review_due=date(2016, 1, 31),
    )
    governance = GovernanceIndexPageFactory(parent=home)
    BodyFactory(partnership=Partnership.for_site(site), name="Testshire Executive", slug="exec")
    return {
        "home": "/",
        "publication": framework.url,
        "governance": governance.url + "bodies/exec/",
    }


phone_pages = pages_built_once(build_phone_pages)


def in_first_screen(page, selector):
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


@pytest.mark.parametrize("which", ["home", "publication", "governance"])
def test_the_first_screen_offers_999_and_the_local_number_to_tap(
    reading_server, page, axe, phone_pages, which
):
    page.set_viewport_size(PHONE)
    page.goto(reading_server.url + phone_pages[which])

    assert in_first_screen(page, ".quick-exit__button")
    assert in_first_screen(page, 'a[href="tel:999"]')
    assert in_first_screen(page, 'a[href="tel:01914980000"]')
    strip = page.locator(".help-strip").inner_text()
    assert "Worried about a child?" in strip
    assert "children's services" in strip
    # The partnership's name is on the first screen once, not twice.
    first_screen_text = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => el.children.length === 0 && el.checkVisibility())
            .filter(el => { const r = el.getBoundingClientRect();
                            return r.width > 1 && r.height > 1
                                && r.bottom > 0 && r.top < window.innerHeight; })
            .map(el => el.textContent).join(' ')"""
    )
    assert first_screen_text.count("Testshire Safeguarding Children Partnership") <= 1
    assert_no_axe_violations(axe, page)


@pytest.mark.parametrize("which", ["home", "publication", "governance"])
def test_who_else_to_call_lands_below_the_sticky_exit_bar(reading_server, page, phone_pages, which):
    page.set_viewport_size(PHONE)
    page.goto(reading_server.url + phone_pages[which])

    page.get_by_role("link", name="Who else to call").click()
    wait_until(page, "() => location.hash === '#worried-heading'")
    page.wait_for_timeout(200)

    bar = page.locator(".quick-exit").bounding_box()
    target = page.locator("#worried-heading").bounding_box()
    assert target["y"] >= bar["y"] + bar["height"], "the heading is under the exit bar"
    assert target["y"] + target["height"] <= PHONE["height"]
