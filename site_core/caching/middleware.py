"""CacheMiddleware: the one middleware for caching.

For every request it opens the request scope (site_core.caching.memo: the
generation is read once) and finds the Wagtail site from the cache. For an
anonymous reader it serves whole pages from the cache and stores them; for
every answer it sets the ``Cache-Control`` a CDN follows; and when the
request changed content it has the CDN purged once, after the commit.

Why not Django's per-site cache middleware: it cannot be purged as a whole,
so a published page would wait for every listing that shows it to expire.
Here every cached page is stored with the generation it was made under and
counts only while that is still the current one.

Only anonymous GET/HEAD requests without a session cookie are served from
the cache, and only 200 answers that set no cookie and are not marked
private are stored: members-only pages (which redirect to sign in), forms
with CSRF tokens, documents and the admin never are. A CDN may keep exactly
that, for no longer: ``public, max-age=0, s-maxage=N`` (browsers check every
time, because a browser cannot be purged). Every other answer without a
``Cache-Control`` of its own gets ``private, no-store``: Wagtail sends a
members-only document to a board member with none at all, which a CDN would
otherwise keep for the next reader of that URL. Answers that set their own
(the admin's ``no-store``, ``/governance.json``'s ``public, max-age=600``)
keep it.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import QueryDict
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from wagtail.models import Site

from site_core.models import AlertBanner

from ..security import admin_prefix
from . import cdn, memo, warming
from . import generation as generations
from .parameters import page_parameters
from .release import release

logger = logging.getLogger(__name__)


def _alert_changes():
    """Every future moment a scheduled alert banner starts or ends."""
    now = timezone.now()
    moments = set()
    for field in ("starts_at", "ends_at"):
        moments.update(
            AlertBanner.objects.filter(**{f"{field}__gt": now}).values_list(field, flat=True)
        )
    return sorted(moments)


def page_lifetime(now=None):
    """PAGE_CACHE_SECONDS, or less when a scheduled alert banner is about to change.

    Nothing is saved when a banner's time comes, so nothing purges; the
    moments are remembered under the generation (saving a banner gives a new
    one), so cached answers cost a cache read, not a query.
    """
    seconds = settings.PAGE_CACHE_SECONDS
    if seconds <= 0:
        return 0
    now = now or timezone.now()
    upcoming = [
        moment
        for moment in memo.remember("alert-changes", _alert_changes, pages=False)
        if moment > now
    ]
    if upcoming:
        seconds = min(seconds, max(1, int((upcoming[0] - now).total_seconds())))
    return seconds


# Paths whose every parameter counts: the API answers an unknown parameter
# with a 400, which is never stored; Wagtail's sign-in and page-password
# forms read ``next`` and ``return_url`` (and, with a CSRF cookie, are never
# stored either).
WHOLE_QUERY_PATHS = ("/api/", "/_util/")


def page_query(request):
    """``request.GET`` with only the parameters a page reads, in name order."""
    if request.path.startswith(WHOLE_QUERY_PATHS):
        return request.GET
    kept = QueryDict(mutable=True)
    allowed = page_parameters()
    for name in sorted(request.GET):
        if name in allowed:
            kept.setlist(name, request.GET.getlist(name))
    kept._mutable = False
    return kept


def use_page_query(request):
    """Render the page as for its cache key: the parameters it does not read
    are dropped, so what is stored under the key is exactly what the key
    says (e.g. pagination links never carry someone's ``utm_source``)."""
    query = page_query(request)
    if query is not request.GET:
        request.GET = query
        request.META["QUERY_STRING"] = query.urlencode()


def _never_shared():
    return (admin_prefix(), "/documents/", "/django-admin/", "/media/")


def is_anonymous_read(request):
    """A GET or HEAD from someone not signed in, outside the admin, documents and media."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(_never_shared())
    )


def is_shareable(response):
    """An answer anyone may be given: the page cache stores it and a CDN may keep it.

    "Vary: Cookie" is not a reason to refuse: only anonymous reads get here,
    and a page that uses a CSRF token always sets the CSRF cookie, so it is
    never shared.
    """
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.cookies
        and not getattr(response, "streaming", False)
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


# The site each host name was last found to be, in this process: which
# generation token to read with a cached page (CacheMiddleware._read).
_site_of_host = {}
SITE_GUESSES = 100


class CacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # Answered without a site, or (the admin) never from the cache.
        self.no_site = (admin_prefix(), "/django-admin/", "/media/", "/static/", "/robots.txt")

    def __call__(self, request):
        with memo.request_scope() as scope:
            try:
                anonymous = is_anonymous_read(request)
                if anonymous and settings.PAGE_CACHE_SECONDS > 0:
                    response = self._from_page_cache(request)
                else:
                    response = self._render(request)
            finally:
                if scope.cdn_purge_due:
                    cdn.purge_when_committed()
            self._set_cache_control(request, response, anonymous)
            if anonymous and request.method == "GET" and scope.site != generations.ANY_SITE:
                self._note_read(request, response, scope.site)
            return response

    @staticmethod
    def _note_read(request, response, site_id):
        """A public answer this reader was given: warmed again after a change
        (site_core.caching.warming). Only what anyone may be given and the
        page cache could key on; the API answers its callers, not readers."""
        if is_shareable(response) and not request.path.startswith(WHOLE_QUERY_PATHS):
            query = page_query(request).urlencode()
            try:
                warming.note(request, site_id, f"{request.path}?{query}" if query else request.path)
            except Exception:  # a hint for the worker: never a reason to fail a reader's page
                logger.warning("Could not note %s for warming", request.path, exc_info=True)

    def _render(self, request):
        self._find_site(request)
        return self.get_response(request)

    def _find_site(self, request):
        """Fill Wagtail's own per-request site (``request._wagtail_site``, read by
        ``Site.find_for_request``) from the cache rather than a query, and
        have the rest of the request work under that site's generation.

        Which site a host name is changes only with a Site record (the
        generation for everything); the site itself is kept with its home
        page, under the generation for everything too, which the home page's
        own publish renews.
        """
        if hasattr(request, "_wagtail_site") or request.path.startswith(self.no_site):
            return
        try:
            host = request.get_host()  # refuses hosts outside ALLOWED_HOSTS
        except DisallowedHost:
            return
        port = request.get_port()
        site_id = memo.remember(
            f"site-id-for:{host}:{port}", lambda: self._site_id_for(request), pages=False
        )
        if site_id is None:
            request._wagtail_site = None
            return
        if len(_site_of_host) >= SITE_GUESSES:
            _site_of_host.clear()  # made-up Host headers that fell back to the default site
        _site_of_host[(host, port)] = site_id
        memo.use_site(site_id)
        # Kept across publishes: its home page's own publish renews everything
        # (site_core.caching.purge.purge_page).
        request._wagtail_site = memo.remember(
            f"site:{site_id}", lambda: self._site(site_id), pages=False
        )

    @staticmethod
    def _site_id_for(request):
        site = Site.find_for_request(request)
        return site.pk if site is not None else None

    @staticmethod
    def _site(site_id):
        site = Site.objects.select_related("root_page").get(pk=site_id)
        site.root_page.specific  # noqa: B018 - kept with the site: routing starts there
        return site

    # --- the page cache ----------------------------------------------------------

    def _from_page_cache(self, request):
        use_page_query(request)
        key = self._key(request)
        entry = self._read(request, key)
        self._find_site(request)
        current = memo.generation()  # before rendering: see purge.purge_all
        if entry is not None and current is not None and entry[0] == current:
            response = entry[1]
            response["X-Page-Cache"] = "hit"
            # What is left of its life, for the CDN's s-maxage: worked out
            # from the stored expiry, so a hit needs no further cache read.
            response.shared_max_age = max(1, int(response.page_cache_expires - time.time()))
            return response
        response = self._render(request)
        # No generation means the cache cannot be reached: serve, keep nothing.
        if current is not None and is_shareable(response):
            # Kept with its ETag: ConditionalGetMiddleware (outside this one)
            # would otherwise hash the page again on every hit.
            set_response_etag(response)
            response.shared_max_age = page_lifetime()
            response.page_cache_expires = time.time() + response.shared_max_age
            cache.set(key, (current, response), response.shared_max_age)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _key(request):
        # The query string here is page_query's: only parameters the page reads.
        url = f"{request.get_host()}{request.get_full_path()}"
        return f"page-cache:{release()}:{request.method}:{memo.key_digest(url)}"

    @staticmethod
    def _read(request, key):
        """The cached (generation, page) or None.

        Each entry carries the generation it was made under (its site's) and
        counts only while that is still the current one. With Redis the page
        and the tokens come back in one round trip (MGET): the token for
        everything, and the token of the site this process last saw answer
        this host name (only a guess of which key to read with the page; the
        site is then found as for any request, and a wrong guess costs one
        more read, never a stale page).
        """
        if not generations.in_shared_cache():
            return cache.get(key)
        keys = [generations.KEY, key]
        guess = _site_of_host.get((request.get_host(), request.get_port()))
        if guess is not None:
            keys.append(generations.site_key(guess))
        found = cache.get_many(keys)
        memo.use_tokens({name: found.get(name) for name in keys if name != key})
        return found.get(key)

    # --- what a CDN may keep -----------------------------------------------------

    @staticmethod
    def _set_cache_control(request, response, anonymous):
        if response.has_header("Cache-Control"):
            return  # the view's own choice
        if anonymous and is_shareable(response):
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                s_maxage=getattr(response, "shared_max_age", None) or page_lifetime(),
            )
        else:
            patch_cache_control(response, private=True, no_store=True)
