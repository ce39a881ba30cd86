"""The evidence in the read-only Wagtail API v2: ``/api/v2/indicators/`` (each
with its values) and ``/api/v2/recommendations/`` (each with its status from
the latest dated update and its public history).

Registered on the site's API router through the "register_api_endpoints"
hook (publications/urls.py). Every answer is of the partnership whose site
is asked, and holds exactly what the open data holds (evidence/views.py):
small counts suppressed, no private note, the same stable ids.
"""

from django.conf import settings
from django.http import Http404
from django.urls import path, reverse
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Site

from publications.models import ReviewRecommendation
from site_core.models import Partnership

from . import views
from .models import Indicator, RecommendationStatus

MAX_OFFSET = 100_000
TRUE, FALSE = {"true", "1", "on", "yes"}, {"false", "0", "off", "no"}


class EvidenceEndpoint(BaseAPIViewSet):
    """Listing (``limit``, ``offset`` and the filters in ``filters``) and detail
    by stable id. The rows are the open data's."""

    http_method_names = ["get", "head", "options"]
    # Its name on the router (DRF's as_view() resets ``name`` on the class).
    endpoint = ""
    filters = frozenset()
    type_name = ""

    def rows(self):
        site = Site.find_for_request(self.request)
        if site is None:
            raise Http404("No site answers at this address.")
        partnership = Partnership.for_request(self.request)
        return self.build(partnership)

    def build(self, partnership):
        raise NotImplementedError

    def check_parameters(self, allowed):
        unknown = set(self.request.GET) - allowed
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised field: "
                + ", ".join(sorted(unknown))
            )

    def page(self, rows):
        limit_max = settings.WAGTAILAPI_LIMIT_MAX
        numbers = {}
        for name, default in (("offset", 0), ("limit", min(20, limit_max))):
            value = self.request.GET.get(name)
            if value is None:
                numbers[name] = default
            elif value.isascii() and value.isdecimal():
                numbers[name] = int(value)
            else:
                raise BadRequestError(f"{name} must be a whole number, such as 20.")
        if numbers["offset"] > MAX_OFFSET:
            raise BadRequestError(f"offset must be at most {MAX_OFFSET}.")
        if numbers["limit"] > limit_max:
            raise BadRequestError(f"limit cannot be higher than {limit_max}")
        start = numbers["offset"]
        return rows[start : start + numbers["limit"]]

    def item(self, row):
        """An API item: the row with Wagtail's ``meta`` (type and detail address)."""
        detail = reverse(
            f"{self.request.wagtailapi_router.url_namespace}:{self.endpoint}:detail",
            args=self.detail_args(row),
        )
        meta = {"type": self.type_name, "detail_url": self.request.build_absolute_uri(detail)}
        return {"id": row["id"], "meta": meta, **{k: v for k, v in row.items() if k != "id"}}

    def listing_view(self, request):
        self.check_parameters({"limit", "offset", *self.filters})
        rows = self.filter(self.rows())
        items = [self.item(row) for row in self.page(rows)]
        return Response({"meta": {"total_count": len(rows)}, "items": items})

    def filter(self, rows):
        return rows

    def detail_view(self, request, **kwargs):
        self.check_parameters(set())
        wanted = self.stable_id(**kwargs)
        for row in self.rows():
            if row["id"] == wanted:
                return Response(self.item(row))
        raise Http404(f"No {self.endpoint[:-1]} has the id {wanted}.")

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path(cls.detail_route, cls.as_view({"get": "detail_view"}), name="detail"),
        ]


class IndicatorsAPIViewSet(EvidenceEndpoint):
    """Indicators with every value, oldest period first; ``theme`` filters."""

    endpoint = "indicators"
    model = Indicator
    type_name = "evidence.Indicator"
    filters = frozenset({"theme"})
    detail_route = "<slug:code>/"

    def build(self, partnership):
        values = {}
        for value in views.values(partnership):
            values.setdefault(value["indicator_id"], []).append(
                {k: v for k, v in value.items() if k != "indicator_id"}
            )
        return [
            {**indicator, "values": values.get(indicator["id"], [])}
            for indicator in views.indicators(partnership)
        ]

    def filter(self, rows):
        theme = self.request.GET.get("theme")
        if theme is None:
            return rows
        return [row for row in rows if row["theme"].casefold() == theme.strip().casefold()]

    def stable_id(self, code):
        return code

    def detail_args(self, row):
        return [row["id"]]

    @classmethod
    def get_object_detail_urlpath(cls, model, pk, namespace=""):
        code = Indicator.objects.filter(pk=pk).values_list("code", flat=True).first()
        return reverse(f"{namespace}:detail" if namespace else "detail", args=[code])


class RecommendationsAPIViewSet(EvidenceEndpoint):
    """Every recommendation of the partnership's public reviews with its status
    (that of its latest dated update) and its public updates, newest first;
    ``status``, ``review`` (a review's id) and ``overdue`` filter."""

    endpoint = "recommendations"
    model = ReviewRecommendation
    type_name = "evidence.Recommendation"
    filters = frozenset({"status", "review", "overdue"})
    detail_route = "<int:review_id>/<int:recommendation_id>/"

    def build(self, partnership):
        return views.recommendations(partnership, history=True)

    def filter(self, rows):
        params = self.request.GET
        status = params.get("status")
        if status is not None:
            if status not in RecommendationStatus.values:
                raise BadRequestError(
                    f"status must be one of {', '.join(RecommendationStatus.values)}."
                )
            rows = [row for row in rows if row["status"] == status]
        review = params.get("review")
        if review is not None:
            if not (review.isascii() and review.isdecimal()):
                raise BadRequestError("review must be a review's id, a whole number.")
            rows = [row for row in rows if row["id"].split("/")[0] == review]
        overdue = params.get("overdue")
        if overdue is not None:
            if overdue.lower() not in TRUE | FALSE:
                raise BadRequestError("overdue must be true or false.")
            rows = [row for row in rows if row["overdue"] == (overdue.lower() in TRUE)]
        return rows

    def stable_id(self, review_id, recommendation_id):
        return f"{review_id}/{recommendation_id}"

    def detail_args(self, row):
        return [int(part) for part in row["id"].split("/")]

    @classmethod
    def get_object_detail_urlpath(cls, model, pk, namespace=""):
        review_id = ReviewRecommendation.objects.filter(pk=pk).values_list("page_id", flat=True)
        return reverse(
            f"{namespace}:detail" if namespace else "detail", args=[review_id.first(), pk]
        )


ENDPOINTS = [
    ("indicators", IndicatorsAPIViewSet),
    ("recommendations", RecommendationsAPIViewSet),
]
