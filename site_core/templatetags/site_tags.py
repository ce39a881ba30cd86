from django import template
from wagtail.models import Site

from site_core.models import AlertBanner

register = template.Library()


@register.inclusion_tag("includes/alert_banners.html", takes_context=True)
def alert_banners(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return {"banners": list(AlertBanner.objects.showing(site)) if site else []}


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
