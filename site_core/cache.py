"""A page cache for anonymous readers that never shows stale or private content.

Why not Django's per-site cache middleware: it cannot be purged as a whole,
so a published page would wait for every listing that shows it to expire.
Here every cached response is stored under a *generation* number; any change
to content (a page published or unpublished, a governance record, a setting,
a document) bumps the generation, so the next request for any page renders
afresh. With REDIS_URL set the generation lives in Redis, so one publish
purges every app process at once.

Only anonymous GET/HEAD requests without a session cookie are served from
the cache, and only 200 responses that set no cookie and are not marked
private are stored: members-only pages (which redirect to sign in), forms
with CSRF tokens, documents and the admin are never cached.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
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
}


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def purge_all(**kwargs):
    """Make every cached page stale at once (and the CDN's, when configured)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: nothing cached under it
        cache.set(GENERATION_KEY, 2, timeout=None)


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


def _seconds_until_next_alert_change(now):
    """Scheduled alert banners appear and vanish without any save to purge on."""
    from django.db.models import Min

    from .models import AlertBanner

    moments = [
        AlertBanner.objects.filter(**{f"{field}__gt": now}).aggregate(at=Min(field))["at"]
        for field in ("starts_at", "ends_at")
    ]
    upcoming = [moment for moment in moments if moment is not None]
    if not upcoming:
        return None
    return max(1, int((min(upcoming) - now).total_seconds()))


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        admin_path = getattr(settings, "WAGTAIL_ADMIN_PATH", "admin").strip("/")
        self.never = (f"/{admin_path}/", "/documents/", "/django-admin/", "/media/")

    def __call__(self, request):
        if not self._request_is_cacheable(request):
            return self.get_response(request)
        key = self._key(request)
        response = cache.get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self._response_is_cacheable(response):
            timeout = settings.PAGE_CACHE_SECONDS
            next_change = _seconds_until_next_alert_change(timezone.now())
            if next_change is not None:
                timeout = min(timeout, next_change)
            cache.set(key, response, timeout)
            response["X-Page-Cache"] = "miss"
        return response

    def _request_is_cacheable(self, request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.path.startswith(self.never)
        )

    def _response_is_cacheable(self, response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.cookies
            and not getattr(response, "streaming", False)
            and "private" not in cache_control
            and "no-store" not in cache_control
        )
        # "Vary: Cookie" is not a reason to refuse: only requests without a
        # session cookie get here, and a page that uses a CSRF token always
        # sets the CSRF cookie, so it is never stored.

    def _key(self, request):
        url = f"{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(url.encode()).hexdigest()
        return f"page-cache:{generation()}:{request.method}:{digest}"


def mark_private(response):
    """For views that show something personal: never cache, anywhere."""
    patch_cache_control(response, private=True, no_store=True)
    return response
