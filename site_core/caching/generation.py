"""The content generation: one token every cached page, fragment and remembered
value is filed under.

Any change readers can see (site_core.caching.purge) gives a new token, so
everything cached under the old one is never read again. The token is shared
by every app process: in Redis when the default cache is shared (REDIS_URL),
otherwise in the one-row ``CacheGeneration`` table, so several workers with a
local-memory cache each still never serve a page older than the last change.
Random, not counted up: a change that is rolled back must never hand out its
token again, or what was cached under it would come back.

This module reads and writes the token only; reading it once per request is
site_core.caching.memo's business.
"""

import secrets

from django.conf import settings
from django.core.cache import cache

KEY = "page-cache:generation"


def new_token():
    return secrets.randbits(62) + 1


def in_shared_cache():
    """Whether the token lives in the cache (Redis) rather than the database."""
    return not settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def _table():
    # Imported here, not at the top: site_core.models imports
    # site_core.caching.memo (which imports this module) while Django is
    # still loading models, so the model class can only be fetched at call
    # time. The one import from caching back to models.
    from site_core.models import CacheGeneration

    return CacheGeneration


def read():
    """The current token, from Redis or the table (no memo: see memo.generation)."""
    if not in_shared_cache():
        return _table().current()
    value = cache.get(KEY)
    if value is None:  # a new or emptied Redis: start a generation
        cache.add(KEY, new_token(), timeout=None)
        value = cache.get(KEY)
    return value


def bump():
    """A new token: everything cached before it is stale."""
    if in_shared_cache():
        cache.set(KEY, new_token(), timeout=None)
    else:
        _table().bump()
