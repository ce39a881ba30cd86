import pytest

from tests.factories.site_core import make_site

from .helpers import SharedContent, sign_in_with_second_factor


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache, whatever the last one kept there."""
    from django.core.cache import cache

    from caching import redis_pool

    redis_pool.forget_failure()  # an outage an earlier test made is over
    if hasattr(cache, "delete_pattern"):
        # Redis: this run's keys only (its KEY_PREFIX); never the whole database,
        # which others may share.
        cache.delete_pattern("*")
    else:
        cache.clear()


@pytest.fixture
def home(site):
    return site.root_page.specific


@pytest.fixture
def partnership(site):
    """The default site's partnership."""
    from site_core.models import Partnership

    return Partnership.for_site(site)


@pytest.fixture
def other_site(site):
    """A second partnership's site (other.localhost)."""
    return make_site(hostname="other.localhost", default=False, title="Otherton Partnership")


@pytest.fixture
def other_partnership(other_site):
    """A second partnership, on its own site."""
    from site_core.models import Partnership

    partnership = Partnership.for_site(other_site)
    partnership.short_name = "OSCP"
    partnership.save()
    return partnership


@pytest.fixture
def make_user(django_user_model, site):
    """A user holding ``roles`` in ``partnership`` (the default site's, unless given)."""
    from tests.helpers import default_partnership, role_group

    def make(username, *roles, partnership=None, **fields):
        user = django_user_model.objects.create_user(
            username=username, email=f"{username}@example.org", password=None, **fields
        )
        for role in roles:
            user.groups.add(role_group(role, partnership or default_partnership()))
        return user

    return make


@pytest.fixture
def editor(make_user):
    """An Editor of the default site's partnership."""
    from site_core.roles import Role

    return make_user("eddie", Role.EDITORS)


@pytest.fixture
def approver(make_user):
    """An Approver of the default site's partnership."""
    from site_core.roles import Role

    return make_user("april", Role.APPROVERS)


@pytest.fixture
def media_root(tmp_path):
    """Uploaded files and renditions go to this test's own folder."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        yield tmp_path / "media"


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


def _load_demo():
    from django.core.management import call_command

    call_command("load_demo_data", verbosity=0)


_DEMO = SharedContent("_shared_demo", _load_demo)
_shared_demo = _DEMO.session_fixture()


@pytest.fixture
def demo(_shared_demo, db):
    """The demo content, as `make demo` loads it: loaded once per test
    process (it takes most of a minute), not once per test. A test may change
    it; its changes roll back with the test (tests/helpers.py: SharedContent)."""
    return _shared_demo.get()


def _default_site():
    return make_site().pk


# Registered after the demo: shared content runs in the order registered, so
# the demo's few tests come first and xdist's first batch gives them all to
# one process, the only one that loads the demo.
_SITE = SharedContent("_shared_site", _default_site, read_by="site")
_shared_site = _SITE.session_fixture()


@pytest.fixture
def site(_shared_site, db):
    """The default Site: a HomePage with its partnership and contact numbers.

    Built once per test process, like the demo (tests/helpers.py:
    SharedContent): what a test changes rolls back with it, and each test
    gets its own copy of the Site object. A test that flushes the database
    builds its own."""
    from wagtail.models import Site

    return Site.objects.get(pk=_shared_site.get())


def _flushes(item):
    """Whether ``item`` ends with a flush: a transactional or live-server test."""
    from pytest_django.fixtures import validate_django_db

    marker = item.get_closest_marker("django_db")
    transaction = validate_django_db(marker)[0] if marker else False
    return bool(transaction or {"live_server", "transactional_db"} & set(item.fixturenames))


def _reads(shared, item):
    """Whether ``item`` reads ``shared`` content from the shared copy."""
    if shared.fixture not in item.fixturenames:
        return False
    return shared.read_by is None or not _flushes(item)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """A test that flushes the database opens no shared content (before its
    fixtures are set up): what it reads it builds itself."""
    SharedContent.may_open = not _flushes(item)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Roll back shared content once the next test does not read it."""
    try:
        return (yield)
    finally:
        for shared in SharedContent.registry.values():
            if shared.is_open and (nextitem is None or not _reads(shared, nextitem)):
                shared.close()


@pytest.hookimpl(trylast=True)  # after pytest-django has put database tests first
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

    missing, shared_in_transactional, group = [], [], {}
    shared = list(SharedContent.registry.values())
    for item in items:
        marker = item.get_closest_marker("django_db")
        serialized_rollback = validate_django_db(marker)[3] if marker else False
        transactional = _flushes(item)
        if transactional and not serialized_rollback:
            missing.append(item.nodeid)
        if transactional and any(
            content.read_by is None and content.fixture in item.fixturenames for content in shared
        ):
            shared_in_transactional.append(item.nodeid)
        reads = [i for i, content in enumerate(shared) if _reads(content, item)]
        group[item] = reads[0] if reads else len(shared)
    if missing:
        raise pytest.UsageError(
            "These tests flush the database: mark them "
            "@pytest.mark.django_db(transaction=True, serialized_rollback=True):\n  "
            + "\n  ".join(missing)
        )
    if shared_in_transactional:
        raise pytest.UsageError(
            "Shared content lives in a transaction, which these tests' flush would end: "
            "build what they need in the test instead:\n  " + "\n  ".join(shared_in_transactional)
        )
    # The tests reading each shared content run first and one after another
    # (they are all plain database tests, which pytest-django runs first
    # anyway), so each test process builds it once. xdist's default
    # scheduling hands each process tests in this order.
    items.sort(key=group.__getitem__)


@pytest.fixture
def invalid_template_variables_as_in_production():
    """For tests that render Wagtail's admin: under ignore_template_errors
    pytest-django skips a variable's filters, and Wagtail's
    ``{% icon name=x|default:"..." %}`` (every InlinePanel's "Add" button) then
    raises "You must supply an icon name" in tests only, e.g. on an invalid edit
    POST that re-renders the page editor."""
    from django.template import engines

    engine = engines["django"].engine
    previous, engine.string_if_invalid = engine.string_if_invalid, ""
    yield
    engine.string_if_invalid = previous
