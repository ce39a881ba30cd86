"""Page fragments: the rendered head and body of a public page, kept under the
content generation.

The page cache serves anonymous readers whole pages. What it cannot serve
(anyone signed in, a filter combination it has not seen, a request with a
session cookie) still renders the same public content: ``{% page_fragment %}``
(site_core/templatetags/page_fragments.py) keeps that rendered content with
``remember()``, so it is made once per change readers can see, per process
kept in memory, and shared through Redis.

A page opts in by putting a ``Fragments`` in its context as ``fragments``
(``BasePage.fragments_for``). It says what the fragments vary on beyond the
site, the page and the generation (a validated filter, the route, the date),
and what to do only when a fragment must be rendered (``prepare``: the
prefetching and building that a cached fragment spares).

A part of a page that shows records only, never a page (a body's members,
from governance records), can be kept across publishes:
``{% page_fragment "name" records_only %}`` keeps it under the token for
everything alone (``remember(..., pages=False)``), which every change of such
a record renews (site_core/caching/purge.py), as do a page moved, deleted or
given a new slug (its links). What it needs is prepared by the page's
``prepare_records``, apart from ``prepare``, so that rendering the rest of
the page after a publish does not build it again.

Never cached, whatever a page asks: a members-only page (anything at or
under a view restriction), a preview, and a request without a site.
The public frame around the fragments (alert banners, the user bar for
editors) is rendered for every request.
"""

import hashlib

from wagtail.models import Site

from site_core.visibility import is_restricted

from .memo import remember


class Fragments:
    """What a page's cached fragments are keyed on and what rendering them needs."""

    def __init__(self, request, page, vary=(), prepare=None, cacheable=True, prepare_records=None):
        self.request = request
        self.page = page
        self.vary = tuple(vary)
        # What to build, and what was built, for the page's fragments (False)
        # and for its records-only ones (True).
        self._prepare = {False: prepare, True: prepare_records}
        self._prepared = {}
        site = Site.find_for_request(request) if request is not None else None
        self.site_id = site.pk if site else None
        self.cacheable = (
            cacheable
            and site is not None
            and page is not None
            and page.pk is not None
            and not getattr(request, "is_preview", False)
            and not is_restricted(page)
        )

    def context(self, records_only=False):
        """What the fragments (or the records-only ones) need beyond the page's
        own context, built once."""
        if records_only not in self._prepared:
            build = self._prepare[records_only]
            self._prepared[records_only] = (build() if build else None) or {}
        return self._prepared[records_only]

    def key(self, name):
        vary = hashlib.sha256(repr(self.vary).encode()).hexdigest()[:32]
        return f"fragment:{name}:{self.site_id}:{self.page.pk}:{vary}"

    def render(self, name, render, records_only=False):
        """``render()``'s HTML, from the cache when this fragment was made before
        (``records_only``: kept across publishes, see above)."""
        if not self.cacheable:
            return render()
        return remember(self.key(name), render, pages=not records_only)
