"""Which pages anyone may read: those at or under no page with a view
restriction (members-only sections)."""

from django.conf import settings
from wagtail.models import Page, PageViewRestriction


def _ancestor_paths(path):
    return [path[:end] for end in range(Page.steplen, len(path) + 1, Page.steplen)]


def restricted_paths():
    """Tree paths of every page with a view restriction (its section is members-only)."""
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def is_restricted(page):
    """Whether the page is members-only: at or under a page with a view restriction."""
    return PageViewRestriction.objects.filter(page__path__in=_ancestor_paths(page.path)).exists()


def may_pass_restrictions(request):
    """Whether this reader could be let through a view restriction at all:
    someone signed in, or with a session (a page's password is kept there).

    Wagtail refuses a members-only page to everyone else before the page is
    served, so a page being served to such a reader is not members-only and
    needs no query to say so.
    """
    user = getattr(request, "user", None)
    return (
        request is None
        or user is None
        or user.is_authenticated
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    )


def is_public(page):
    """Whether a public page, feed or file may name and link ``page``: live
    and not members-only."""
    return page is not None and page.live and not is_restricted(page)


def public_pages(pages):
    """The pages of ``pages`` that ``is_public``, in the same order (one query
    for the restrictions, however many pages)."""
    pages = [page for page in pages if page is not None and page.live]
    if not pages:
        return []
    restricted = restricted_paths()
    return [page for page in pages if not any(page.path.startswith(p) for p in restricted)]
