"""The publications index and the "Learning from reviews" listing: one kind of
page, a filtered, searchable, paginated list of publications, served by the
page itself (publications.filters checks the query string); and the current
picture that heads the index and the home page."""

from urllib.parse import quote

from django.db import models
from django.db.models import F
from django.template.response import TemplateResponse
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from governance.models import Body
from site_core.blocks import BodyBlock
from site_core.caching.fragments import Fragments
from site_core.caching.memo import remember
from site_core.models import BasePage, ContentsMixin, Partnership
from site_core.pagination import BadPageNumber, page_number, paginate
from site_core.prepared import (
    PreparedSlices,
    prepared_count,
    prepared_objects,
    prepared_rows,
    prepared_specific,
)
from site_core.search_text import normalise
from site_core.visibility import public

from ..filters import ListingFilterForm, apply_filters, filter_options
from .annual_report import AnnualReportPage
from .audience_version import AudienceVersionPage
from .base import PublicationPage, Topic, feed_links
from .framework import FrameworkPage
from .plan import PlanPage
from .review import ReviewFindingsPage
from .standard import StandardPublicationPage

# Every kind of publication a reader can filter the listings and feeds by.
PUBLICATION_TYPES = {
    model.type_key: model
    for model in (
        AnnualReportPage,
        PlanPage,
        ReviewFindingsPage,
        FrameworkPage,
        AudienceVersionPage,
        StandardPublicationPage,
    )
}


RESULTS_PER_PAGE = 10
# The query-string parameters a listing reads (publications.filters), and the page.
LISTING_PARAMETERS = {"q", "type", "year", "body", "topic", "sort", "page"}


class PublicationListingPage(ContentsMixin, BasePage):
    """What both listings share: a summary, an introduction, and serving the
    list. Subclasses say which publications, which types, and how to filter
    by type."""

    query_parameters = frozenset(LISTING_PARAMETERS)

    summary = models.TextField(max_length=300, blank=True)
    body = StreamField(BodyBlock(), blank=True, help_text="Shown above the list.")

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    max_count_per_parent = 1

    class Meta:
        abstract = True

    # -- what a subclass says ---------------------------------------------------

    listed_model = PublicationPage

    def listed(self, request):
        """Every public, live publication this listing covers."""
        raise NotImplementedError

    def build_filter_options(self, request, listed):
        """The filter options, read from the database (the caller keeps them);
        ``listed()`` gives the listing's publications."""
        raise NotImplementedError

    def filter_by_type(self, queryset, key):
        raise NotImplementedError

    def type_model(self, key):
        """The page model a type filter names, for its feed (None if none)."""
        return None

    def fragment_extras(self, request, listing):
        """What the page shows around its results: built only when its
        fragments are rendered (a kept list needs none of it)."""
        return {}

    # -- serving -----------------------------------------------------------------

    def search_ids(self, request, query):
        """Ids of the public pages that match ``query`` (None: no words to search for)."""
        query = normalise(query)
        if not query:
            return None
        site = Site.find_for_request(request)
        results = public(self.listed_model.objects.live()).in_site(site)
        return [page.pk for page in results.search(query, operator="and")]

    def serve(self, request, *args, **kwargs):
        # Built only when a query is: after a publish the options, the count
        # and the page of results all run SQL built before.
        def listed():
            return self.listed(request)

        # Each option is a DISTINCT over every publication, and the same for
        # every reader: kept until content changes.
        options = remember(
            f"listing-options:{self.pk}", lambda: self.build_filter_options(request, listed)
        )
        form = ListingFilterForm(request.GET, options)
        listing = form.listing()
        status = 200
        cacheable = False
        # Fetched only when the list is rendered: a kept list needs no results.
        fetch_results = None
        if listing.error or listing.query:
            # Never kept: a bad filter is a 400 that still shows the form, the
            # reader's other choices and what those choices find, with the bad
            # one marked; words to search for are as many as readers can type.
            status = 400 if listing.error else 200
            queryset = apply_filters(listing, listed(), by_type=self.filter_by_type)
            found = self.search_ids(request, listing.query) if listing.query else None
            if found is not None:
                queryset = queryset.filter(pk__in=found)
            try:
                listing.results = paginate(
                    self.prepare_results(queryset),
                    None if listing.error else request.GET.get("page"),
                    per_page=RESULTS_PER_PAGE,
                )
            except BadPageNumber as error:
                listing.error, status = str(error), 400
        else:

            def matching():
                return apply_filters(listing, listed(), by_type=self.filter_by_type)

            # How many match these (valid, so few) filters is kept, so a bad page
            # number is told without a query and a kept page of results needs
            # none; its query is built once (asked again after every publish).
            chosen = "&".join(f"{name}={value}" for name, value in sorted(listing.filters.items()))
            count = remember(
                f"listing-count:{self.pk}:{quote(chosen)}",
                lambda: prepared_count(("listing-count", self.pk, self.path, chosen), matching),
            )
            try:
                number = page_number(request.GET.get("page"), count, per_page=RESULTS_PER_PAGE)
            except BadPageNumber as error:
                listing.error, status = str(error), 400
            else:
                # Only addresses made of this listing's own parameters, each once:
                # the pagination links repeat the query string as it was typed.
                cacheable = set(request.GET) <= LISTING_PARAMETERS and all(
                    len(request.GET.getlist(name)) == 1 for name in request.GET
                )

                def fetch_results():
                    # Each page's query is built once: after a publish the
                    # same pages are asked for again.
                    pages = PreparedSlices(
                        ("listing-results", self.pk, self.path, chosen, listing.sort),
                        lambda: self.prepare_results(matching()),
                    )
                    listing.results = paginate(
                        pages,
                        number,
                        per_page=RESULTS_PER_PAGE,
                        count=count,
                    )

        def prepare():
            if fetch_results is not None:
                fetch_results()
            return self.fragment_extras(request, listing)

        context = self.get_context(request, *args, **kwargs)
        context["listing"] = listing
        context["feed_links"] = feed_links(self.type_model(listing.filters.get("type")))
        # The list's HTML is kept per query string of known parameters, in
        # any order (site_core/caching/fragments.py); results are fetched only
        # to make it.
        context["fragments"] = Fragments(
            request,
            self,
            vary=tuple(sorted(request.GET.lists())),
            prepare=prepare,
            cacheable=cacheable,
        )
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def prepare_results(self, queryset):
        return queryset


