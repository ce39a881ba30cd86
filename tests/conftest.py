import pytest

from tests.factories.site_core import make_site

from .helpers import SharedContent, load_what_migrations_made, sign_in_with_second_factor


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache, whatever the last one kept there."""
    from django.core.cache import cache

    if hasattr(cache, "delete_pattern"):
        # Redis: this run's keys only (its KEY_PREFIX); never the whole database,
        # which others may share.
        cache.delete_pattern("*")
    else:
        cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """pytest-django's test databases, and what migrations put in them (the
    root page and collection, the locale, the "Approver sign-off" workflow,
    content types, permissions) kept as a fixture file per database alias,
    for ``loaddata``: ``{alias: [paths]}``."""
    from django.core.management import call_command
    from django.db import connections

    folder = tmp_path_factory.mktemp("migrated")
    files = {}
    with django_db_blocker.unblock():
        for alias in connections:
            # Content types first: a receiver of another record's save may ask
            # for one, and would add it under a new id if it were not there.
            files[alias] = [folder / f"{alias}-content-types.json", folder / f"{alias}.json"]
            call_command(
                "dumpdata", "contenttypes", database=alias, output=str(files[alias][0]), verbosity=0
            )
            call_command(
                "dumpdata",
                database=alias,
                exclude=["contenttypes"],
                output=str(files[alias][1]),
                verbosity=0,
            )
    return files


@pytest.fixture(autouse=True)
def _what_migrations_made(request):
    """A test that empties the database (``serialized_rollback``, see
    pytest_collection_modifyitems) starts with what migrations made.
    pytest-django reloads it, except into the connections a running event
    loop gives the test (Playwright's, tests/browser): then it is loaded here,
    from the copy ``django_db_setup`` kept."""
    from pytest_django.fixtures import validate_django_db

    marker = request.node.get_closest_marker("django_db")
    if marker is None or not validate_django_db(marker)[3]:
        return
    from wagtail.models import Page

    request.getfixturevalue("transactional_db")
    if not Page.objects.filter(depth=1).exists():  # the root page
        load_what_migrations_made(request.getfixturevalue("django_db_setup"))


@pytest.fixture
def site(db):
    """The default Site: a HomePage with its partnership and contact numbers."""
    return make_site()


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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Roll back shared content once the next test does not read it."""
    try:
        return (yield)
    finally:
        for shared in SharedContent.registry.values():
            if shared.is_open and (nextitem is None or shared.fixture not in nextitem.fixturenames):
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
    shared = list(SharedContent.registry)
    for item in items:
        marker = item.get_closest_marker("django_db")
        transaction, _, _, serialized_rollback, _ = (
            validate_django_db(marker) if marker else (False, False, None, False, None)
        )
        transactional = transaction or {"live_server", "transactional_db"} & set(item.fixturenames)
        if transactional and not serialized_rollback:
            missing.append(item.nodeid)
        reads = [i for i, name in enumerate(shared) if name in item.fixturenames]
        if reads and transactional:
            shared_in_transactional.append(item.nodeid)
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
