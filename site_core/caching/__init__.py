"""Caching, in one place: nothing a reader sees is ever stale or private.

- ``generation``: the content generations, random tokens in Redis (or in
  ``CacheGeneration`` rows without Redis) that every cached thing is filed
  under: one for everything, one per site (partnership), renewed by a
  publish there. A new one makes what was cached under the old unreachable.
- ``memo``: the request scope, and ``remember(key, build)`` for values many
  requests need that change only with content. A request reads the
  generation once and each remembered value at most once.
- ``fragments``: a page's public content (head and main) kept as fragments
  under the generation, per site, page and what the page varies on
  (``{% page_fragment %}``); never members-only pages or previews.
- ``purge``: the explicit list of changes readers can see (publishing and
  unpublishing pages: their site's token; moving and deleting pages, saves of
  public records and settings: everything) and the receivers that give new
  tokens and purge the CDN.
- ``parameters``: the query parameters the page cache keys on, as page
  types and views declare them.
- ``cdn``: what a CDN is told to purge, once per request after the commit,
  through Wagtail's frontend-cache backends.
- ``middleware``: ``PageCacheMiddleware``, first in the stack, serves and keeps
  whole pages for anonymous readers (a hit runs no other middleware);
  ``CacheMiddleware``, inside compression, finds the site in the request
  scope they share and sets the ``Cache-Control`` a CDN follows.
- ``wsgi``: ``PageCacheApplication``, in front of Django's WSGI application
  (config/wsgi.py), answers a kept page with the middleware's own lookup
  before Django handles the request; everything else goes on to Django.
- ``hit_read``: the lookup's one Redis read (an MGET on a connection of its
  own, below redis-py's client, which costs more than the rest of a hit).
- ``redis_pool``: the cache's Redis connections, which stop asking a Redis
  that has just failed for a few seconds, so a page waits one timeout at most.

Dependencies point one way: ``wsgi`` uses ``middleware``; ``middleware``
and ``purge`` use ``cdn``, ``memo`` and ``generation`` (and ``middleware``
``hit_read``); ``fragments`` uses ``memo`` and ``site_core.visibility``;
``site_core.models`` uses ``fragments``, ``memo`` and ``generation.new_token``;
``site_core.visibility`` uses ``memo`` only. Nothing here is imported
by this package's ``__init__``, so models can import ``memo`` while Django is
still loading them; the one import back to models (``generation._table``) is
made at call time for that reason.
"""
