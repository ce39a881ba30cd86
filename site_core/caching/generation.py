"""The content generations: the tokens every cached page, fragment and
remembered value is filed under.

Three kinds of token, each random (a change that is rolled back must never
hand out its token again, or what was cached under it would come back):

- **everything**: a change that any site could show (a setting, a menu, a
  view restriction, a document, a governance record, a page moved or
  deleted) gives a new one, and every cached thing is stale at once;
- **one site's pages**: publishing, unpublishing or saving a live page gives
  a new token to the site (partnership) it belongs to only, so a publish in
  East Sussex leaves South Tees's pages, fragments and routes cached, and
  makes everything of East Sussex stale: its listings, home page features,
  menus, routes and page fragments;
- **any site's pages**: given a new token together with every site's, for
  what is read without knowing the site (the admin, a management command),
  so that reads as it always did: stale after every change.

A fourth, **one page's own content**, is given a new token when that page is
published, unpublished or saved live (with its site's): what shows that page
and nothing else (its text, facts and child records: ``{% page_fragment
"name" own %}``) is kept under ``everything.page`` and survives the publish
of any other page.

A request for a site works under ``everything.site`` (``combined``), and
without one under ``everything.any``. The tokens are shared by every app
process: in Redis when the default cache is shared (REDIS_URL), otherwise in
rows of the ``CacheGeneration`` table (row 1 everything, row 2 any site's
pages, row ``SITE_ROW + site id`` a site's pages, row ``PAGE_ROW + page id``
a page's own content), so several workers with a
local-memory cache each still never serve a page older than the last change.

This module reads and writes tokens only; reading them once per request is
site_core.caching.memo's business.
"""

import secrets

from django.conf import settings
from django.core.cache import cache

KEY = "page-cache:generation"
ANY_SITE = "any"
# The table's row ids: 1 is everything (the row that always existed), 2 any
# site's pages, and each site's pages from here on.
_EVERYTHING_ROW = 1
_ANY_SITE_ROW = 2
SITE_ROW = 1000
PAGE_ROW = 1_000_000_000


def new_token():
    return secrets.randbits(62) + 1


def in_shared_cache():
    """Whether the tokens live in the cache (Redis) rather than the database."""
    return not settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def _table():
    # Imported here, not at the top: site_core.models imports
    # site_core.caching.memo (which imports this module) while Django is
    # still loading models, so the model class can only be fetched at call
    # time. The one import from caching back to models.
    from site_core.models import CacheGeneration

    return CacheGeneration


def site_key(site):
    """The cache key of one site's token (``site`` is an id or ``ANY_SITE``)."""
    return f"{KEY}:site:{site}"


def page_key(page_id):
    """The cache key of one page's own token."""
    return f"{KEY}:page:{page_id}"


def _row(site):
    return _ANY_SITE_ROW if site == ANY_SITE else SITE_ROW + int(site)


def combined(everything, site_token):
    """The generation a request works under, or None when the cache is unreachable."""
    if everything is None or site_token is None:
        return None
    return f"{everything}.{site_token}"


def _start(key):
    """A new or emptied Redis: start a token (``add``: another process may be first)."""
    cache.add(key, new_token(), timeout=None)
    return cache.get(key)


def _key_of_row(row):
    if row == _EVERYTHING_ROW:
        return KEY
    if row == _ANY_SITE_ROW:
        return site_key(ANY_SITE)
    if row >= PAGE_ROW:
        return page_key(row - PAGE_ROW)
    return site_key(row - SITE_ROW)


def _row_of_key(key):
    if key == KEY:
        return _EVERYTHING_ROW
    kind, _, number = key.rpartition(":")
    if kind.endswith(":page"):
        return PAGE_ROW + int(number)
    return _row(number)


def read_tokens(keys):
    """``{key: token}`` for these keys (``KEY``, ``site_key(...)``,
    ``page_key(...)``), starting any that are missing: from Redis in one
    round trip, or from the table in one query."""
    if in_shared_cache():
        # A copy: on an error django-redis returns one shared ``{}``, and
        # writing into it would put these keys into every later failed read.
        found = dict(cache.get_many(keys))
    else:
        rows = _table().objects.filter(pk__in=[_row_of_key(key) for key in keys])
        found = {_key_of_row(row): token for row, token in rows.values_list("pk", "token")}
    for key in keys:
        if found.get(key) is None:
            if in_shared_cache():
                found[key] = _start(key)
            else:
                found[key] = _table().objects.get_or_create(pk=_row_of_key(key))[0].token
    return found


def read(site=ANY_SITE):
    """The generation for ``site`` (an id, or ``ANY_SITE`` when it is not
    known), read afresh (no memo: see memo.generation)."""
    found = read_tokens([KEY, site_key(site)])
    return combined(found[KEY], found[site_key(site)])


def _bump_row(row):
    table = _table()
    if not table._table_exists():
        return  # migrating a new database: nothing can be cached yet
    if not table.objects.filter(pk=row).update(token=new_token()):
        table.objects.get_or_create(pk=row)


def bump():
    """A new token for everything: everything cached before it is stale."""
    if in_shared_cache():
        cache.set(KEY, new_token(), timeout=None)
    else:
        _bump_row(_EVERYTHING_ROW)


def bump_pages(page_ids):
    """New tokens for these pages' own content."""
    if in_shared_cache():
        cache.set_many({page_key(page_id): new_token() for page_id in page_ids}, timeout=None)
    else:
        for page_id in page_ids:
            _bump_row(PAGE_ROW + int(page_id))


def bump_site(site_id):
    """A new token for one site's pages (and for what is read without a site)."""
    if in_shared_cache():
        cache.set_many(
            {site_key(site_id): new_token(), site_key(ANY_SITE): new_token()}, timeout=None
        )
    else:
        _bump_row(SITE_ROW + int(site_id))
        _bump_row(_ANY_SITE_ROW)
