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

Two kinds of part are kept across other pages' publishes, each with what it
needs prepared apart (``prepare_own``, ``prepare_records``), so that
rendering the rest of the page after a publish does not build it again:

- ``{% page_fragment "name" own %}``: the page's own content, showing no
  other page (a publication's facts, text, sections, documents and change
  history): kept under the page's own token (``remember(..., page=id)``),
  which its own publish renews, as does any change to a record or setting
  (the token for everything). A part that names another page, or whether
  one is live (a notice's "read the current version", a list of versions,
  a framework answering a review), stays outside.
- ``{% page_fragment "name" records_only %}``: records only, never a page
  (a body's members, from governance records): kept under the token for
  everything alone (``remember(..., pages=False)``), which every change of
  such a record renews (site_core/caching/purge.py), as do a page moved,
  deleted or given a new slug (its links). Inside a page's own content it
  may show a little of that content too, named in the tag's ``vary=`` and
  so part of its key: a plan's indicator and project tables are its rows
  (records, outside its revisions: publications/models/plan.py) under its
  outcome and theme titles, so its own publish rebuilds them only when a
  title changed.

Never cached, whatever a page asks: a members-only page (anything at or
under a view restriction), a preview, and a request without a site.
The public frame around the fragments (alert banners, the user bar for
editors) is rendered for every request.
"""

from wagtail.models import Site

from site_core.visibility import is_restricted

from .memo import key_digest, remember

# What a fragment is kept under: the page's site generation (anything on the
# page), the page's own content's, or the records' (the token for everything).
PAGE, OWN, RECORDS = "page", "own", "records"


class Fragments:
    """What a page's cached fragments are keyed on and what rendering them needs."""

    def __init__(
        self,
        request,
        page,
        vary=(),
        prepare=None,
        cacheable=True,
        prepare_own=None,
        prepare_records=None,
    ):
        self.request = request
        self.page = page
        self.vary = tuple(vary)
        # What to build, and what was built, for each kind of fragment.
        self._prepare = {PAGE: prepare, OWN: prepare_own, RECORDS: prepare_records}
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

    def context(self, kind=PAGE):
        """What fragments of this kind need beyond the page's own context, built once."""
        if kind not in self._prepared:
            build = self._prepare[kind]
            self._prepared[kind] = (build() if build else None) or {}
        return self._prepared[kind]

    def key(self, name, vary=()):
        return f"fragment:{name}:{self.site_id}:{self.page.pk}:{key_digest((self.vary, vary))}"

    def render(self, name, render, kind=PAGE, vary=()):
        """``render()``'s HTML, from the cache when this fragment was made before
        (``kind``: what it is kept under, see above; ``vary``: what else this
        fragment shows, from the tag's ``vary=``)."""
        if not self.cacheable:
            return render()
        key = self.key(name, vary)
        if kind == OWN:
            return remember(key, render, page=self.page.pk)
        return remember(key, render, pages=kind != RECORDS)
