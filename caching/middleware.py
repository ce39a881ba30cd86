"""What the edge may keep: ``Cache-Control`` on every answer.

An anonymous GET or HEAD (no session cookie, no Authorization header),
outside the admin, documents and media, that got a 200 anyone may be given
(no cookie set, not streamed, not marked private) is
``public, max-age=0, s-maxage=PAGE_CACHE_SECONDS``: the edge keeps it, and is
purged on any change on its site (caching/edge.py); browsers check every
time, because a browser cannot be purged. Every other answer without a
``Cache-Control`` of its own gets ``private, no-store``: Wagtail sends a
members-only document with none at all, which an edge would otherwise keep
for the next reader of that URL.

Sits outside the session, CSRF and messages middleware, so it sees the
cookies they set.
"""

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from django.utils.cache import patch_cache_control

from site_core.models import AlertBanner
from site_core.security import admin_prefix


def page_lifetime(request, now=None):
    """PAGE_CACHE_SECONDS, or less when a scheduled alert banner on this site
    is about to start or end: nothing is saved when its time comes, so
    nothing purges."""
    seconds = settings.PAGE_CACHE_SECONDS
    if seconds <= 0:
        return 0
    now = now or timezone.now()
    try:
        # The banners the page's own banner strip read, else one query.
        banners = AlertBanner.not_ended(request, now)
    except DatabaseError:
        # An answer that needed no database (robots.txt while it is down) is
        # not lost for want of the banners, which cannot change meanwhile.
        return seconds
    # A banner that has not ended starts or ends later (or never).
    moments = [
        moment
        for banner in banners
        for moment in (banner.starts_at, banner.ends_at)
        if moment is not None and moment > now
    ]
    if moments:
        seconds = min(seconds, max(1, int((min(moments) - now).total_seconds())))
    return seconds


def is_anonymous_read(request):
    """A GET or HEAD from someone not signed in, outside the admin, documents and media."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(
            (admin_prefix(), "/documents/", "/django-admin/", "/media/")
        )
    )


def is_shareable(response):
    """An answer anyone may be given (one without a Cache-Control of its own:
    the middleware leaves those as the view set them)."""
    return (
        response.status_code == 200
        and not response.cookies
        and not getattr(response, "streaming", False)
    )


class CacheControlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response  # the view's own choice
        if is_anonymous_read(request) and is_shareable(response):
            patch_cache_control(response, public=True, max_age=0, s_maxage=page_lifetime(request))
        else:
            patch_cache_control(response, private=True, no_store=True)
        return response
