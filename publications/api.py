"""The read-only Wagtail API v2 (mounted at /api/v2/ in publications/urls.py).

Only GET is routed. Pages are the live, public ones of the site asked;
documents exclude those in restricted collections (Wagtail's own rule) and
the papers and minutes of members-only meetings, whatever their collection.
"""

from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet


class PublicPagesAPIViewSet(PagesAPIViewSet):
    http_method_names = ["get", "head", "options"]


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    http_method_names = ["get", "head", "options"]
    body_fields = [*DocumentsAPIViewSet.body_fields, "page_count", "fully_accessible"]
    listing_default_fields = [
        *DocumentsAPIViewSet.listing_default_fields,
        "page_count",
        "fully_accessible",
    ]

    def get_queryset(self):
        from .document_privacy import exclude_members_papers

        return exclude_members_papers(super().get_queryset())
