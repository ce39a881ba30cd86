"""The caching middleware: whole pages at the top of the stack, the request's
caching scope inside it.

``PageCacheMiddleware`` is first in ``MIDDLEWARE``: it answers an anonymous
reader with a page kept whole (one cache read, no other middleware run),
and keeps each page an anonymous reader was given, with every header the
rest of the stack gave it. ``CacheMiddleware`` sits inside compression and
conditional GET (site_core/conditional.py): for every request it opens the
request scope (site_core.caching.memo: the generation is read once), finds
the Wagtail site from the cache, sets the ``Cache-Control`` a CDN follows,
and when the request changed content has the CDN purged once, after the
commit. The two share one request scope (the page cache opens it, the inner
one reuses it), so a page rendered after a miss reads no token twice.

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

import gzip
import logging
import time
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, QueryDict
from django.http.response import ResponseHeaders
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import parse_http_date_safe
from django.utils.text import compress_string
from wagtail.models import Site

from site_core.models import AlertBanner

from ..security import admin_prefix
from . import cdn, hit_read, memo, warming
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
    if not request.META.get("QUERY_STRING"):
        return
    query = page_query(request)
    if query is not request.GET:
        request.GET = query
        request.META["QUERY_STRING"] = query.urlencode()


def shared_cache_control(seconds):
    """What a CDN may do with a page anyone may be given: keep it for
    ``seconds`` (as long as the page cache would), and have browsers check
    every time, because a browser cannot be purged."""
    return f"public, max-age=0, s-maxage={seconds}"


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
# generation token to read with a cached page (PageCacheMiddleware._read).
_site_of_host = {}
SITE_GUESSES = 100


def _host_and_port(request):
    return request.get_host(), request.get_port()


class StoredPage(NamedTuple):
    """A page as the page cache keeps it: what every middleware made of it,
    plain and compressed, with the generation and site it was made under."""

    generation: str
    site: int
    status: int
    # Every header but those set per answer (STORED_APART), kept as Django's
    # own ResponseHeaders: a hit takes them as they are, checked once when made.
    headers: ResponseHeaders
    body: bytes
    gzipped: bytes | None
    etag: str | None  # strong; weak on the compressed body, as GZipMiddleware does
    last_modified: int | None
    expires: float
    own_cache_control: bool  # set by CacheMiddleware, so its s-maxage is ours to count down

    @classmethod
    def of(cls, response, miss):
        content = response.content
        if response.get("Content-Encoding") == "gzip":
            gzipped, body = content, gzip.decompress(content)
        else:
            gzipped, body = _compressed(response, content), content
        etag = response.get("ETag")
        return cls(
            generation=miss.generation,
            site=miss.site,
            status=response.status_code,
            headers=ResponseHeaders(
                {
                    name: value
                    for name, value in response.items()
                    if name.lower() not in STORED_APART
                }
            ),
            body=body,
            gzipped=gzipped,
            etag=etag.removeprefix("W/") if etag else None,
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            expires=time.time() + miss.lifetime,
            own_cache_control=miss.own_cache_control,
        )

    def answer(self, request):
        """This page for ``request``: compressed if it accepts gzip, its
        Cache-Control counting down, a 304 if it has it already."""
        compressed = self.gzipped is not None and re_accepts_gzip.search(
            request.META.get("HTTP_ACCEPT_ENCODING", "")
        )
        body = self.gzipped if compressed else self.body
        response = HttpResponse(body, status=self.status)
        # Unpickled for this answer alone, so it is this response's to change.
        response.headers = headers = self.headers
        headers["Content-Length"] = str(len(body))
        etag = self.etag
        if compressed:
            headers["Content-Encoding"] = "gzip"
            etag = etag and f"W/{etag}"
        if etag:
            headers["ETag"] = etag
        if self.own_cache_control:
            # What is left of its life, for a CDN: never longer than it is kept here.
            headers["Cache-Control"] = shared_cache_control(max(1, int(self.expires - time.time())))
        if request.method == "GET":  # as ConditionalGetMiddleware: HEAD is never a 304
            response = get_conditional_response(
                request, etag=etag, last_modified=self.last_modified, response=response
            )
        response["X-Page-Cache"] = "hit"
        return response


# Headers a stored page is given afresh on every answer.
STORED_APART = {"content-length", "content-encoding", "etag"}


def _compressed(response, body):
    """The body as PublicGZipMiddleware sends it to a reader who accepts gzip
    (it compresses public answers of 200 bytes or more, when that is
    shorter), or None: a page made for a reader who did not ask for gzip is
    kept compressed too, so the next one who does gets it without a render."""
    if "public" not in response.get("Cache-Control", "") or len(body) < 200:
        return None
    compressed = compress_string(body, max_random_bytes=GZipMiddleware.max_random_bytes)
    return compressed if len(compressed) < len(body) else None


class _Miss:
    """What PageCacheMiddleware needs from CacheMiddleware to keep a page it
    rendered: the site and generation it was made under (read before
    rendering: see purge.purge_all) and how long it may be kept."""

    def __init__(self):
        self.site = None
        self.generation = None
        self.lifetime = 0
        self.own_cache_control = False


class PageCacheMiddleware:
    """Whole pages for anonymous readers, answered before any other middleware.

    First in ``MIDDLEWARE``, so a page from the cache costs one cache read
    and nothing else: the security headers, Content-Security-Policy,
    Last-Modified, ETag and compression every other middleware gave the page
    when it was made are kept with it (both compressed and not), and this
    answers ``If-None-Match`` and ``If-Modified-Since`` itself. The key names
    the scheme (HSTS is sent over HTTPS only, and plain HTTP must still be
    redirected when SECURE_SSL_REDIRECT says so), host, method and the query
    the page reads. A host that is not allowed goes down the stack as any
    other request, to be refused there.

    In production most hits never reach it: ``PageCacheApplication``
    (site_core/caching/wsgi.py) answers them with ``look_up`` before Django
    handles the request, and hands the misses on with their key.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.never = (*_never_shared(), settings.STATIC_URL or "/static/")
        # (generation, key) of the hits this process has noted for warming.
        self.noted = set()

    def __call__(self, request):
        host_and_port = self.answerable(request)
        if host_and_port is None:
            return self.get_response(request)
        with memo.request_scope():
            # The WSGI door (site_core/caching/wsgi.py) may have looked already.
            key = request.META.get(LOOKED_UP)
            if key is None:
                key, response = self.look_up(request, host_and_port)
                if response is not None:
                    return response
            else:
                use_page_query(request)
            request.page_cache_miss = miss = _Miss()
            response = self.get_response(request)
            # No generation means the cache cannot be reached: serve, keep nothing.
            if miss.generation is not None and is_shareable(response):
                memo.keep(key, StoredPage.of(response, miss), miss.lifetime)
                response["X-Page-Cache"] = "miss"
            return response

    def answerable(self, request):
        """The host and port of a request the page cache may answer, or None."""
        if (
            settings.PAGE_CACHE_SECONDS <= 0
            or not is_anonymous_read(request)
            or request.path.startswith(self.never)
        ):
            return None
        try:
            return _host_and_port(request)  # refuses hosts outside ALLOWED_HOSTS
        except DisallowedHost:
            return None  # refused further down, as any other request

    def look_up(self, request, host_and_port):
        """``(key, response)``: the page's cache key, and its answer from the
        cache or None. Never needs the database."""
        guess = _site_of_host.get(host_and_port)
        use_page_query(request)
        key = self._key(request, host_and_port[0])
        stored = self._read(key, guess)
        if stored is None or not self._current(stored, guess):
            return key, None
        self._note(request, stored, key)
        return key, stored.answer(request)

    @staticmethod
    def _current(stored, guess):
        """Made for this host's site under its current generation (a publish
        there, or any change common to every site, gives a new one).

        The key names the host, and which site a host is changes only with a
        Site record, which renews the token for everything: a page whose
        generation is still current was made for the site its host still is.
        So a process that has not served the host yet checks the page against
        its own site, with no database: a worker started while the database
        is down still serves what was kept before.
        """
        site = stored.site if guess is None else guess
        return stored.site == site and stored.generation == memo.generation(site)

    @staticmethod
    def _key(request, host):
        # The query string here is page_query's: only parameters the page reads.
        url = f"{request.scheme}://{host}{request.get_full_path()}"
        return f"page-cache:{release()}:{request.method}:{memo.key_digest(url)}"

    @staticmethod
    def _read(key, guess):
        """The stored page, or None.

        Each page carries the generation it was made under (its site's) and
        counts only while that is still the current one. With Redis the page
        and the tokens come back in one round trip (MGET): the token for
        everything, and the token of the site this process last saw answer
        this host name (only a guess of which token to read with the page,
        so that a hit needs no other read; the site is found as for any
        request when the page is rendered, and a page made under another site
        is never served).
        """
        if not generations.in_shared_cache():
            return cache.get(key)
        keys = [generations.KEY, key]
        if guess is not None:
            keys.append(generations.site_key(guess))
        found = hit_read.get_many(keys)
        memo.use_tokens({name: found.get(name) for name in keys if name != key})
        return found.get(key)

    def _note(self, request, stored, key):
        """Note a hit for warming once per generation in this process: the
        page stays among those warmed after the next change, as it would if
        every reader had it rendered."""
        if request.method != "GET" or (stored.generation, key) in self.noted:
            return
        if len(self.noted) >= NOTED_HITS:
            self.noted.clear()
        self.noted.add((stored.generation, key))
        memo.use_site(stored.site)  # the hit confirmed it: its tokens are read
        note_read(request, stored.site)


