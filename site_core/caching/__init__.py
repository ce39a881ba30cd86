"""Caching, in one place: nothing a reader sees is ever stale or private.

- ``generation``: the content generation, a random token in Redis (or in the
  ``CacheGeneration`` table without Redis) that every cached thing is filed
  under. A new one makes everything cached before it unreachable at once.
- ``memo``: the request scope, and ``remember(key, build)`` for values many
  requests need that change only with content. A request reads the
  generation once and each remembered value at most once.
- ``fragments``: a page's public content (head and main) kept as fragments
  under the generation, per site, page and what the page varies on
  (``{% page_fragment %}``); never members-only pages or previews.
- ``purge``: the explicit list of changes readers can see (publishing,
  unpublishing, moving and deleting pages; saves of public records and
  settings) and the receivers that give a new generation and purge the CDN.
- ``cdn``: what a CDN is told to purge, once per request after the commit,
  through Wagtail's frontend-cache backends.
- ``middleware``: ``CacheMiddleware``, the one middleware: it opens the request
  scope, finds the site, serves and stores whole pages for anonymous readers
  and sets the ``Cache-Control`` a CDN follows.

Dependencies point one way: ``middleware`` and ``purge`` use ``cdn``, ``memo``
and ``generation``; ``fragments`` uses ``memo`` and ``site_core.visibility``;
``site_core.models`` uses ``fragments``, ``memo`` and ``generation.new_token``;
``site_core.visibility`` uses ``memo`` only. Nothing here is imported
by this package's ``__init__``, so models can import ``memo`` while Django is
still loading them; the one import back to models (``generation._table``) is
made at call time for that reason.
"""
