"""The read-only Wagtail API v2 (mounted at /api/v2/ in publications/urls.py).

Only GET is routed. Pages are the live, public ones of the site asked;
documents are the public ones (publications.publicity) of the partnership
whose host is asked, never the papers and minutes of members-only meetings.
"""

from wagtail.api.rich_text import APIRichText
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet

from governance.models.meetings import exclude_members_papers
from site_core.search_text import normalise

from .publicity import public_documents_for

MAX_OFFSET = 100_000
SEARCH_OPERATORS = {"and", "or"}


class CheckedQueryMixin:
    """Query parameters checked before Wagtail reads them: a bad one is a 400
    that says what was wrong, never a 500. Search text is reduced to words
    (site_core.search_text) so neither database sees query syntax or NUL bytes.

    The listing checks run in ``check_query_parameters``; Wagtail's ``find``
    view calls no check of its own, so ``find_view`` runs the checks its
    parameters need before Wagtail hands ``id`` and ``html_path`` to the database.
    """

    def check_no_nul(self):
        # PostgreSQL refuses a string holding a NUL byte (psycopg2 raises),
        # e.g. ?locale=%00 or find/?html_path=%00; no parameter needs one.
        # Search text is cleaned instead (below), as on the site's search page.
        for name, values in self.request.GET.lists():
            if name != "search" and any("\x00" in value for value in values):
                raise BadRequestError(f"{name} must not contain a NUL character.")

    def find_view(self, request):
        self.check_no_nul()
        found_by_id = request.GET.get("id")
        if found_by_id is not None and not (found_by_id.isascii() and found_by_id.isdecimal()):
            raise BadRequestError("id must be a whole number, such as 12.")
        return super().find_view(request)

    def check_query_parameters(self, queryset):
        self.check_no_nul()
        params = self.request.GET
        for name in ("offset", "limit"):
            value = params.get(name)
            if value is not None and not (value.isascii() and value.isdecimal()):
                raise BadRequestError(f"{name} must be a whole number, such as 20.")
        if int(params.get("offset") or 0) > MAX_OFFSET:
            raise BadRequestError(f"offset must be at most {MAX_OFFSET}.")
        operator = params.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'.")
        if "search" in params:
            cleaned = params.copy()
            cleaned["search"] = normalise(params["search"])
            if not cleaned["search"]:
                del cleaned["search"]
                cleaned.pop("search_operator", None)
            self.request._request.GET = cleaned
        return super().check_query_parameters(queryset)


class PublicPagesAPIViewSet(CheckedQueryMixin, PagesAPIViewSet):
    http_method_names = ["get", "head", "options"]

    def resolve_rich_text_format(self):
        """Refuse ``markdown``: Wagtail resolves its page links with the editor's
        converter, which gives the address of a members-only page too.

        ``html`` goes through the site's own link handler (site_core/wagtail_hooks.py),
        and the ``db_html`` and ``db_markdown`` formats carry page ids only.
        """
        rich_text_format = super().resolve_rich_text_format()
        if rich_text_format == APIRichText.FORMAT_MARKDOWN:
            raise BadRequestError(
                "rich_text_format=markdown is not offered here: use html or db_markdown."
            )
        return rich_text_format


class PublicDocumentsAPIViewSet(CheckedQueryMixin, DocumentsAPIViewSet):
    http_method_names = ["get", "head", "options"]
    body_fields = [*DocumentsAPIViewSet.body_fields, "page_count", "fully_accessible"]
    listing_default_fields = [
        *DocumentsAPIViewSet.listing_default_fields,
        "page_count",
        "fully_accessible",
    ]

    def get_queryset(self):
        return exclude_members_papers(public_documents_for(self.request, super().get_queryset()))
