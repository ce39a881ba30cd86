from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts import invitations
from site_core import views

urlpatterns = [
    # An invitation's one-time link: under the admin's address (its headers and
    # look) but open to someone not yet signed in (accounts.invitations).
    path(
        f"{settings.WAGTAIL_ADMIN_PATH}/invitation/<uidb64>/<token>/",
        invitations.accept_invitation,
        name="accounts_accept_invitation",
    ),
    # Wagtail's listings that would name other partnerships' records, scoped;
    # ahead of Wagtail's admin, at its own addresses (site_core.tenant_views).
    path(f"{settings.WAGTAIL_ADMIN_PATH}/", include("site_core.tenant_views")),
    # The admin's address comes from ADMIN_PATH (settings; site_core.security.admin_prefix).
    path(f"{settings.WAGTAIL_ADMIN_PATH}/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", views.search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("brand.css", views.brand_css, name="brand_css"),
    # Icons per partnership (site_core/icons.py); browsers ask for the first
    # two at these addresses whatever the page says.
    path("favicon.ico", views.favicon_ico, name="favicon_ico"),
    path("apple-touch-icon.png", views.icon_png, {"size": 180}, name="apple_touch_icon"),
    path("favicon.svg", views.favicon_svg, name="favicon_svg"),
    path("icons/<int:size>.png", views.icon_png, name="icon_png"),
    path("site.webmanifest", views.web_manifest, name="web_manifest"),
    path("", include("publications.urls")),
    path("", include("governance.urls")),
    path("", include("evidence.urls")),
    path("", include("doors.urls")),
    path("", include("training.urls")),
    path("", include("consultations.urls")),
]

if settings.SERVE_MEDIA_IMAGES:
    # Image renditions only: documents are served by Wagtail's view, which
    # checks privacy, and original uploads are never exposed.
    urlpatterns += [
        re_path(r"^media/(?P<path>images/.+)$", views.serve_image_rendition),
    ]

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "site_core.views.page_not_found"
handler500 = "operations.views.server_error"
