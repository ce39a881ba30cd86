import json

from django import template
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.models import Site

from site_core.editors_admin import role_descriptions as describe
from site_core.labels import record_labels
from site_core.models import AlertBanner, Navigation, Partnership
from site_core.visibility import is_public as _is_public
from site_core.visibility import is_restricted
from site_core.visibility import public_pages as _public_pages

register = template.Library()


@register.inclusion_tag("includes/alert_banners.html", takes_context=True)
def alert_banners(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"banners": []}
    now = timezone.now()
    showing = [banner for banner in AlertBanner.not_ended(request, now) if banner.is_showing(now)]
    return {"banners": AlertBanner.in_display_order(showing)}


@register.simple_tag
def record_label(record):
    """The public label another app puts on ``record`` (site_core/labels.py), or ""
    (always, in production)."""
    if record is None or record.pk is None:
        return ""
    return record_labels(type(record)).get(record.pk, "")


@register.simple_tag(takes_context=True)
def current_menu_page(context):
    """The page's id when the header menu links to it (it is marked as current
    there), else 0: the header fragment varies on it."""
    page, request = context.get("page"), context.get("request")
    if page is None or request is None or Site.find_for_request(request) is None:
        return 0
    return page.pk if page.pk in Navigation.for_request(request).primary_page_ids else 0


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None):
    """Ancestors from the site's home page down to (not including) this page."""
    page = page or context.get("page")
    if page is None or page.depth <= 2:
        return {"ancestors": [], "current": page}
    ancestors = page.get_ancestors().filter(depth__gte=2).live()
    return {"ancestors": list(ancestors), "current": page}


@register.filter
def is_public(page):
    """``{% if page.replaced_by|is_public %}``: may a public page name and link it?"""
    return _is_public(page)


@register.filter
def public_pages(pages):
    """Only the pages a public page may name and link (site_core.visibility)."""
    return _public_pages(pages)


@register.filter
def is_members_only(page):
    """For wording that belongs to a page and stays as private, such as a review's
    recommendation."""
    return page is not None and is_restricted(page)


@register.simple_tag(takes_context=True)
def publication_sections(context, page, place):
    """What other apps add to a page at ``place`` (e.g. the evidence app's latest
    indicator values on a plan), from the "publication_sections" hook: the page
    templates name no app, and nothing is shown when no app answers."""
    request = context.get("request")
    parts = [fn(request, page, place) for fn in hooks.get_hooks("publication_sections")]
    # Hooks answer with rendered templates (safe); anything else is escaped.
    return format_html_join("", "{}", ((part,) for part in parts if part))


# --- The <head>: description, canonical address, OpenGraph, icons, JSON-LD ---


def _description(page, partnership):
    for name in ("search_description", "summary", "introduction"):
        value = getattr(page, name, "") if page is not None else ""
        if value:
            return value
    name = getattr(partnership, "name", "") or "The safeguarding children partnership"
    return (
        f"{name}: how the council, the NHS and the police work together with schools and "
        "other agencies to keep children safe."
    )


def _canonical(page, request):
    """The page's own address; for a route of a page (a board, a meeting) the
    address asked for, on the page's site's root URL."""
    if page is None or request is None:
        return request.build_absolute_uri(request.path) if request else ""
    parts = page.get_url_parts(request)
    if parts is None or parts[1] is None:
        return ""
    _site_id, root_url, page_path = parts
    path = request.path if request.path.startswith(page_path) else page_path
    return root_url + path


@register.simple_tag(takes_context=True)
def page_description(context):
    """The page's meta description: its search description, summary or
    introduction, else a sentence about the partnership. Never empty."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    partnership = Partnership.for_request(request) if site else None
    return _description(context.get("page"), partnership)[:300]


@register.inclusion_tag("includes/head_meta.html", takes_context=True)
def head_meta(context):
    """Everything in <head> that describes the page to search engines, link
    previews and browsers (templates/includes/head_meta.html)."""
    request = context.get("request")
    page = context.get("page")
    site = Site.find_for_request(request) if request else None
    partnership = Partnership.for_request(request) if site else None
    canonical = _canonical(page, request)
    title = context.get("sub_title") or ((page.seo_title or page.title) if page is not None else "")
    origin = f"{request.scheme}://{request.get_host()}" if request else ""
    data = []
    for hook in hooks.get_hooks("page_jsonld"):
        data.extend(hook(context, canonical) or [])
    return {
        "description": _description(page, partnership),
        "canonical": canonical,
        "title": title,
        "site_name": getattr(partnership, "name", "") or "",
        "og_type": "article" if getattr(page, "publication_date", None) else "website",
        "og_image": origin + "/icons/512.png",
        "jsonld": [_jsonld(item) for item in data],
    }


_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _jsonld(data):
    text = json.dumps(data, ensure_ascii=False, default=str)
    return mark_safe(text.translate(_JSON_ESCAPES))  # noqa: S308 - escaped for <script>


@register.inclusion_tag("site_core/admin/role_descriptions.html")
def role_descriptions(groups):
    """What each partnership role group offered on a person's "Roles" tab may do."""
    return {"roles": describe(groups)}
