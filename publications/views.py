"""Listing, filtering and forms for publications.

Every filter value comes from the query string, so each is checked: an
unknown or malformed value answers 400 with a message that says what to do,
never a 500 and never a silently ignored filter.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import send_mail
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Site

from governance.models import Body
from site_core.caching.memo import remember
from site_core.models import Partnership
from site_core.pagination import BadPageNumber, paginate
from site_core.visibility import public

from .forms import AccessibleFormatRequestForm
from .models import (
    PUBLICATION_TYPES,
    AccessibleFormatRequest,
    LearningFromReviewsPage,
    PlanActivity,
    PublicationDocumentLink,
    PublicationPage,
    ReviewFindingsPage,
    Topic,
)

RESULTS_PER_PAGE = 10
QUERY_MAX_LENGTH = 200
SORTS = {
    "newest": ("Newest first", ["-publication_date", "title"]),
    "oldest": ("Oldest first", ["publication_date", "title"]),
    "title": ("Title A to Z", ["title", "-publication_date"]),
}


class BadFilter(ValueError):
    """A filter value a reader can correct; the message says how."""


@dataclass
class Listing:
    """The outcome of reading a listing's query string."""

    filters: dict = field(default_factory=dict)
    query: str = ""
    sort: str = "newest"
    error: str = ""
    results: object = None
    options: dict = field(default_factory=dict)

    @property
    def active(self):
        return bool(self.query or any(self.filters.values()))


def _one_value(request, name):
    values = request.GET.getlist(name)
    if len(values) > 1:
        raise BadFilter(f"Choose one {name} at a time.")
    return (values[0].strip() if values else "")[:100]


def _choice(request, name, allowed, label):
    value = _one_value(request, name)
    if value and value not in allowed:
        shown = value[:40]
        raise BadFilter(
            f"“{shown}” is not a {label} we know. Choose one from the list, or clear the "
            f"{label} filter."
        )
    return value


def _year(request, years):
    value = _one_value(request, "year")
    if not value:
        return ""
    if not value.isdigit() or len(value) != 4:
        raise BadFilter(f"“{value[:20]}” is not a year. Use four digits, such as 2023.")
    if int(value) not in years:
        raise BadFilter(
            f"Nothing was published in {value}. Choose a year from the list, or clear the "
            "year filter."
        )
    return value


def _search_ids(request, queryset_model, query):
    site = Site.find_for_request(request)
    results = public(queryset_model.objects.live()).in_site(site)
    results = results.search(query, operator="and")
    return [page.pk for page in results]


def _options(base, *, types, bodies, topics):
    """What each filter offers: only values some publication has."""
    return {
        "types": types,
        # Distinct years in the database: never every publication's date in Python.
        "years": [d.year for d in base.order_by().dates("publication_date", "year", order="DESC")],
        "bodies": bodies,
        "topics": topics,
    }


def _read_listing(request, options, *, allow_type=True, sort_default="newest"):
    """Check the query string against the filter options; fill ``Listing`` or raise BadFilter."""
    listing = Listing()
    types, years, bodies, topics = (options[k] for k in ("types", "years", "bodies", "topics"))
    listing.options = {**options, "sorts": [(key, label) for key, (label, _) in SORTS.items()]}
    listing.query = request.GET.get("q", "").strip()[:QUERY_MAX_LENGTH]
    listing.sort = _choice(request, "sort", SORTS, "sort order") or sort_default
    filters = {}
    if allow_type:
        filters["type"] = _choice(request, "type", {key for key, _ in types}, "type")
    filters["year"] = _year(request, years)
    if bodies is not None:
        filters["body"] = _choice(request, "body", {b.slug for b in bodies}, "publisher")
    filters["topic"] = _choice(request, "topic", {t.slug for t in topics}, "topic")
    listing.filters = filters
    return listing


