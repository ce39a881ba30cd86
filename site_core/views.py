from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.static import serve
from wagtail.images.models import get_rendition_storage
from wagtail.models import Page, Site

from .pagination import BadPageNumber, paginate
from .search_text import normalise
from .security import admin_prefix
from .visibility import public

SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200


def search(request):
    typed = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    query = normalise(typed)
    context = {"search_query": typed.replace("\x00", ""), "error": None, "results": None}
    status = 200
    if query:
        site = Site.find_for_request(request)
        pages = public(Page.objects.live()).specific()
        if site:
            pages = pages.in_site(site)
        results = pages.search(query, operator="and")
        try:
            context["results"] = paginate(
                results, request.GET.get("page"), per_page=SEARCH_RESULTS_PER_PAGE
            )
        except BadPageNumber as error:
            context["error"] = str(error)
            status = 400
    return render(request, "site_core/search.html", context, status=status)


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /search/",
        f"Disallow: {admin_prefix()}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@cache_control(public=True, max_age=60 * 5)
def brand_css(request):
    """The partnership's colour as a stylesheet, so pages need no inline styles (CSP)."""
    from .colours import HEX_COLOUR
    from .models import Partnership

    site = Site.find_for_request(request)
    colour = Partnership.for_site(site).brand_colour if site else ""
    if not HEX_COLOUR.match(colour or ""):
        colour = "#1d4f91"
    return HttpResponse(f":root {{ --brand: {colour}; }}\n", content_type="text/css")


@cache_control(public=True, max_age=60 * 60 * 24 * 30)
def serve_image_rendition(request, path):
    if ".." in path:
        raise Http404
    storage = get_rendition_storage()
    try:
        storage.path(path)
    except NotImplementedError:
        # Renditions are in a bucket (config/settings/scale_out.py) and have
        # their own public address: send /media/images/ links there. Only the
        # rendition storage and only images/ (the URL pattern), so originals
        # and documents are never reachable from here.
        if not storage.exists(path):
            raise Http404 from None
        return redirect(storage.url(path))
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # A self-contained template rendered without a request: the context
    # processors (site settings, menus) need the database, which may be
    # exactly what failed.
    from django.template import loader

    from . import outage

    # The database unreachable (at connection time or mid-request, in a view or
    # a middleware): a 503 with the partnership's numbers, read from the
    # snapshot written when its contacts were saved (site_core/outage.py).
    if outage.current_error_is_outage():
        return outage.response(request)

    return HttpResponse(loader.get_template("500.html").render(), status=500)
