"""Compression, ETag and Last-Modified for public pages.

Order in ``MIDDLEWARE`` (outermost first), and why:

``PageCacheMiddleware`` → (security headers) → ``PublicGZipMiddleware`` →
``ConditionalGetMiddleware`` → ``CacheMiddleware`` → ``LastModifiedMiddleware``

- Compression is inside the page cache, which keeps each page both plain
  and compressed, so each reader gets it as their browser asks
  (``Vary: Accept-Encoding``) without compressing it again. It compresses
  only answers marked ``Cache-Control: public`` (set inside, by
  ``CacheMiddleware``): pages anyone may be given, which carry no CSRF
  token and nothing personal. BREACH needs a secret and reflected input in
  the same compressed answer; forms, the admin and anything for a signed-in
  person are private, so never compressed (Django's own mitigation, random
  padding in the gzip header, applies as well).
- ``ConditionalGetMiddleware`` (Django's) is inside compression, so its
  ETag is taken from the plain page (gzip then marks it weak). The page
  cache keeps that ETag and answers ``If-None-Match`` and
  ``If-Modified-Since`` with a 304 itself.
- ``LastModifiedMiddleware`` is inside ``CacheMiddleware``, where the
  request's generation is known, so the time is worked out once per change
  and kept with the cached page.
"""

import math
import time

from django.db import DatabaseError
from django.middleware.gzip import GZipMiddleware
from django.utils.http import http_date

from .caching.memo import remember
from .caching.middleware import is_anonymous_read, is_shareable


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if "public" not in response.get("Cache-Control", ""):
            return response
        return super().process_response(request, response)


def content_changed_at():
    """When readers could first see the site as it is now, to the second.

    Every change readers can see starts a new content generation
    (site_core/caching/generation.py), and ``remember`` keeps a value until the
    next one: so the first request after a change records a moment after that
    change. Rounded up, so an answer's Last-Modified never goes backwards.
    """
    return remember("content-changed-at", lambda: math.ceil(time.time()))


class LastModifiedMiddleware:
    """``Last-Modified`` on public pages, for ``If-Modified-Since``.

    A page shows more than itself (the home page lists the latest reports, a
    body's page its members), so the time is the site's last change, not the
    page's own: a reader is never told "not modified" about a page whose
    listing changed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            is_anonymous_read(request)
            and is_shareable(response)
            and not response.has_header("Last-Modified")
        ):
            try:
                changed_at = content_changed_at()
            except DatabaseError:
                # An answer that needed no database (robots.txt, a page from
                # the cache) is not lost for want of its Last-Modified.
                return response
            response["Last-Modified"] = http_date(changed_at)
        return response
