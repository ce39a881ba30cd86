"""Routes outside the page tree for the publications app (mounted in config.urls)."""

from django.urls import include, path
from wagtail import hooks
from wagtail.api.v2.router import WagtailAPIRouter

from . import api, views
from .feeds import PublicationsAtomFeed, PublicationsFeed

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", api.PublicPagesAPIViewSet)
api_router.register_endpoint("documents", api.PublicDocumentsAPIViewSet)
# Other apps add read-only endpoints of their own (the evidence app's
# indicators and recommendations) with the "register_api_endpoints" hook:
# publications names no app that builds on it.
for endpoints in hooks.get_hooks("register_api_endpoints"):
    for name, endpoint in endpoints():
        api_router.register_endpoint(name, endpoint)

public_patterns = [
    path("feeds/publications.rss", PublicationsFeed(), name="feed_rss"),
    path("feeds/publications.atom", PublicationsAtomFeed(), name="feed_atom"),
    path("feeds/publications/<slug:type_key>.rss", PublicationsFeed(), name="feed_rss_type"),
    path("feeds/publications/<slug:type_key>.atom", PublicationsAtomFeed(), name="feed_atom_type"),
    path(
        "publications/documents/<int:document_id>/accessible-format/",
        views.request_accessible_format,
        name="accessible_format",
    ),
]

# The API's own namespace ("wagtailapi") must sit at the top level for its
# detail URLs to reverse, so only the public routes are namespaced.
urlpatterns = [
    path("", include((public_patterns, "publications"))),
    path("api/v2/", api_router.urls),
]
