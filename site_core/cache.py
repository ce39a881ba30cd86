"""A page cache for anonymous readers that never shows stale or private content.

Why not Django's per-site cache middleware: it cannot be purged as a whole,
so a published page would wait for every listing that shows it to expire.
Here every cached response is stored with the *generation* it was made under
and counts only while that is still the current one; any change to content (a
page published or unpublished, a governance record, a setting, a document)
makes a new generation, so the next request for any page renders afresh. The
generation is shared by every app process: it lives in Redis when REDIS_URL is
set, and otherwise in the database (``CacheGeneration``), so even
several gunicorn workers with a local-memory cache each never serve a page
older than the last change.

``remember()`` keeps smaller things under the same generation: the site
settings, menus and banners every page shows, the site a host name belongs
to, listing filters. Requests the page cache cannot answer (signed-in
editors, searches, each filter combination) then skip those queries too.

Only anonymous GET/HEAD requests without a session cookie are served from
the cache, and only 200 responses that set no cookie and are not marked
private are stored: members-only pages (which redirect to sign in), forms
with CSRF tokens, documents and the admin are never cached.
"""

import hashlib
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.cache import patch_cache_control

GENERATION_KEY = "page-cache:generation"
# Content that appears on public pages. Changes to anything else (sessions,
# sign-in attempts, search index entries) do not purge.
PURGING_APPS = {
    "site_core",
    "governance",
    "publications",
    "wagtailcore",
    "wagtaildocs",
    "wagtailimages",
    "wagtailredirects",
    "wagtailsearchpromotions",
    "taggit",
}
# Written while pages render or by the audit log: no reader-visible change.
NOT_PURGING_MODELS = {
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailimages.rendition",
    # A reader's request for another format: it changes no page, and an
    # anonymous form must not be a way to empty everyone's cache.
    "publications.accessibleformatrequest",
    "site_core.cachegeneration",
    # Sign-in records: never on a public page.
    "site_core.twofactorenrolmentcode",
}
_MISSING = object()
# Things kept by remember() live at most this long, whatever the generation.
REMEMBER_SECONDS = 60 * 60


def _generation_in_cache():
    """Redis (or any shared cache): one shared counter, no database query."""
    return not settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


# Within a request the generation is read once (PublicPageCacheMiddleware
# opens a memo for each request); outside one, such as in a management
# command, every call reads it afresh.
_request_memo = ContextVar("content_generation_memo", default=None)


@contextmanager
def request_scope():
    """Read the generation at most once in this request (the outermost scope wins)."""
    if _request_memo.get() is not None:
        yield
        return
    token = _request_memo.set({})
    try:
        yield
    finally:
        _request_memo.reset(token)


def generation():
    """The current content generation."""
    memo = _request_memo.get()
    if memo is not None and "value" in memo:
        return memo["value"]
    value = _read_generation()
    if memo is not None:
        memo["value"] = value
    return value


def _read_generation():
    from .models import CacheGeneration, new_generation

    if _generation_in_cache():
        value = cache.get(GENERATION_KEY)
        if value is None:
            cache.add(GENERATION_KEY, new_generation(), timeout=None)
            value = cache.get(GENERATION_KEY)
    else:
        value = CacheGeneration.current()
    return value


def _bump():
    from .models import CacheGeneration, new_generation

    if _generation_in_cache():
        # A new random token rather than a count: see CacheGeneration.
        cache.set(GENERATION_KEY, new_generation(), timeout=None)
    else:
        CacheGeneration.bump()


def purge_all(**kwargs):
    """Make every cached page stale at once (site_core/cdn.py then purges the CDN).

    In the database the bump is part of the change's own transaction, so it
    becomes visible exactly when the change does. A cache counter cannot wait
    for the commit, so it is bumped now (for this connection's own reads) and
    again after the commit: a page rendered in between from the old content
    is then filed under a generation nobody asks for any more.
    """
    _bump()
    from . import cdn

    cdn.content_changed()
    memo = _request_memo.get()
    if memo is not None:
        memo.pop("value", None)  # this request changed content: read it again
    if _generation_in_cache() and transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump, robust=True)


def remember(key, build, timeout=REMEMBER_SECONDS, keep_none=True):
    """``build()``'s result, kept until the next content change.

    For values many requests need that change only with content. With
    ``keep_none=False`` a None result is not kept: for keys made from what a
    reader typed, so that made-up values cannot fill the cache.
    """
    full_key = f"remember:{generation()}:{key}"
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = build()
        if value is not None or keep_none:
            cache.set(full_key, value, timeout)
    return value


