"""Redis connections that stop asking a Redis which has just failed.

With ``IGNORE_EXCEPTIONS`` django-redis turns a failed call into a miss, but
each call still waits for its own timeout, and a page makes dozens of cache
calls: a Redis that accepts connections and never answers held every page
for seconds. So once any connection of this process fails (refused, reset or
timed out), every connection fails at once, without touching the network,
for ``REDIS_RETRY_SECONDS``; the first call after that asks Redis again. A
page waits at most one timeout, and renders uncached meanwhile. Writes in
that window are skipped as any failed write is (a publish's new generation
included, as when Redis is down), which is why the window is short.

The cache names ``QuickToGiveUpPool`` as its ``CONNECTION_POOL_CLASS``
(django-redis's setting for it, config/settings/base.py).
"""

import time

from django.conf import settings
from redis.connection import Connection, ConnectionPool, SSLConnection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

_failed_at = None  # time.monotonic() of this process's last failed call


def _check_not_failed_lately():
    if _failed_at is not None and time.monotonic() - _failed_at < settings.REDIS_RETRY_SECONDS:
        raise RedisConnectionError("Redis failed moments ago: not asked again yet")


def _noting_failure(call, *args, **kwargs):
    global _failed_at
    try:
        return call(*args, **kwargs)
    except (RedisConnectionError, RedisTimeoutError, OSError):
        _failed_at = time.monotonic()
        raise


def forget_failure():
    """Ask Redis at the next call whatever happened before (tests)."""
    global _failed_at
    _failed_at = None


class _QuickToGiveUp:
    # Every command connects (if need be) through connect_check_health and
    # then reads its answer with read_response: the two places Redis can fail.
    def connect_check_health(self, *args, **kwargs):
        _check_not_failed_lately()
        return _noting_failure(super().connect_check_health, *args, **kwargs)

    def send_packed_command(self, *args, **kwargs):
        _check_not_failed_lately()
        return _noting_failure(super().send_packed_command, *args, **kwargs)

    def read_response(self, *args, **kwargs):
        return _noting_failure(super().read_response, *args, **kwargs)


class QuickToGiveUpConnection(_QuickToGiveUp, Connection):
    pass


class QuickToGiveUpSSLConnection(_QuickToGiveUp, SSLConnection):
    pass


class QuickToGiveUpPool(ConnectionPool):
    """redis-py's pool, making connections that give up quickly (TLS ones
    too, for a ``rediss://`` address)."""

    def __init__(self, connection_class=Connection, **kwargs):
        quick = {Connection: QuickToGiveUpConnection, SSLConnection: QuickToGiveUpSSLConnection}
        super().__init__(connection_class=quick.get(connection_class, connection_class), **kwargs)
