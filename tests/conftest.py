import pytest

from tests.factories.site_core import make_site

from .helpers import sign_in_with_second_factor


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache, whatever the last one kept there."""
    from django.core.cache import cache

    from site_core.caching import memo

    cache.clear()
    memo.forget_local()  # and what this process kept from it


@pytest.fixture
def site(db):
    """The default Site: a HomePage with its partnership and contact numbers."""
    return make_site()


@pytest.fixture
def home(site):
    return site.root_page.specific


@pytest.fixture
def login_as():
    """Sign ``client`` in as ``user`` the way the admin expects.

    Every admin test signs in through this (or pytest-django's ``admin_client``)
    so that sign-in rules, such as a second factor, live in one place.
    """
    return sign_in_with_second_factor


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's ``admin_client``, signed in with a second factor."""
    return sign_in_with_second_factor(client, admin_user)


def pytest_configure(config):
    """Refuse xdist modes that reorder tests (see pytest_collection_modifyitems)."""
    dist = config.getoption("dist", "no")
    if dist not in ("no", "load"):
        raise pytest.UsageError(
            f"--dist {dist} reorders tests, so a test that flushes the database could run "
            "before tests that need what migrations made: use the default (-n 2)."
        )


def pytest_collection_modifyitems(items):
    """Every test that empties the database puts back what migrations made.

    A transactional or live-server test ends with a flush, which also deletes
    the root page, the root collection, the locale and the root workflow.
    With ``serialized_rollback=True`` pytest-django reloads the database as
    migrations left it before each such test. It does not reload it after
    one: it runs flushing tests after every other database test instead, and
    xdist's default scheduling keeps that order in each process (``--dist
    loadfile`` does not: it sorts files by size). Forgetting the option is an
    error here rather than a failure in some later test.
    """
    from pytest_django.fixtures import validate_django_db

    missing = []
    for item in items:
        marker = item.get_closest_marker("django_db")
        transaction, _, _, serialized_rollback, _ = (
            validate_django_db(marker) if marker else (False, False, None, False, None)
        )
        transactional = transaction or {"live_server", "transactional_db"} & set(item.fixturenames)
        if transactional and not serialized_rollback:
            missing.append(item.nodeid)
    if missing:
        raise pytest.UsageError(
            "These tests flush the database: mark them "
            "@pytest.mark.django_db(transaction=True, serialized_rollback=True):\n  "
            + "\n  ".join(missing)
        )


@pytest.fixture
def invalid_template_variables_as_in_production():
    """For tests that render Wagtail's admin: under ignore_template_errors
    pytest-django skips a variable's filters, and Wagtail's
    ``{% icon name=x|default:"..." %}`` then raises in tests only."""
    from django.template import engines

    engine = engines["django"].engine
    previous, engine.string_if_invalid = engine.string_if_invalid, ""
    yield
    engine.string_if_invalid = previous
