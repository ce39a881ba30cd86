"""The page cache's one read on a hit: a Redis MGET below redis-py's client.

A page-cache hit is one MGET (the page and the generation tokens it is
checked against) and nothing else, so the read is most of what a hit costs.
Measured in-process on the benchmark machine (README, "Cached pages at
the WSGI door"), the same MGET of a 25 KB page and two tokens costs about
117 µs of CPU through ``cache.get_many`` (django-redis), 74 µs through
redis-py's client (its connection pool, retries and instrumentation), and
49 µs sent and read on a redis-py connection directly. So a hit reads on a
connection of its own, made with the settings of django-redis's own pool
(address, password, TLS, database, timeouts), one per thread and process,
and decodes the values as django-redis does. Everything else goes through
``django.core.cache`` as before.

Any error is a miss: the connection is dropped (made afresh for the next
hit), the page is rendered, and django-redis's own calls on the way report
Redis as unreachable as they always have (``site_core.caching.redis``).
"""

import logging
import os
import threading

from django.core.cache import caches
from redis.exceptions import RedisError

logger = logging.getLogger("site_core.caching.redis")
_held = threading.local()


class _Reader:
    """A connection of its own to the cache's Redis, and the cache's key and
    value formats."""

    def __init__(self, backend):
        self.backend = backend
        pool = backend.client.get_client(write=False).connection_pool
        self.connection = pool.connection_class(**pool.connection_kwargs)
        self.make_key = backend.client.make_key
        self.decode = backend.client.decode
        self.pid = os.getpid()


def _reader(backend):
    # Django gives each thread its cache backend (and a new one when CACHES
    # changes); each gets a reader of its own, never one made before a fork.
    reader = getattr(_held, "reader", None)
    if reader is None or reader.backend is not backend or reader.pid != os.getpid():
        reader = _held.reader = _Reader(backend)
    return reader


def get_many(keys):
    """``cache.get_many(keys)``, in one round trip on this thread's own
    connection when the cache is django-redis's. An error is logged and
    answers as if nothing were found."""
    backend = caches["default"]
    if not hasattr(getattr(backend, "client", None), "get_client"):
        return backend.get_many(keys)  # not Redis: nothing to save
    reader = _reader(backend)
    connection = reader.connection
    try:
        connection.send_command("MGET", *[reader.make_key(key) for key in keys])
        values = connection.read_response()
    except (RedisError, OSError):
        connection.disconnect()  # made afresh for the next read
        logger.warning("Page cache read failed", exc_info=True)
        return {}
    found = zip(keys, values, strict=True)
    return {key: reader.decode(value) for key, value in found if value is not None}