class PublicationIndexPage(PublicationListingPage):
    """Every publication of the site, with filters, search, sorting and feeds."""

    parent_page_types = ["site_core.HomePage"]
    subpage_types = [
        "publications.AnnualReportPage",
        "publications.PlanPage",
        "publications.ReviewFindingsPage",
        "publications.FrameworkPage",
        "publications.AudienceVersionPage",
        "publications.StandardPublicationPage",
        "publications.LearningFromReviewsPage",
    ]
    template = "publications/publication_index_page.html"

    class Meta:
        verbose_name = "publications index"

    def listed(self, request):
        return public(PublicationPage.objects.live()).descendant_of(self)

    def build_filter_options(self, request, listed):
        # Which types were published in which years: one DISTINCT for both
        # filters. Each option's SQL is built once (rebuilt after every
        # publish, the same queries each time: site_core/prepared.py).
        rows = prepared_rows(
            ("listing-types-and-years", self.pk, self.path),
            lambda: (
                listed()
                .order_by()
                .values_list("content_type__model", "publication_date__year")
                .distinct()
            ),
        )
        # PostgreSQL's EXTRACT gives a decimal: the years are whole numbers.
        published = {(model, int(year)) for model, year in rows}
        present = {model for model, _year in published}
        years = sorted({year for _model, year in published}, reverse=True)
        types = [
            (key, model._meta.verbose_name.capitalize())
            for key, model in PUBLICATION_TYPES.items()
            if model._meta.model_name in present
        ]
        partnership = Partnership.for_request(request)
        # (slug, name) pairs, not model instances: the options are kept in
        # the cache, and pickling forty bodies cost more than querying them.
        bodies = prepared_rows(
            ("listing-bodies", self.pk, self.path, partnership.pk if partnership else None),
            lambda: (
                Body.objects.filter(partnership=partnership, publications__in=listed())
                .values_list("slug", "name")
                .distinct()
                .order_by("name")
            ),
        )
        topics = prepared_rows(
            ("listing-topics", self.pk, self.path),
            lambda: (
                Topic.objects.filter(publications__in=listed())
                .values_list("slug", "name")
                .distinct()
                .order_by("name")
            ),
        )
        return filter_options(listed, types=types, bodies=bodies, topics=topics, years=years)

    def type_model(self, key):
        return PUBLICATION_TYPES.get(key)

    def filter_by_type(self, queryset, key):
        return queryset.type(self.type_model(key))

    def prepare_results(self, queryset):
        # Plain publications, one query for a page of results: the list shows
        # only what every publication has, and a review's kind (annotated).
        return queryset.annotate(listed_review_type=F("reviewfindingspage__review_type"))

    def fragment_extras(self, request, listing):
        # Every page under the index that is not a publication ("Learning from
        # reviews", and pages other apps put here, such as the indicators and
        # the recommendations tracker): listed here, so a reader can reach them.
        related = prepared_specific(
            ("publication-index-related", self.pk, self.path),
            lambda: public(Page.objects.child_of(self).live().not_type(PublicationPage)),
        )
        # The current picture heads the whole list only, not a filtered or later page.
        shows_current_picture = not listing.active and not request.GET.get("page")
        extras = {
            "related_listings": related,
            "index_url": self.get_url(request),
            "shows_current_picture": shows_current_picture,
        }
        if shows_current_picture:
            # Every publication lives under this index, so it is the root to look under.
            learning = [p for p in related if isinstance(p, LearningFromReviewsPage)]
            extras.update(current_picture(self, learning_pages=learning))
        return extras


