from django import template
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Site

from site_core.cache import remember
from site_core.models import AlertBanner
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
    # Every banner not yet over is kept; which show is decided now, so a
    # scheduled banner appears and goes on time without a save to purge on.
    upcoming = remember(
        f"alert-banners:{site.pk}",
        lambda: list(
            AlertBanner.objects.filter(Q(site=site) | Q(site__isnull=True)).filter(
                Q(ends_at__isnull=True) | Q(ends_at__gt=timezone.now())
            )
        ),
    )
    now = timezone.now()
    showing = [banner for banner in upcoming if banner.is_showing(now)]
    return {"banners": AlertBanner.in_display_order(showing)}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None):
    """Ancestors from the site's home page down to (not including) this page."""
    page = page or context.get("page")
    if page is None or page.depth <= 2:
        return {"ancestors": [], "current": page}
    ancestors = page.get_ancestors().filter(depth__gte=2).live()
    return {"ancestors": list(ancestors), "current": page}


@register.filter
def filesizeformat_short(value):
    from django.template.defaultfilters import filesizeformat

    return filesizeformat(value)


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
