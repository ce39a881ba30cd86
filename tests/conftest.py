import pytest

from site_core.factories import make_site

from .helpers import sign_in_with_second_factor


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache, whatever the last one kept there."""
    from django.core.cache import cache

    cache.clear()


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


def pytest_collection_modifyitems(items):
    """Mark tests that flush the database (live-server and transactional tests).

    A flush also deletes what migrations created (the root page, roles, the
    approval workflow), which later tests in the same process rely on, so
    `make test` runs these in a second, separate pytest run.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = marker is not None and (
            marker.kwargs.get("transaction") or (len(marker.args) > 0 and marker.args[0])
        )
        if transactional or {"live_server", "transactional_db"} & set(item.fixturenames):
            item.add_marker(pytest.mark.flushes)
