import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.static import serve
from wagtail.images.models import get_rendition_storage
from wagtail.models import Site

from .colours import HEX_COLOUR
from .icons import PNG_SIZES, brand, ico, png, svg
from .models import ContactPage, Partnership
from .pagination import BadPageNumber, paginate
from .search import load_shown, search_site
from .search_text import normalise

SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200


def search_results(request, site, query):
    """The page of results the reader asked for, with what it shows loaded
    (``BadPageNumber`` if there is no such page)."""
    results = paginate(
        search_site(request, site, query),
        request.GET.get("page"),
        per_page=SEARCH_RESULTS_PER_PAGE,
    )
    load_shown(results.items)
    return results


def search(request):
    typed = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    query = normalise(typed)
    context = {"search_query": typed.replace("\x00", ""), "error": None, "results": None}
    status = 200
    site = Site.find_for_request(request)
    if query and site is not None:
        try:
            context["results"] = search_results(request, site, query)
        except BadPageNumber as error:
            context["error"] = str(error)
            status = 400
    elif query:
        context["results"] = paginate([], None, per_page=SEARCH_RESULTS_PER_PAGE)
    context["contact_page_url"] = ""
    if context["results"] is not None and not context["results"].paginator.count and site:
        # Nothing found: lead to the numbers to call (the template lists them).
        context["contact_page_url"] = _contact_page_url(request, site)
    return render(request, "site_core/search.html", context, status=status)


def _contact_page_url(request, site):
    contact = ContactPage.objects.live().in_site(site).public().first()
    return contact.get_url(request) if contact else ""


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /search/",
        # Never the admin's address: robots.txt is public, and ADMIN_PATH may be
        # kept secret. Admin responses carry X-Robots-Tag instead (site_core.security).
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@cache_control(public=True, max_age=60 * 5)
def brand_css(request):
    """The partnership's colour as a stylesheet, so pages need no inline styles (CSP)."""
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


def _partnership_brand(request):
    site = Site.find_for_request(request)
    return brand(Partnership.for_site(site) if site else None)


def _icon_response(request, kind, build, content_type):
    colour, letter = _partnership_brand(request)
    body = build(colour, letter)
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


def favicon_svg(request):
    return _icon_response(request, "svg", svg, "image/svg+xml")


def favicon_ico(request):
    return _icon_response(request, "ico", ico, "image/x-icon")


def icon_png(request, size):
    if size not in PNG_SIZES:
        raise Http404("No icon of that size.")
    return _icon_response(
        request, f"png{size}", lambda colour, letter: png(colour, letter, size), "image/png"
    )


def web_manifest(request):
    site = Site.find_for_request(request)
    partnership = Partnership.for_site(site) if site else None
    colour, _letter = _partnership_brand(request)
    data = {
        "name": getattr(partnership, "name", "") or settings.WAGTAIL_SITE_NAME,
        "short_name": getattr(partnership, "short_name", "") or "Safeguarding",
        "start_url": "/",
        "display": "browser",
        "theme_color": colour,
        "background_color": "#ffffff",
        "icons": [
            {
                "src": reverse("icon_png", args=[size]),
                "sizes": f"{size}x{size}",
                "type": "image/png",
            }
            for size in (192, 512)
        ],
    }
    response = HttpResponse(json.dumps(data), content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=86400"
    return response
