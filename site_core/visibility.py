"""Which pages anyone may read.

Wagtail's ``PageQuerySet.public()`` reads every view restriction from the
database each time it is called, and a listing page calls it several times.
``public(queryset)`` gives the same answer from the restricted
sections kept under the content generation (site_core/cache.py), so it costs
no query until a restriction or page changes.
"""

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction

from .cache import remember


def restricted_paths():
    """Tree paths of every page with a view restriction (its section is private)."""
    return remember(
        "restricted-paths",
        lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


def site_has_aliases():
    """Whether any page is an alias (it takes its restrictions from its source)."""
    return remember("has-alias-pages", lambda: Page.objects.filter(alias_of__isnull=False).exists())


def private_q():
    q = Q()
    for path in restricted_paths():
        q |= Q(path__startswith=path)
    return q


def public(queryset):
    """``queryset.public()`` without the query."""
    q = private_q()
    return queryset.exclude(q) if q else queryset
