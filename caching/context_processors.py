from django.conf import settings
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from . import generation


def cache_generation(request):
    """``cache_generation``: the token of the site being read, for the fragments
    it keeps to vary on (read only when a template asks for it), and
    ``fragment_seconds``: how long such a fragment is kept at most."""

    def current():
        site = Site.find_for_request(request)
        token = generation.read(site.pk) if site is not None else "no-site"
        # A deploy that names its release (RELEASE) never reads the fragments
        # of the one before, even while both run.
        return f"{settings.RELEASE}.{token}"

    return {
        "cache_generation": SimpleLazyObject(current),
        "fragment_seconds": settings.FRAGMENT_CACHE_SECONDS,
    }
