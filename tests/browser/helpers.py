"""Assertions, marks and sign-in steps shared by the browser tests."""

import time

import pytest
from django.db import connections

# Every browser test: the live server needs committed data, and each test
# starts from the database as migrations left it.
BROWSER_DB = pytest.mark.django_db(transaction=True, serialized_rollback=True)
# A browser test that renders Wagtail's admin (tests/conftest.py says why).
RENDERS_ADMIN = [
    BROWSER_DB,
    pytest.mark.ignore_template_errors,
    pytest.mark.usefixtures("invalid_template_variables_as_in_production"),
]


def pages_built_once(build):
    """A module-scoped fixture for browser tests that only read: the pages
    ``build(site)`` makes (it returns their addresses), committed once for
    the module and served by ``reading_server``, instead of built again for
    each test and emptied after it.

    Such tests carry no database mark: pytest-django runs them after every
    database test, so the database is first put back as migrations left it
    (the last transactional test emptied it), and emptied again afterwards,
    as a transactional test leaves it. A test that signs in, submits a form
    or changes a record builds its own pages under BROWSER_DB instead.
    """

    @pytest.fixture(scope="module")
    def built(browser, django_db_setup, django_db_blocker, tmp_path_factory):
        from django.test import override_settings

        from tests.factories.site_core import make_site
        from tests.helpers import load_what_migrations_made

        media = tmp_path_factory.mktemp("media")
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
            load_what_migrations_made(django_db_setup)
            try:
                yield build(make_site())
            finally:
                _empty_databases(django_db_setup)
                # As a transactional test does: this test thread's connections
                # (Playwright's own, tests/browser/conftest.py) would otherwise
                # hold the test database open when pytest-django drops it.
                for connection in connections.all(initialized_only=True):
                    connection.close()

    return built


def _empty_databases(aliases):
    from django.core.management import call_command

    for alias in aliases:
        # As a serialized_rollback test's flush: what migrations made is
        # put back from its copy (tests/helpers.py: load_what_migrations_made),
        # not by post_migrate handlers.
        call_command(
            "flush",
            database=alias,
            interactive=False,
            verbosity=0,
            reset_sequences=False,
            inhibit_post_migrate=True,
        )


def wait_until(page, script, timeout=5.0):
    """Wait until ``script`` (a function Playwright calls in the page) returns
    true. Not page.wait_for_function: when it has to poll it evaluates a
    string in the page, which the site's Content Security Policy refuses
    (no 'unsafe-eval'), so it failed whenever the answer was not ready at once."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {script}"
        page.wait_for_timeout(50)


def assert_no_axe_violations(axe, page):
    results = axe.run(page)
    violations = results.response["violations"]
    summary = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in violations
    )
    assert not violations, f"axe-core found violations on {page.url}:\n{summary}"


def assert_no_horizontal_scroll(page):
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


# -- Signing in, as a person would (tests/helpers.py signs in test clients) --------

PASSWORD = "a-long-test-password-42"
SUBMIT = "form button[type=submit], form input[type=submit]"


def staff_with_backup_code(django_user_model, username, role, partnership=None):
    """A user holding ``role`` in ``partnership`` (the default site's unless
    given), and one of their backup codes for the second factor."""
    from accounts.two_factor import new_backup_codes
    from tests.helpers import role_group

    user = django_user_model.objects.create_user(username, password=PASSWORD)
    user.groups.add(role_group(role, partnership))
    return user, new_backup_codes(user)[0]


def sign_in_to_admin(page, base_url, username, code):
    """Through the admin's sign-in form, then the two-factor page."""
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator(SUBMIT).first.click()
    page.wait_for_url("**/two-factor/**")
    page.fill("#id_code", code)
    page.locator(SUBMIT).first.click()
    page.wait_for_url(base_url + "/admin/")


def sign_in_to_members_page(page, url, username="member"):
    """Through the sign-in form a members-only page at ``url`` sends readers to;
    back on that page once signed in."""
    page.goto(url)
    assert "/_util/login/" in page.url  # sent to sign in first
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click(".sign-in-form button[type=submit]")
    page.wait_for_url(url)
