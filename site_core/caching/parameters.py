"""The query parameters the page cache keys on, declared by whoever reads them.

The page cache's key holds only parameters some page reads, so
``?utm_source=…``, ``?fbclid=…`` or any made-up parameter is the same entry as
the page without it, and nobody can fill the cache by inventing query strings.

Each page type declares what it reads (``BasePage.query_parameters``, e.g. a
listing's filters, the plan's theme and status); a view that is not a page
declares through the ``page_cache_parameters`` Wagtail hook (a function
returning names). The kernel names only its own: the site search and its
pages, and the sitemap's page.
"""

from functools import cache

from wagtail import hooks
from wagtail.models import get_page_models

# site_core.views.search reads "q" and "page"; Wagtail's sitemap reads "p".
KERNEL_PARAMETERS = frozenset({"q", "page", "p"})


@cache
def page_parameters():
    """Every parameter some page or view declares (worked out once: classes
    and hooks are fixed once Django has started)."""
    names = set(KERNEL_PARAMETERS)
    for model in get_page_models():
        names.update(getattr(model, "query_parameters", ()))
    for declared in hooks.get_hooks("page_cache_parameters"):
        names.update(declared())
    return frozenset(names)
