"""Which pages anyone may read.

Wagtail's ``PageQuerySet.public()`` reads every view restriction from the
database each time it is called, and a listing page calls it several times.
``public(queryset)`` gives the same answer from the restricted
sections remembered under the content generation (site_core/caching/), so it costs
no query until a restriction or page changes.
"""

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction

from .caching.memo import remember


def restricted_paths():
    """Tree paths of every page with a view restriction (its section is private)."""
    return remember(
        "restricted-paths",
        lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True)),
        # A restriction's save and a page's move or deletion renew everything;
        # a publish changes no page's path.
        pages=False,
    )


def site_has_aliases():
    """Whether any page is an alias (it takes its restrictions from its source)."""
    # An alias's publish renews everything (site_core/caching/purge.purge_page).
    return remember(
        "has-alias-pages",
        lambda: Page.objects.filter(alias_of__isnull=False).exists(),
        pages=False,
    )


def private_q():
    q = Q()
    for path in restricted_paths():
        q |= Q(path__startswith=path)
    return q


def public(queryset):
    """``queryset.public()`` without the query."""
    q = private_q()
    return queryset.exclude(q) if q else queryset


def is_restricted(page):
    """Whether the page is members-only: at or under a page with a view restriction."""
    return any(page.path.startswith(path) for path in restricted_paths())


def is_public(page):
    """Whether a public page, feed or file may name and link ``page``.

    For a single page that a record or template points at (a menu link, the
    publication that replaced this one, a framework): live and not
    members-only. Costs no query beyond loading the page itself.
    """
    return page is not None and page.live and not is_restricted(page)


def public_pages(pages):
    """The pages of ``pages`` that ``is_public``, in the same order."""
    return [page for page in pages if is_public(page)]