class LearningFromReviewsPage(PublicationListingPage):
    """Review findings only, filtered by type of review and theme."""

    parent_page_types = ["publications.PublicationIndexPage", "site_core.HomePage"]
    subpage_types = []
    template = "publications/learning_from_reviews_page.html"
    listed_model = ReviewFindingsPage

    class Meta:
        verbose_name = "learning from reviews listing"

    def listed(self, request):
        return public(ReviewFindingsPage.objects.live()).in_site(Site.find_for_request(request))

    def build_filter_options(self, request, listed):
        base = listed()
        present = set(base.order_by().values_list("review_type", flat=True).distinct())
        types = [(k, v) for k, v in ReviewFindingsPage.ReviewType.choices if k in present]
        topics = list(
            Topic.objects.filter(publications__in=base)
            .values_list("slug", "name")
            .distinct()
            .order_by("name")
        )
        return filter_options(listed, types=types, bodies=None, topics=topics)

    def filter_by_type(self, queryset, key):
        return queryset.filter(review_type=key)


# -- the current picture -----------------------------------------------------
# What a partnership has in force now, for the home page and the publications
# index. An inspector's first question is "what is current?": the latest annual
# report, the plan in force and how it is going, the latest learning from
# reviews, and the frameworks the boards work under. Each comes dated; where
# nothing current exists, the newest of its kind is named with its status, so a
# reader is never told a superseded plan is the plan.

# The home page and index name this many frameworks; the index lists the rest.
FRAMEWORKS_SHOWN = 5


def _live(model, root):
    return public(model.objects.live().descendant_of(root)).filter(
        audience=PublicationPage.Audience.EVERYONE
    )


def _newest(name, root, build, *order, count=1):
    """The newest ``count`` of ``build()``: its SQL built once
    (site_core/prepared.py), as this picture is rebuilt after every publish."""
    return prepared_objects(
        (f"current-picture:{name}", root.pk, root.path),
        lambda: build().order_by(*order, "-publication_date", "-pk")[:count],
    )


def build_current_picture(root, learning_pages=None):
    """What is current under ``root`` (a home page): one query per kind.
    ``learning_pages``: the "Learning from reviews" listings under it, when
    the caller has them already (the index lists them)."""
    current = PublicationPage.Status.CURRENT
    report = _newest(
        "report",
        root,
        lambda: _live(AnnualReportPage, root).filter(status=current),
        "-reporting_year",
    )
    plan = _newest("plan", root, lambda: _live(PlanPage, root).filter(status=current))
    # No plan in force: name the newest one with its status, never as current.
    last_plan = [] if plan else _newest("last-plan", root, lambda: _live(PlanPage, root))
    review = _newest("review", root, lambda: _live(ReviewFindingsPage, root), "-completed")
    frameworks = _newest(
        "frameworks",
        root,
        lambda: _live(FrameworkPage, root).filter(
            status=current, adoption_status=FrameworkPage.AdoptionStatus.ADOPTED
        ),
        "-adopted_on",
        count=FRAMEWORKS_SHOWN + 1,
    )
    if learning_pages is None:
        learning_pages = prepared_objects(
            ("current-picture:learning", root.pk, root.path),
            lambda: public(LearningFromReviewsPage.objects.live().descendant_of(root))[:1],
        )
    learning = next(iter(learning_pages), None)
    plan = next(iter(plan), None)
    return {
        "report": next(iter(report), None),
        "plan": plan,
        "plan_progress": plan.kept_progress() if plan else None,
        "last_plan": next(iter(last_plan), None),
        "review": next(iter(review), None),
        "frameworks": frameworks[:FRAMEWORKS_SHOWN],
        "more_frameworks": len(frameworks) > FRAMEWORKS_SHOWN,
        "learning_page": learning,
    }


def current_picture(root, learning_pages=None):
    """``build_current_picture(root)``, kept until content changes (dates are
    judged at render time)."""
    return remember(
        f"current-picture:{root.pk}", lambda: build_current_picture(root, learning_pages)
    )
