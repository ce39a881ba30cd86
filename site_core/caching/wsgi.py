"""The page cache at the WSGI door: a page kept whole is answered before
Django handles the request at all.

``PageCacheMiddleware`` (first in ``MIDDLEWARE``) answers from the cache
too; what a hit still costs there is Django's handling around it: the
``request_started`` and ``request_finished`` signals (closing old database
connections and caches), the URL configuration, the middleware chain's
wrappers, and a response closed after it was sent. Measured in-process on
the benchmark machine, that is about a fifth of a hit (README, "Cached pages
at the WSGI door"). The door looks the page up with the middleware's own
code (``PageCacheMiddleware.look_up``) and, when it finds nothing current,
hands the request to Django inside the same request scope (the tokens read
with the page are not read again) with its cache key, so the middleware
keeps the page without looking again.

The door answers only what the middleware would, from the cache alone (a
page carries the site it was made for: no database is needed, so a worker
started while the database is down serves what was kept); any other
request, and any error, goes to Django as if the door were not there.
``config/wsgi.py`` puts it in front of Django's WSGI application.
"""

import logging

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest

from . import memo
from .middleware import LOOKED_UP, PageCacheMiddleware

logger = logging.getLogger(__name__)


class PageCacheApplication:
    """A WSGI application: pages from the page cache, everything else to ``application``."""

    def __init__(self, application):
        self.application = application
        # Only its lookup is used: whatever it does not answer goes to ``application``.
        self.page_cache = PageCacheMiddleware(get_response=None)

    def __call__(self, environ, start_response):
        if (
            settings.PAGE_CACHE_SECONDS <= 0
            or environ.get("REQUEST_METHOD") not in ("GET", "HEAD")
            # What is never a page (static files are most requests) is passed
            # on before a request is made for it; anything this misses is
            # refused by ``answerable`` below.
            or environ.get("PATH_INFO", "").startswith(self.page_cache.never)
        ):
            return self.application(environ, start_response)
        # Made from a copy: a WSGIRequest rewrites PATH_INFO as text, and
        # Django must get the environ as the server gave it.
        request = WSGIRequest(environ.copy())
        host_and_port = self.page_cache.answerable(request)
        if host_and_port is None:
            return self.application(environ, start_response)
        with memo.request_scope():
            try:
                key, response = self.page_cache.look_up(request, host_and_port)
            except Exception:  # the cache is never a reason to fail a page
                logger.exception("The page cache could not look up %s", request.path)
                key = response = None
            if response is None:
                if key is not None:
                    environ[LOOKED_UP] = key
                return self.application(environ, start_response)
        start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
        return [response.content]
