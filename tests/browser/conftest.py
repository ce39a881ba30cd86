"""Real-browser tests: Debian's Chromium driven by Playwright.

Skipped when Chromium is missing, except in CI (REQUIRE_BROWSER=1), where a
missing browser fails the run instead of silently passing it.
"""

import os
import re
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Sync Playwright runs an event loop in this thread; the ORM calls made by
# fixtures would otherwise refuse to run (SynchronousOnlyOperation).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}, and REQUIRE_BROWSER=1")
        pytest.skip("Chromium is not installed: run `make test` to install it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def reading_server(request, browser):
    """A live server for tests that only read pages built once per module
    (tests/browser/helpers.py: pages_built_once). pytest-django makes every
    test that asks for its ``live_server`` transactional, emptying the
    database after it; these tests leave the database alone instead."""
    from pytest_django.live_server_helper import LiveServer

    address = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(address)
    yield server
    server.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    # The quick exit leaves for an outside site; the sandbox has no internet,
    # so answer those requests here and let the test see where it went.
    context.route(
        "https://**/*",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<p>elsewhere</p>"),
    )
    # The browser asks for the icons on its own, after the page has loaded,
    # so a request for one can still be running when the test ends and its
    # database is emptied (SQLite then reports a locked table). What the
    # icons are is tested without a browser (tests/site_core).
    context.route(
        re.compile(
            r".*/(favicon\.(ico|svg)|apple-touch-icon\.png|icons/\d+\.png|site\.webmanifest)$"
        ),
        lambda route: route.fulfill(status=204),
    )
    tab = context.new_page()
    yield tab
    context.close()
    _wait_for_live_server_requests()


def _wait_for_live_server_requests(timeout=10):
    """Let every request the browser started finish before the test ends.

    Closing the browser does not stop a request the live server is still
    answering (a late script, an image the page asked for after it loaded),
    and pytest-django's live server outlives the test. Were the test's
    database emptied under such a request, SQLite would report a locked
    table. The server answers each connection in a thread of its own
    (socketserver's process_request_thread), which ends once the browser has
    closed the connection.
    """
    import threading

    for thread in threading.enumerate():
        target = getattr(thread, "_target", None)
        if getattr(target, "__name__", "") == "process_request_thread":
            thread.join(timeout)


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()