def _apply(listing, base, *, type_field):
    queryset = base
    filters = listing.filters
    if filters.get("type"):
        if type_field == "content_type":
            model = PUBLICATION_TYPES[filters["type"]]
            queryset = queryset.type(model)
        else:
            queryset = queryset.filter(**{type_field: filters["type"]})
    if filters.get("year"):
        queryset = queryset.filter(publication_date__year=int(filters["year"]))
    if filters.get("body"):
        queryset = queryset.filter(published_by__slug=filters["body"])
    if filters.get("topic"):
        queryset = queryset.filter(topics__slug=filters["topic"])
    if filters.get("body") or filters.get("topic"):
        # Only these joins can repeat a row; DISTINCT elsewhere slows every count.
        queryset = queryset.distinct()
    return queryset.order_by(*SORTS[listing.sort][1])


def _render_listing(request, page, template, listing, status=200, extra=None):
    context = page.get_context(request)
    context.update(extra or {})
    context["listing"] = listing
    feed_type = listing.filters.get("type") if listing.filters else ""
    context["feed_links"] = feed_links(feed_type)
    response = TemplateResponse(request, template, context, status=status)
    return response


def feed_links(type_key=""):
    """(title, RSS URL, Atom URL) for the feeds a page should advertise."""
    links = [
        (
            "All publications",
            reverse("publications:feed_rss"),
            reverse("publications:feed_atom"),
        )
    ]
    if type_key and type_key in PUBLICATION_TYPES:
        label = PUBLICATION_TYPES[type_key]._meta.verbose_name_plural
        links.append(
            (
                label.capitalize(),
                reverse("publications:feed_rss_type", args=[type_key]),
                reverse("publications:feed_atom_type", args=[type_key]),
            )
        )
    return links


def _site_bodies(request, base):
    partnership = Partnership.for_request(request)  # cached for the request
    return list(
        Body.objects.filter(partnership=partnership, publications__in=base)
        .distinct()
        .order_by("name")
    )


def _site_topics(base):
    return list(Topic.objects.filter(publications__in=base).distinct().order_by("name"))


def _index_options(request, index_page, base):
    """The index's filter options and related listings, kept until content changes.

    Each is a DISTINCT over every publication (tens of milliseconds at 5,000)
    and the same for every reader, whatever they filter by.
    """

    def build():
        present = set(base.order_by().values_list("content_type__model", flat=True).distinct())
        types = [
            (key, model._meta.verbose_name.capitalize())
            for key, model in PUBLICATION_TYPES.items()
            if model._meta.model_name in present
        ]
        options = _options(
            base, types=types, bodies=_site_bodies(request, base), topics=_site_topics(base)
        )
        related = list(
            public(index_page.get_children().live()).type(LearningFromReviewsPage).specific()
        )
        return options, {"related_listings": related}

    return remember(f"publication-index-options:{index_page.pk}", build)


def serve_index(index_page, request):
    base = public(PublicationPage.objects.live()).descendant_of(index_page)
    options, related = _index_options(request, index_page, base)
    listing = Listing()
    try:
        listing = _read_listing(request, options)
        queryset = _apply(listing, base, type_field="content_type")
        if listing.query:
            queryset = queryset.filter(pk__in=_search_ids(request, PublicationPage, listing.query))
        listing.results = paginate(
            queryset.specific(), request.GET.get("page"), per_page=RESULTS_PER_PAGE
        )
    except (BadFilter, BadPageNumber) as error:
        listing.error = str(error)
        return _render_listing(
            request,
            index_page,
            "publications/publication_index_page.html",
            listing,
            status=400,
            extra=related,
        )
    return _render_listing(
        request, index_page, "publications/publication_index_page.html", listing, extra=related
    )


