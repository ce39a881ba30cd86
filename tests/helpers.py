"""Helpers shared by tests of every app."""

import socket
import threading
from contextlib import contextmanager, nullcontext

import pytest


def sign_in_with_second_factor(client, user):
    """Sign ``client`` in as ``user`` with a session that has passed two-factor.

    The admin sends anyone without a verified second factor to the
    two-factor page (accounts.second_factor.AdminTwoFactorMiddleware); this gives
    the user a confirmed backup-code device and marks the session verified.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    client.force_login(user)
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Test device", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def empty_the_database():
    """A new server's empty database, inside the test's own transaction.

    PostgreSQL will not TRUNCATE tables with deferred foreign-key checks still
    pending in the transaction, so they are checked as the flush goes, then
    deferred again, as loaddata (the restore) expects.
    """
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def load_what_migrations_made(files):
    """Empty the database and load the copy of what migrations made
    (tests/conftest.py: ``django_db_setup``, ``{alias: [paths]}``), ids and all,
    as ``serialized_rollback`` does; sequences keep counting past those ids."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connections, transaction

    for alias, paths in files.items():
        # On PostgreSQL, one transaction: the emptied tables stay locked until
        # the copy is in, so a request a server from an earlier test is still
        # answering cannot add a row (a content type) in between. Not on
        # SQLite, which cannot load it inside one (its foreign keys cannot be
        # turned off in a transaction).
        postgres = connections[alias].vendor == "postgresql"
        with transaction.atomic(using=alias) if postgres else nullcontext():
            call_command(
                "flush",
                database=alias,
                interactive=False,
                verbosity=0,
                reset_sequences=False,
                inhibit_post_migrate=True,
            )
            call_command("loaddata", *map(str, paths), database=alias, verbosity=0)
    # Content types a post_migrate handler made meanwhile had other ids.
    ContentType.objects.clear_cache()


# -- Partnerships' roles and private places (site_core.tenancy) ---------------


def default_partnership():
    from wagtail.models import Site

    from site_core.models import Partnership

    return Partnership.objects.get(site=Site.objects.get(is_default_site=True))


def role_group(role, partnership=None):
    """The group holding ``role`` (site_core.roles.Role) in ``partnership``
    (the default site's partnership unless given)."""
    from site_core import tenancy

    return tenancy.role_groups(partnership or default_partnership())[role]


def board_members_group(partnership=None):
    from site_core.roles import Role

    return role_group(Role.BOARD_MEMBERS, partnership)


def members_papers_collection(partnership=None):
    from site_core import tenancy

    return tenancy.members_papers_collection(partnership or default_partnership())


def restrict_to_board_members(page):
    from site_core import tenancy

    return tenancy.restrict_to_members(page)


@contextmanager
def silent_listener(backlog=16):
    """The port of a server that accepts connections and never answers: what a
    hung Redis or CDN looks like to a client waiting on its timeout."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(backlog)
    held, stop = [], threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        server.close()


# -- Content built once per test process (tests/conftest.py) ----------------------


class SharedContent:
    """Content that many tests read, built once per test process inside a
    transaction that stays open while they run: each test's own transaction
    nests in it as a savepoint, so whatever a test changes still rolls back,
    and the content itself is rolled back when the last test reading it ends.

    ``fixture`` names the session-scoped fixture that opens it, which the
    fixture the tests ask for depends on; the root conftest runs the tests
    depending on it one after another and closes the transaction before any
    other test, so no other test ever sees the content.
    """

    registry = {}  # session fixture name -> SharedContent

    def __init__(self, fixture, build):
        self.fixture = fixture
        self.build = build
        self.value = None
        self._atomic = None
        self._blocker = None
        SharedContent.registry[fixture] = self

    @property
    def is_open(self):
        return self._atomic is not None

    def open(self, django_db_blocker):
        from django.db import transaction

        self._blocker = django_db_blocker
        with django_db_blocker.unblock():
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            try:
                self.value = self.build()
            except BaseException as error:
                self._atomic.__exit__(type(error), error, error.__traceback__)
                self._atomic = None
                raise

    def close(self):
        from django.db import transaction

        if self._atomic is None:
            return
        with self._blocker.unblock():
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)
        self._atomic, self.value = None, None

    def session_fixture(self):
        """The session-scoped fixture named ``fixture`` that opens the content
        for the first test that asks and closes it after the last: assign it in
        a conftest or test module under that name."""

        @pytest.fixture(scope="session", name=self.fixture)
        def opened(django_db_setup, django_db_blocker):
            self.open(django_db_blocker)
            yield self
            self.close()

        return opened

    def get(self):
        """The content: the shared copy, or, for a test run after the shared
        copy was closed (only when tests are reordered by hand), one built
        inside the test's own transaction."""
        return self.value if self.is_open else self.build()


def require_redis(url="redis://127.0.0.1:6379/13"):
    """Skip the test where no Redis answers at ``url``, except when
    REQUIRE_REDIS=1 (CI, which starts Redis first): there a missing Redis
    fails the test instead of passing it unseen."""
    import os

    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as error:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"no Redis at {url} ({error}), and REQUIRE_REDIS=1")
        pytest.skip(f"no Redis at {url}")
