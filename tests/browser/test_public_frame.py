"""The public frame in a real browser: accessibility, quick exit, small screens."""

import pytest
import wagtail_factories

from site_core.models import Partnership
from tests.factories.site_core import StandardPageFactory

from .helpers import (
    BROWSER_DB,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    pages_built_once,
)

EXIT_URL = "https://www.example.com/weather"


def build_frame_pages(site):
    logo = wagtail_factories.ImageFactory(title="Logo", file__width=240, file__height=240)
    Partnership.objects.filter(site=site).update(quick_exit_url=EXIT_URL, logo=logo)
    photo = wagtail_factories.ImageFactory(title="Workshop", file__width=1600, file__height=900)
    home = site.root_page.specific
    standard = StandardPageFactory(
        parent=home,
        title="How we work together",
        slug="how-we-work",
        body=[
            ("heading", {"text": "Our partners", "level": "h2"}),
            ("paragraph", "<p>The council, the NHS and the police.</p>"),
            (
                "image",
                {"image": photo, "alt_text": "Partners at a training day", "decorative": False},
            ),
            ("heading", {"text": "Questions", "level": "h2"}),
            (
                "accordion",
                {"items": [{"title": "What is a LADO?", "content": "<p>An officer.</p>"}]},
            ),
            ("callout", {"style": "help", "title": "Help", "text": "<p>Call 999.</p>"}),
        ],
    )
    return {
        "home": "/",
        "standard": standard.url,
        "search": "/search/?q=partners",
        "not_found": "/no-such-page/",
    }


frame_pages = pages_built_once(build_frame_pages)


@pytest.mark.parametrize("which", ["home", "standard", "search", "not_found"])
def test_no_accessibility_violations(reading_server, page, axe, frame_pages, which):
    page.goto(reading_server.url + frame_pages[which])
    assert_no_axe_violations(axe, page)


@pytest.mark.parametrize("which", ["home", "standard", "search", "not_found"])
def test_nothing_scrolls_sideways_at_320px(reading_server, page, frame_pages, which):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(reading_server.url + frame_pages[which])
    assert_no_horizontal_scroll(page)
    assert page.locator(".quick-exit__button").is_visible()


def test_quick_exit_by_click_leaves_no_history(reading_server, page, frame_pages):
    page.goto(reading_server.url + frame_pages["home"])
    page.goto(reading_server.url + frame_pages["standard"])
    page.click("text=Exit this page")
    page.wait_for_url(EXIT_URL)
    # The page the reader was on was replaced, not stacked: Back skips it.
    page.go_back()
    page.wait_for_load_state()
    assert page.url.rstrip("/") == (reading_server.url + frame_pages["home"]).rstrip("/")


def test_quick_exit_by_keyboard(reading_server, page, frame_pages):
    page.goto(reading_server.url + frame_pages["standard"])
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # exit button comes next, before anything else
    assert page.evaluate("document.activeElement.textContent").strip().startswith("Exit this page")
    page.keyboard.press("Enter")
    page.wait_for_url(EXIT_URL)


def test_quick_exit_by_pressing_shift_three_times(reading_server, page, frame_pages):
    page.goto(reading_server.url + frame_pages["standard"])
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(EXIT_URL)


def test_quick_exit_works_without_javascript(reading_server, browser, frame_pages):
    context = browser.new_context(java_script_enabled=False)
    context.route("https://**/*", lambda route: route.fulfill(status=200, body="elsewhere"))
    tab = context.new_page()
    tab.goto(reading_server.url + frame_pages["standard"])
    tab.click("text=Exit this page")
    tab.wait_for_url(EXIT_URL)
    context.close()


def test_skip_link_moves_focus_to_the_content(reading_server, page, frame_pages):
    page.goto(reading_server.url + frame_pages["standard"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


@BROWSER_DB
def test_dismissed_alert_stays_dismissed_until_its_text_changes(live_server, page, site):
    from tests.factories.site_core import AlertBannerFactory

    banner = AlertBannerFactory(message="<p>Learning week starts Monday</p>")
    page.goto(live_server.url + "/")
    page.click("text=Dismiss")
    assert not page.locator("text=Learning week starts Monday").is_visible()
    page.reload()
    assert not page.locator("text=Learning week starts Monday").is_visible()
    banner.message = "<p>Learning week moved to Tuesday</p>"
    banner.save()
    page.reload()
    assert page.locator("text=Learning week moved to Tuesday").is_visible()