def serve_learning(learning_page, request):
    site = Site.find_for_request(request)
    base = public(ReviewFindingsPage.objects.live()).in_site(site)

    def build():
        present = set(base.order_by().values_list("review_type", flat=True).distinct())
        types = [(k, v) for k, v in ReviewFindingsPage.ReviewType.choices if k in present]
        return _options(base, types=types, bodies=None, topics=_site_topics(base))

    options = remember(f"learning-options:{learning_page.pk}", build)
    listing = Listing()
    try:
        listing = _read_listing(request, options)
        queryset = _apply(listing, base, type_field="review_type")
        if listing.query:
            found = _search_ids(request, ReviewFindingsPage, listing.query)
            queryset = queryset.filter(pk__in=found)
        listing.results = paginate(queryset, request.GET.get("page"), per_page=RESULTS_PER_PAGE)
    except (BadFilter, BadPageNumber) as error:
        listing.error = str(error)
        return _render_listing(
            request, learning_page, "publications/learning_from_reviews_page.html", listing, 400
        )
    return _render_listing(
        request, learning_page, "publications/learning_from_reviews_page.html", listing
    )


def serve_plan(plan, request, *args, **kwargs):
    """The plan page, with its project table filtered by theme and status."""
    context = plan.get_context(request, *args, **kwargs)
    themes = {str(t.number): t for t in plan.themes.all()}
    status = 200
    error = ""
    theme_value = request.GET.get("theme", "").strip()[:20]
    status_value = request.GET.get("status", "").strip()[:20]
    if theme_value and theme_value not in themes:
        error = f"“{theme_value}” is not one of this plan's themes. Choose a theme from the list."
    elif status_value and status_value not in PlanActivity.Status.values:
        error = f"“{status_value}” is not a status. Choose complete, on track or delayed."
    if error:
        status = 400
        theme_value = status_value = ""
    table = plan.projects_by_theme(
        theme=int(theme_value) if theme_value else None, status=status_value or None
    )
    shown = [a for _theme, rows in table for _project, acts in rows for a in acts]
    context.update(
        {
            "filter_error": error,
            "project_table": table,
            "theme_filter": theme_value,
            "status_filter": status_value,
            "status_choices": PlanActivity.Status.choices,
            "progress": plan.progress(),
            "shown_progress": plan.progress(shown),
            "table_filtered": bool(theme_value or status_value),
            "feed_links": feed_links(plan.type_key),
        }
    )
    return TemplateResponse(request, plan.get_template(request), context, status=status)


def _requestable_document(request, document_id):
    """A not-fully-accessible document attached to a live, public publication of this site."""
    site = Site.find_for_request(request)
    document = get_object_or_404(get_document_model(), pk=document_id, fully_accessible=False)
    pages = (
        PublicationPage.objects.live()
        .public()
        .filter(pk__in=PublicationDocumentLink.objects.filter(document=document).values("page_id"))
    )
    if site is not None:
        pages = pages.in_site(site)
    page = pages.first()
    if page is None:
        raise Http404("No public publication offers this document.")
    return document, page


def request_accessible_format(request, document_id):
    document, page = _requestable_document(request, document_id)
    if request.GET.get("sent") == "1":
        return render(
            request,
            "publications/accessible_format_sent.html",
            {"document": document, "publication": page},
        )
    form = AccessibleFormatRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            record = AccessibleFormatRequest.objects.create(
                document=document,
                page=page,
                partnership=Partnership.for_request(request),
                **form.cleaned_data,
            )
            # Each partnership's requests go to its own inbox, never another's.
            partnership = record.partnership
            recipient = partnership.requests_email or getattr(
                settings, "ACCESSIBLE_FORMAT_REQUEST_EMAIL", ""
            )
            if recipient:
                send_mail(
                    subject=f"{partnership.short_name}: accessible format request: "
                    f"{document.title}",
                    message=(
                        f"{record.name} <{record.email}> asked for “{document.title}” as "
                        f"{record.get_format_display()}.\n\n{record.details}\n\n"
                        f"Publication: {page.full_url}\nHandle it in the admin under "
                        "Publications > Accessible format requests."
                    ),
                    from_email=None,
                    recipient_list=[recipient],
                    fail_silently=True,
                )
            url = reverse("publications:accessible_format", args=[document.pk])
            return redirect(f"{url}?{urlencode({'sent': '1'})}")
        status = 400
    return render(
        request,
        "publications/accessible_format_form.html",
        {"document": document, "publication": page, "form": form},
        status=status,
    )
