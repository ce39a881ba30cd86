"""The request scope and ``remember()``.

``remember(key, build)`` keeps ``build()``'s result in the cache under the
content generation, so it is rebuilt after the next change readers can see
and never before: the site a host name belongs to, site settings and menus,
alert banners, which sections are members-only, listing filters, open data.

A request works under its site's generation (the token for everything and
its site's, site_core.caching.generation) once CacheMiddleware has found the
site (``use_site``); ``remember(..., pages=False)`` keeps a value that shows
no page under the token for everything only, so a publish leaves it.

Within a request (``request_scope``, opened by CacheMiddleware) the
generation is read once, and each remembered value is kept in process after
its first read, so a page that asks for the restricted sections twenty times
makes one cache round trip for them, and one for the generation. Outside a
request (a management command, the shell) every call reads afresh.

Across requests, each process also keeps the values it has read for the
current generation (``_Local``, at most ``LOCAL_ENTRIES`` of them): a request
still reads the generation from the shared cache, so a change made in any
process is seen at once, but the site, settings, menus and page fragments
it needs then cost no round trip. Values from ``remember()`` are shared by
the requests of a process: read them, never change them.
"""

import hashlib
import sys
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache

from . import generation as generations
from .release import release

# Things kept by remember() live at most this long, whatever the generation.
REMEMBER_SECONDS = 60 * 60
_MISSING = object()
# What one process keeps for the current generation: enough for every page's
# fragments on a busy site; the least recently used go first.
LOCAL_ENTRIES = 500
# Larger values (the open data) are kept in the shared cache only.
LOCAL_MAX_BYTES = 256 * 1024


class _Local:
    """Values this process has read or built under current generations.

    Keys hold the generation (``remember:<generation>:<key>``), so a value
    made under a site's old token is never asked for again and ages out; a
    new token for everything drops them all at once.
    """

    def __init__(self):
        self.everything = None
        self.values = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.values.get(key)
            if entry is None:
                return _MISSING
            value, expires = entry
            if expires < time.monotonic():
                del self.values[key]
                return _MISSING
            self.values.move_to_end(key)
            return value

    def put(self, generation, key, value, timeout):
        if isinstance(value, (str, bytes)) and sys.getsizeof(value) > LOCAL_MAX_BYTES:
            return
        everything = str(generation).partition(".")[0]
        with self.lock:
            if everything != self.everything:
                # A new generation for everything: all kept under the old one is stale.
                self.everything = everything
                self.values.clear()
            self.values[key] = (value, time.monotonic() + timeout)
            self.values.move_to_end(key)
            while len(self.values) > LOCAL_ENTRIES:
                self.values.popitem(last=False)

    def clear(self):
        with self.lock:
            self.everything = None
            self.values.clear()


_local = _Local()


def forget_local():
    """Drop what this process keeps (tests empty the shared cache between them)."""
    _local.clear()


class Scope:
    """What one request knows: its site, the generation tokens it has read,
    the values it has remembered, and whether it changed content
    (site_core.caching.cdn purges once, after)."""

    def __init__(self):
        self.site = generations.ANY_SITE
        self.tokens = {}
        self.values = {}
        self.writes = {}  # key -> (value, timeout), written in one round trip at the end
        self.cdn_purge_due = False


_scope = ContextVar("site_core_caching_scope", default=None)


@contextmanager
def request_scope():
    """Open a scope for this request; an inner call reuses the outer one."""
    scope = _scope.get()
    if scope is not None:
        yield scope
        return
    scope = Scope()
    token = _scope.set(scope)
    try:
        yield scope
    finally:
        _scope.reset(token)
        _write_now(scope.writes)


def current_scope():
    return _scope.get()


@contextmanager
def outside_request():
    """Work as if no request were open (the cache warmer, which may be run
    from inside one): requests made within open scopes of their own."""
    token = _scope.set(None)
    try:
        yield
    finally:
        _scope.reset(token)


def keep(key, value, timeout):
    """``cache.set(key, value, timeout)``, at the end of the request when one is
    open: what a request builds (remembered values, fragments, the page) is
    written in one round trip, not one each. Nothing reads it back from the
    cache before then: the request has it in memory, and another process
    that asks meanwhile builds it as it would have a moment earlier."""
    scope = _scope.get()
    if scope is None:
        cache.set(key, value, timeout)
    else:
        scope.writes[key] = (value, timeout)