NOTED_HITS = 10_000
# Set in the WSGI environ by the door that looked a page up and found none
# current: its cache key, so the middleware keeps the page without looking
# again. Servers put request headers under HTTP_ names: no reader can set it.
LOOKED_UP = "site_core.page_cache.looked_up"


def note_read(request, site_id):
    """A public answer an anonymous reader was given: warmed again after a
    change (site_core.caching.warming). Only what anyone may be given and the
    page cache could key on; the API answers its callers, not readers."""
    if request.path.startswith(WHOLE_QUERY_PATHS):
        return
    query = page_query(request).urlencode()
    try:
        warming.note(request, site_id, f"{request.path}?{query}" if query else request.path)
    except Exception:  # a hint for the worker: never a reason to fail a reader's page
        logger.warning("Could not note %s for warming", request.path, exc_info=True)


def _no_site():
    """Answered without a site, or (the admin) never from the cache."""
    return (admin_prefix(), "/django-admin/", "/media/", "/static/", "/robots.txt")


def find_site(request):
    """Fill Wagtail's own per-request site (``request._wagtail_site``, read by
    ``Site.find_for_request``) from the cache rather than a query, and
    have the rest of the request work under that site's generation.

    Which site a host name is changes only with a Site record (the
    generation for everything); the site itself is kept with its home
    page, under the generation for everything too, which the home page's
    own publish renews.
    """
    if hasattr(request, "_wagtail_site") or request.path.startswith(_no_site()):
        return
    try:
        host, port = _host_and_port(request)  # refuses hosts outside ALLOWED_HOSTS
    except DisallowedHost:
        return
    guess = _site_of_host.get((host, port))
    if guess is not None:
        memo.generation(guess)  # its tokens and everything's in one round trip
    site_id = memo.remember(
        f"site-id-for:{host}:{port}", lambda: _site_id_for(request), pages=False
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
    request._wagtail_site = memo.remember(f"site:{site_id}", lambda: _site(site_id), pages=False)


def _site_id_for(request):
    site = Site.find_for_request(request)
    return site.pk if site is not None else None


def _site(site_id):
    site = Site.objects.select_related("root_page").get(pk=site_id)
    site.root_page.specific  # noqa: B018 - kept with the site: routing starts there
    return site


class CacheMiddleware:
    """The request's caching: its scope, its site, what a CDN may keep, and
    the CDN purge once its changes are committed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with memo.request_scope() as scope:
            miss = getattr(request, "page_cache_miss", None)
            try:
                find_site(request)
                anonymous = is_anonymous_read(request)
                if miss is not None and scope.site != generations.ANY_SITE:
                    miss.site = scope.site
                    miss.generation = memo.generation()  # before rendering: see purge.purge_all
                response = self.get_response(request)
            finally:
                if scope.cdn_purge_due:
                    cdn.purge_when_committed()
            if miss is not None and miss.generation is not None and is_shareable(response):
                miss.lifetime = page_lifetime()
                miss.own_cache_control = not response.has_header("Cache-Control")
            self._set_cache_control(request, response, anonymous)
            if (
                anonymous
                and request.method == "GET"
                and scope.site != generations.ANY_SITE
                and is_shareable(response)
            ):
                note_read(request, scope.site)
            return response

    # --- what a CDN may keep -----------------------------------------------------

    @staticmethod
    def _set_cache_control(request, response, anonymous):
        if response.has_header("Cache-Control"):
            return  # the view's own choice
        if anonymous and is_shareable(response):
            response["Cache-Control"] = shared_cache_control(page_lifetime())
        else:
            patch_cache_control(response, private=True, no_store=True)
