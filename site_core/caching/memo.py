"""The request scope and ``remember()``.

``remember(key, build)`` keeps ``build()``'s result in the cache under the
content generation, so it is rebuilt after the next change readers can see
and never before: the site a host name belongs to, site settings and menus,
alert banners, which sections are members-only, listing filters, open data.

Within a request (``request_scope``, opened by CacheMiddleware) the
generation is read once, and each remembered value is kept in process after
its first read, so a page that asks for the restricted sections twenty times
makes one cache round trip for them, and one for the generation. Outside a
request (a management command, the shell) every call reads afresh.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache

from . import generation as generations

# Things kept by remember() live at most this long, whatever the generation.
REMEMBER_SECONDS = 60 * 60
_MISSING = object()


class Scope:
    """What one request knows: the generation, the values it has remembered,
    and whether it changed content (site_core.caching.cdn purges once, after)."""

    def __init__(self):
        self.generation = None
        self.values = {}
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


def current_scope():
    return _scope.get()


def generation():
    """The current content generation, read at most once per request."""
    scope = _scope.get()
    if scope is None:
        return generations.read()
    if scope.generation is None:
        scope.generation = generations.read()
    return scope.generation


def use_generation(value):
    """The middleware read the generation itself (with the page, one MGET)."""
    scope = _scope.get()
    if scope is not None:
        scope.generation = value


def forget_generation():
    """This request changed content: read the generation again next time."""
    scope = _scope.get()
    if scope is not None:
        scope.generation = None
        scope.values.clear()


def remember(key, build, timeout=REMEMBER_SECONDS, keep_none=True):
    """``build()``'s result, kept until the next change readers can see.

    With ``keep_none=False`` a None result is not kept: for keys made from
    what a reader typed, so that made-up values cannot fill the cache.
    """
    current = generation()
    full_key = f"remember:{current}:{key}"
    scope = _scope.get()
    if scope is not None and full_key in scope.values:
        return scope.values[full_key]
    # No generation: the cache cannot be reached, so build and keep it for
    # this request only.
    value = cache.get(full_key, _MISSING) if current is not None else _MISSING
    if value is _MISSING:
        value = build()
        if value is None and not keep_none:
            return value
        if current is not None:
            cache.set(full_key, value, timeout)
    if scope is not None:
        scope.values[full_key] = value
    return value
