"""The publications index and the "Learning from reviews" listing: one kind of
page, a filtered, searchable, paginated list of publications, served by the
page itself (publications.filters checks the query string); and the current
picture that heads the index and the home page."""

from urllib.parse import urlencode

from django.db import models
from django.db.models import F
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject, cached_property
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from governance.models import Body
from site_core.blocks import BodyBlock
from site_core.models import BasePage, ContentsMixin, Partnership
from site_core.pagination import BadPageNumber, paginate
from site_core.search_text import normalise

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
        """The filter options, read from the database; ``listed()`` gives the
        listing's publications."""
        raise NotImplementedError

    def filter_by_type(self, queryset, key):
        raise NotImplementedError

    def type_model(self, key):
        """The page model a type filter names, for its feed (None if none)."""
        return None

    def extras(self, request, listing):
        """What the page shows around its results (read only when rendered:
        a kept list needs none of it)."""
        return {}

    # -- serving -----------------------------------------------------------------

    def search_ids(self, request, query):
        """Ids of the public pages that match ``query`` (None: no words to search for)."""
        query = normalise(query)
        if not query:
            return None
        site = Site.find_for_request(request)
        results = self.listed_model.objects.live().public().in_site(site)
        return [page.pk for page in results.search(query, operator="and")]

    def serve(self, request, *args, **kwargs):
        listed = self.listed(request)
        form = ListingFilterForm(request.GET, self.build_filter_options(request, lambda: listed))
        listing = form.listing()
        # A bad filter is a 400 that still shows the form, the reader's other
        # choices and what those choices find, with the bad one marked.
        status = 400 if listing.error else 200
        queryset = apply_filters(listing, listed, by_type=self.filter_by_type)
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

        context = self.get_context(request, *args, **kwargs)
        context["listing"] = listing
        context["feed_links"] = feed_links(self.type_model(listing.filters.get("type")))
        context.update(self.extras(request, listing))
        # The list is kept per query string of this listing's own parameters,
        # each once (a bounded set); never a bad filter, nor words to search
        # for, which are as many as readers can type.
        context["fragment_vary"] = urlencode(sorted(request.GET.items()))
        kept = (
            status == 200
            and not listing.query
            and set(request.GET) <= LISTING_PARAMETERS
            and all(len(request.GET.getlist(name)) == 1 for name in request.GET)
        )
        if not kept:
            context["fragment_seconds"] = 0
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

    @cached_property
    def members_only(self):
        """Which sections are members-only, read once for the list, the other
        listings and the current picture."""
        return Page.objects.private_q()

    def listed(self, request):
        return PublicationPage.objects.live().exclude(self.members_only).descendant_of(self)

    def build_filter_options(self, request, listed):
        # Which types were published in which years: one DISTINCT for both filters.
        rows = (
            listed()
            .order_by()
            .values_list("content_type__model", "publication_date__year")
            .distinct()
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
        bodies = list(
            Body.objects.filter(partnership=partnership, publications__in=listed())
            .values_list("slug", "name")
            .distinct()
            .order_by("name")
        )
        topics = list(
            Topic.objects.filter(publications__in=listed())
            .values_list("slug", "name")
            .distinct()
            .order_by("name")
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

    def extras(self, request, listing):
        # Every page under the index that is not a publication ("Learning from
        # reviews", and pages other apps put here, such as the indicators and
        # the recommendations tracker): listed here, so a reader can reach them.
        related = SimpleLazyObject(
            lambda: list(
                Page.objects.child_of(self)
                .live()
                .not_type(PublicationPage)
                .exclude(self.members_only)
                .specific()
            )
        )
        # The current picture heads the whole list only, not a filtered or later page.
        shows_current_picture = not listing.active and not request.GET.get("page")

        def picture():
            # Every publication lives under this index, so it is the root to look under.
            learning = [p for p in related if isinstance(p, LearningFromReviewsPage)]
            return current_picture(self, learning_pages=learning, members_only=self.members_only)

        return {
            "related_listings": related,
            "index_url": self.get_url(request),
            "shows_current_picture": shows_current_picture,
            "picture": SimpleLazyObject(picture),
        }


class LearningFromReviewsPage(PublicationListingPage):
    """Review findings only, filtered by type of review and theme."""

    parent_page_types = ["publications.PublicationIndexPage", "site_core.HomePage"]
    subpage_types = []
    template = "publications/learning_from_reviews_page.html"
    listed_model = ReviewFindingsPage

    class Meta:
        verbose_name = "learning from reviews listing"

    def listed(self, request):
        return ReviewFindingsPage.objects.live().public().in_site(Site.find_for_request(request))

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


def _live(model, root, members_only):
    return (
        model.objects.live()
        .descendant_of(root)
        .exclude(members_only)
        .filter(audience=PublicationPage.Audience.EVERYONE)
    )


def _newest(queryset, *order, count=1):
    """The newest ``count`` of ``queryset``."""
    return list(queryset.order_by(*order, "-publication_date", "-pk")[:count])


def current_picture(root, learning_pages=None, members_only=None):
    """What is current under ``root`` (a home page): one query per kind.
    ``learning_pages``: the "Learning from reviews" listings under it, and
    ``members_only``: ``Page.objects.private_q()``, when the caller has them
    already (the index does)."""
    current = PublicationPage.Status.CURRENT
    # Which sections are members-only, read once for every kind.
    if members_only is None:
        members_only = Page.objects.private_q()
    report = _newest(
        _live(AnnualReportPage, root, members_only).filter(status=current), "-reporting_year"
    )
    plan = _newest(_live(PlanPage, root, members_only).filter(status=current))
    # No plan in force: name the newest one with its status, never as current.
    last_plan = [] if plan else _newest(_live(PlanPage, root, members_only))
    review = _newest(_live(ReviewFindingsPage, root, members_only), "-completed")
    frameworks = _newest(
        _live(FrameworkPage, root, members_only).filter(
            status=current, adoption_status=FrameworkPage.AdoptionStatus.ADOPTED
        ),
        "-adopted_on",
        count=FRAMEWORKS_SHOWN + 1,
    )
    if learning_pages is None:
        learning_pages = (
            LearningFromReviewsPage.objects.live().descendant_of(root).exclude(members_only)[:1]
        )
    learning = next(iter(learning_pages), None)
    plan = next(iter(plan), None)
    return {
        "report": next(iter(report), None),
        "plan": plan,
        "plan_progress": plan.counted_progress() if plan else None,
        "last_plan": next(iter(last_plan), None),
        "review": next(iter(review), None),
        "frameworks": frameworks[:FRAMEWORKS_SHOWN],
        "more_frameworks": len(frameworks) > FRAMEWORKS_SHOWN,
        "learning_page": learning,
    }
