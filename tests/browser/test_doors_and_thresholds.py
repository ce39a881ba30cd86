"""The guided route, the doors and the threshold guide in a real browser at
320 px: by keyboard alone, without JavaScript, with no cookie, the exit on
every step, and no axe-core violations."""

import pytest

from doors.models import Audience
from tests.factories.doors import DoorPageFactory
from tests.factories.thresholds import ThresholdGuidePageFactory, four_levels, some_indicators

from .helpers import assert_no_axe_violations, assert_no_horizontal_scroll, pages_built_once

PHONE = {"width": 320, "height": 568}
# The answers, in order, from the first question to children's services.
ROUTE = [
    "No, not right now",
    "A child or young person",
    "No, I am a parent",
    "Yes, it is during office hours",
]


def build(site):
    home = site.root_page.specific
    doors = {
        audience: DoorPageFactory(
            parent=home, audience=audience, title=str(audience.label), slug=audience.value
        )
        for audience in Audience
    }
    guide = ThresholdGuidePageFactory(
        parent=doors[Audience.PROFESSIONAL],
        slug="thresholds",
        levels=four_levels(),
        indicators=some_indicators(),
    )
    return {
        "home": "/",
        **{f"door-{audience.value}": page.url for audience, page in doors.items()},
        "guide": guide.url,
        "level": guide.url + "level/3/",
        "search": guide.url + "search/?q=bruising",
        "print": guide.url + "print/",
        "easy-read": guide.url + "easy-read/",
    }


built = pages_built_once(build)


def in_first_screen(page, selector):
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def check_step(page, axe):
    assert in_first_screen(page, ".quick-exit__button")
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(axe, page)
    assert page.context.cookies() == []


def tab_to(page, words, limit=40):
    """Press Tab until the focused element's text starts with ``words``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.textContent.trim()")
        if focused.startswith(words):
            return
    raise AssertionError(f"Tab never reached “{words}” on {page.url}")


def test_the_route_by_keyboard_alone_at_320px(reading_server, page, axe, built):
    page.set_viewport_size(PHONE)
    page.goto(reading_server.url + "/worried/")
    check_step(page, axe)
    for answer in ROUTE:
        tab_to(page, answer)
        page.keyboard.press("Enter")
        page.wait_for_load_state()
        check_step(page, axe)
    assert page.locator("h1").inner_text() == "Call children's services"
    assert page.locator("main a[href='tel:01914980000']").count() == 1
    # The exit button, by keyboard, leaves the site from the last step too.
    tab_to(page, "Exit this page")
    page.keyboard.press("Enter")
    page.wait_for_url("https://www.bbc.co.uk/**")


def test_the_route_works_without_javascript(reading_server, browser, built):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        tab = context.new_page()
        tab.goto(reading_server.url + "/worried/")
        for answer in ["No, not right now", "An adult who works with children"]:
            tab.get_by_role("link", name=answer, exact=False).click()
        assert tab.locator("h1").inner_text() == "Contact the LADO"
        assert tab.locator("main a[href='tel:01914980002']").count() == 1
        assert tab.locator(".quick-exit__button").is_visible()
        assert context.cookies() == []
    finally:
        context.close()


@pytest.mark.parametrize(
    "which",
    [
        "home",
        "door-worried",
        "door-professional",
        "door-young_person",
        "guide",
        "level",
        "search",
        "print",
        "easy-read",
    ],
)
def test_doors_and_guide_pages_at_320px(reading_server, page, axe, built, which):
    page.set_viewport_size(PHONE)
    page.goto(reading_server.url + built[which])
    assert in_first_screen(page, ".quick-exit__button")
    # The local number first in the help strip, on the first screen.
    assert in_first_screen(page, ".help-strip a[href='tel:01914980000']")
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(axe, page)


def test_what_level_is_this_by_keyboard(reading_server, page, built):
    page.set_viewport_size(PHONE)
    page.goto(reading_server.url + built["guide"] + "search/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "threshold-q":
            break
    else:
        raise AssertionError("Tab never reached the search box")
    page.keyboard.type("substance")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("#found-3").inner_text() == "Level 3: Targeted"
    assert "guidance, not a decision" in page.locator(".threshold-guidance").inner_text()