def _purge_on_change(sender, **kwargs):
    if sender._meta.app_label in PURGING_APPS and (
        sender._meta.label_lower not in NOT_PURGING_MODELS
    ):
        purge_all()


def connect_signals():
    post_save.connect(_purge_on_change, dispatch_uid="page-cache-save")
    post_delete.connect(_purge_on_change, dispatch_uid="page-cache-delete")
    from wagtail.signals import page_published, page_unpublished

    page_published.connect(purge_all, dispatch_uid="page-cache-published")
    page_unpublished.connect(purge_all, dispatch_uid="page-cache-unpublished")


def _alert_changes():
    """Every future moment a scheduled alert banner starts or ends."""
    from .models import AlertBanner

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
    moments are kept under the content generation (any save to a banner gives
    a new one), so cached answers cost a cache read, not a query.
    """
    seconds = settings.PAGE_CACHE_SECONDS
    if seconds <= 0:
        return 0
    now = now or timezone.now()
    upcoming = [moment for moment in remember("alert-changes", _alert_changes) if moment > now]
    if upcoming:
        seconds = min(seconds, max(1, int((upcoming[0] - now).total_seconds())))
    return seconds


def _never_shared_prefixes():
    admin_path = getattr(settings, "WAGTAIL_ADMIN_PATH", "admin").strip("/")
    return (f"/{admin_path}/", "/documents/", "/django-admin/", "/media/")


def is_anonymous_read(request):
    """A GET or HEAD from someone not signed in, outside the admin, documents and media."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(_never_shared_prefixes())
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


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_scope():
            return self._respond(request)

    def _respond(self, request):
        if settings.PAGE_CACHE_SECONDS <= 0 or not is_anonymous_read(request):
            return self.get_response(request)
        key = self._key(request)
        current, entry = self._read(key)
        if entry is not None and entry[0] == current:
            response = entry[1]
            response["X-Page-Cache"] = "hit"
            # What is left of its life, for the CDN's s-maxage: worked out
            # from the stored expiry, so a hit needs no further cache read.
            response.shared_max_age = max(1, int(response.page_cache_expires - time.time()))
            return response
        response = self.get_response(request)
        if is_shareable(response):
            response.shared_max_age = page_lifetime()
            response.page_cache_expires = time.time() + response.shared_max_age
            cache.set(key, (current, response), response.shared_max_age)
            response["X-Page-Cache"] = "miss"
        return response

    def _key(self, request):
        url = f"{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(url.encode()).hexdigest()
        return f"page-cache:{request.method}:{digest}"

    @staticmethod
    def _read(key):
        """(the current generation, the cached (generation, response) or None).

        Each entry carries the generation it was made under and counts only
        while that is still the current one. With Redis both come back in one
        round trip (MGET), the cost of a hit.
        """
        if not _generation_in_cache():
            return generation(), cache.get(key)
        found = cache.get_many([GENERATION_KEY, key])
        if GENERATION_KEY not in found:
            return generation(), None  # a new Redis: start a generation
        current = found[GENERATION_KEY]
        memo = _request_memo.get()
        if memo is not None:
            memo["value"] = current  # the rest of the request reads it from here
        return current, found.get(key)


class SiteLookupMiddleware:
    """Find the request's Wagtail site from the cache, not a query per request.

    Wagtail keeps the site it finds on ``request._wagtail_site`` (documented in
    ``Site.find_for_request``); filling it first means every later lookup in
    this request, Wagtail's own included, costs nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        admin_path = getattr(settings, "WAGTAIL_ADMIN_PATH", "admin").strip("/")
        # Answered without a site, or (the admin) never from the cache.
        self.skip = (f"/{admin_path}/", "/django-admin/", "/media/", "/static/", "/robots.txt")

    def __call__(self, request):
        from django.core.exceptions import DisallowedHost

        if request.path.startswith(self.skip):
            return self.get_response(request)
        try:
            host = request.get_host()  # refuses hosts outside ALLOWED_HOSTS
        except DisallowedHost:
            return self.get_response(request)
        request._wagtail_site = remember(
            f"site-for:{host}:{request.get_port()}", lambda: self._find_site(request)
        )
        return self.get_response(request)

    @staticmethod
    def _find_site(request):
        from wagtail.models import Site

        site = Site.find_for_request(request)
        if site is not None:
            site.root_page.specific  # noqa: B018 - kept with the site: routing starts there
        return site


def mark_private(response):
    """For views that show something personal: never cache, anywhere."""
    patch_cache_control(response, private=True, no_store=True)
    return response