def _write_now(writes):
    by_timeout = {}
    for key, (value, timeout) in writes.items():
        by_timeout.setdefault(timeout, {})[key] = value
    for timeout, values in by_timeout.items():
        cache.set_many(values, timeout)


def _tokens(scope, keys):
    """The tokens for ``keys``, read at most once per request (one round trip)."""
    missing = [key for key in keys if key not in scope.tokens]
    if missing:
        scope.tokens.update(generations.read_tokens(missing))
    return [scope.tokens[key] for key in keys]


def generation(site=None):
    """The content generation this request works under, read at most once per
    request: its site's (``use_site``), or, before the site is known and
    outside a request, the one every site's change renews. ``site`` asks for
    that site's instead (the page cache checking a page against the site its
    host name was last found to be)."""
    scope = _scope.get()
    if scope is None:
        return generations.read() if site is None else generations.read(site)
    site = scope.site if site is None else site
    return generations.combined(*_tokens(scope, [generations.KEY, generations.site_key(site)]))


def everything_generation():
    """The token that only changes common to every site renew (settings,
    menus' records, restrictions, sites, moves and deletions of pages)."""
    scope = _scope.get()
    if scope is None:
        return generations.read_tokens([generations.KEY])[generations.KEY]
    return _tokens(scope, [generations.KEY])[0]


def own_generation(page_id):
    """The generation of one page's own content: the token for everything and
    the page's own (site_core.caching.generation), read at most once per
    request; other pages' publishes leave it."""
    keys = [generations.KEY, generations.page_key(page_id)]
    scope = _scope.get()
    if scope is None:
        found = generations.read_tokens(keys)
        everything, own = found[keys[0]], found[keys[1]]
    else:
        everything, own = _tokens(scope, keys)
    if everything is None or own is None:
        return None
    return f"{everything}.page{own}"


def use_site(site_id):
    """From now on this request works under ``site_id``'s generation."""
    scope = _scope.get()
    if scope is not None and site_id is not None:
        scope.site = site_id


def use_tokens(tokens):
    """The middleware read tokens itself (with the page, one MGET)."""
    scope = _scope.get()
    if scope is not None:
        scope.tokens.update({key: token for key, token in tokens.items() if token is not None})


def forget_generation():
    """This request changed content: read the generation again next time."""
    scope = _scope.get()
    if scope is not None:
        scope.tokens.clear()
        scope.values.clear()


def seen_lately(key, seconds):
    """Whether this process marked ``key`` in the last ``seconds`` under the
    current generation; marks it. Kept in process memory only (no round
    trip), with the remembered values. True when the cache cannot be reached,
    so that nothing is done about it."""
    current = generation()
    if current is None:
        return True
    full_key = f"seen:{current}:{key}"
    if _local.get(full_key) is not _MISSING:
        return True
    _local.put(current, full_key, True, seconds)
    return False


def key_digest(value):
    """A short stand-in, always the same length, for ``value`` in a cache key:
    a string as it is, anything else by its repr (a filter's choices, a
    query's key, what a fragment shows)."""
    text = value if isinstance(value, str) else repr(value)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def remember(key, build, timeout=REMEMBER_SECONDS, keep_none=True, pages=True, page=None):
    """``build()``'s result, kept until the next change readers can see.

    With ``keep_none=False`` a None result is not kept: for keys made from
    what a reader typed, so that made-up values cannot fill the cache.
    With ``pages=False`` the value shows no page, so it is kept across
    publishes (under the token for everything only): the site a host name
    belongs to, settings that name no page, restricted sections.
    With ``page=<id>`` the value shows that page's own content and no other
    page, so it is kept across other pages' publishes (``own_generation``).
    """
    if page is not None:
        current = own_generation(page)
    else:
        current = generation() if pages else everything_generation()
    full_key = f"remember:{release()}:{current}:{key}"
    scope = _scope.get()
    if scope is not None and full_key in scope.values:
        return scope.values[full_key]
    # No generation: the cache cannot be reached, so build and keep it for
    # this request only.
    value = _MISSING
    if current is not None:
        value = _local.get(full_key)
        if value is _MISSING:
            value = cache.get(full_key, _MISSING)
            if value is not _MISSING:
                _local.put(current, full_key, value, timeout)
    if value is _MISSING:
        value = build()
        if value is None and not keep_none:
            return value
        if current is not None:
            keep(full_key, value, timeout)
            _local.put(current, full_key, value, timeout)
    if scope is not None:
        scope.values[full_key] = value
    return value
