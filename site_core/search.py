"""Site search: what a reader can see on one partnership's site, labelled by kind.

Three sources, in this order of results:

1. **Shortcuts** (``SearchShortcut``): everyday phrases a partnership's
   editors send to one page ("social worker", "LADO" → contact us).
2. **Pages**, through Wagtail's search backend (PostgreSQL's full-text search
   or SQLite's FTS5): every page's own fields plus the words of its
   structured records (``BasePage.public_record_text``). Pages whose title
   holds every word come before the rest.
3. **Records** other apps offer through the ``search_records`` hook, e.g.
   governance bodies, people in posts and public meetings, which are shown on
   routes of a page rather than pages of their own. Each hook is called as
   ``hook(request, site, words)`` and returns ``SearchHit`` objects.

Every source is scoped to the site being read, and only to what is public.
"""

from dataclasses import dataclass
from functools import cached_property

from wagtail import hooks
from wagtail.models import Page

from .models import SearchShortcut
from .visibility import is_public

# How many page results are ranked together with the other sources. Readers
# look at the first few; this bounds the work on a site with thousands of pages.
PAGE_RESULTS_LIMIT = 200


@dataclass
class SearchHit:
    title: str
    url: str
    kind: str
    summary: str = ""
    # A shortcut an editor chose for these words.
    suggested: bool = False
    # The page it is, when it is one: a page found twice is shown once.
    page_id: int | None = None

    @property
    def key(self):
        return ("page", self.page_id) if self.page_id else (self.url, self.title)


def page_kind(page):
    """What the reader is looking at, in their words ("Annual report", "Page")."""
    label = getattr(page, "type_label", None)
    if label:
        return label
    name = page.specific_class._meta.verbose_name
    return {
        "home page": "Home page",
        "standard page": "Page",
        "contact page": "Contact details",
    }.get(name, name.capitalize())


def page_summary(page):
    for name in ("search_description", "summary", "introduction"):
        value = getattr(page, name, "")
        if value:
            return value
    return ""


def page_hit(page, request, suggested=False, summary=""):
    return SearchHit(
        title=page.title,
        url=page.get_url(request),
        kind=page_kind(page),
        summary=summary or page_summary(page),
        suggested=suggested,
        page_id=page.pk,
    )


class PageHit:
    """A page the search found, as a ``SearchHit`` that works out its address,
    kind and summary only when shown: a search ranks up to
    ``PAGE_RESULTS_LIMIT`` pages and shows ten. It starts from the page's id
    and title alone: loading every one of them as its specific type (a query
    per type, every field, each page's address) was most of a search's CPU,
    and even as plain pages, two hundred model instances were a third of a
    search after a publish. ``load_shown`` loads the shown ones at once."""

    suggested = False

    def __init__(self, page_id, title, content_type, request):
        self.request = request
        self.title = title
        self.page_id = page_id
        self.content_type = content_type
        self.key = ("page", page_id)
        self._specific = None

    @property
    def specific(self):
        if self._specific is None:
            self._specific = Page.objects.get(pk=self.page_id).specific
        return self._specific

    @cached_property
    def url(self):
        return self.specific.get_url(self.request)  # the page type's own addresses

    @cached_property
    def kind(self):
        return page_kind(self.specific)

    @cached_property
    def summary(self):
        return page_summary(self.specific)


def load_shown(hits):
    """Load the specific pages of the shown ``PageHit``s together (a query per
    page type, not per page)."""
    waiting = {
        hit.page_id: hit for hit in hits if isinstance(hit, PageHit) and hit._specific is None
    }
    if waiting:
        for page in Page.objects.filter(pk__in=list(waiting)).specific():
            waiting[page.pk]._specific = page


def contains_phrase(words, phrase_words):
    """True if ``phrase_words`` appear together, in order, in ``words``."""
    size = len(phrase_words)
    return any(words[i : i + size] == phrase_words for i in range(len(words) - size + 1))


def site_shortcuts(site):
    """The site's shortcuts as (phrases, description, page)."""
    return [
        ([p.split() for p in shortcut.phrase_list()], shortcut.description, shortcut.page.specific)
        for shortcut in SearchShortcut.objects.filter(site=site).select_related("page")
    ]


def shortcut_hits(request, site, words):
    lowered = [w.lower() for w in words]
    hits = []
    for phrases, description, page in site_shortcuts(site):
        if not any(contains_phrase(lowered, phrase) for phrase in phrases):
            continue
        if page.live and is_public(page):
            hits.append(page_hit(page, request, suggested=True, summary=description))
    return hits


def page_hits(request, site, query):
    pages = Page.objects.live().public().in_site(site)
    found = pages.search(query, operator="and")[:PAGE_RESULTS_LIMIT]
    # Ids, titles and types, in the search's order: the ten shown are
    # loaded as their own types later.
    results = found.get_queryset().values_list("pk", "title", "content_type")
    return [PageHit(*row, request) for row in results]


def _named_first(hits, words):
    """``hits`` split in two, in order: those whose titles hold every word, the rest."""
    named, rest = [], []
    for hit in hits:
        title = hit.title.lower()
        (named if all(w in title for w in words) else rest).append(hit)
    return named, rest


def search_site(request, site, query):
    """Every public result for ``query`` (already normalised) on ``site``, best first."""
    words = query.split()
    found = [*shortcut_hits(request, site, words)]
    pages = page_hits(request, site, query)
    records = [
        hit for hook in hooks.get_hooks("search_records") for hit in hook(request, site, words)
    ]
    # Pages named by the words first, then the records named by them, then
    # pages that only mention them.
    lowered = [w.lower() for w in words]
    named_records, other_records = _named_first(records, lowered)
    titled, rest = _named_first(pages, lowered)
    seen = set()
    ordered = []
    for hit in [*found, *titled, *named_records, *rest, *other_records]:
        # Several people sit on one body: the same address, different results;
        # a page is shown once (a shortcut to it comes first). A page's
        # address is worked out only when it is shown.
        if (hit.page_id or hit.url) and hit.key not in seen:
            seen.add(hit.key)
            ordered.append(hit)
    return ordered
