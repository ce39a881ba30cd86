"""Responsive images made from the renditions named in ``site_core.images``.

Wagtail's ``{% picture %}`` takes its filter specs from the template; these
tags take them from ``site_core.images``, the same list ``make_renditions``
makes ahead of time, so the two cannot drift apart.
"""

from django import template
from django.utils.html import format_html, format_html_join
from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

from site_core.images import BODY_IMAGE_SPECS, LOGO_FORMATS, LOGO_SPECS

register = template.Library()


def _format(spec):
    return next((op.removeprefix("format-") for op in spec.split("|") if "format-" in op), "")


def _distinct(renditions):
    """``renditions`` ({spec: rendition}) without any rendition no larger than
    the one before it in the same format: an original smaller than the largest
    size gives the same picture twice, which would repeat a srcset candidate."""
    last = {}
    kept = {}
    for spec, rendition in renditions.items():
        size = (rendition.width, rendition.height)
        if _format(spec) in last and size <= last[_format(spec)]:
            continue
        last[_format(spec)] = size
        kept[spec] = rendition
    return kept


@register.simple_tag
def body_picture(image, **attrs):
    """``<picture>`` for an image in a page body: AVIF and WebP sources and a
    JPEG ``<img>``, each at every width in ``BODY_IMAGE_WIDTHS``.

    The ``<img>`` carries the largest rendition's width and height: the
    browser reserves the right space before the file arrives, and shows the
    image as wide as the column allows up to that width. Other attributes
    (alt, sizes, loading, decoding) are passed on.
    """
    if not image:
        return ""
    renditions = _distinct(get_renditions_or_not_found(image, BODY_IMAGE_SPECS))
    largest = max(renditions.values(), key=lambda rendition: rendition.width)
    return Picture(
        renditions, {"width": largest.width, "height": largest.height, **attrs}
    ).__html__()


def _density_srcset(renditions):
    """The srcset "a.png 1x, b.png 2x": each rendition's height against the first's."""
    base, *larger = renditions
    return ", ".join(
        [f"{base.url} 1x", *(f"{r.url} {round(r.height / base.height, 2):g}x" for r in larger)]
    )


@register.simple_tag
def logo_picture(image, **attrs):
    """``<picture>`` for a logo shown ``LOGO_HEIGHT`` pixels high: WebP with a
    PNG fallback, each for ordinary and high-density screens (1x, 2x).

    A fixed-size image needs density descriptors, not widths: with widths and
    no ``sizes`` the browser assumes the image is as wide as the screen and
    takes the largest file on nearly every screen. The ``<img>`` carries the 1x width and height, so
    the header never shifts as the logo loads.
    """
    if not image:
        return ""
    renditions = _distinct(get_renditions_or_not_found(image, LOGO_SPECS))
    by_format = {fmt: [] for fmt in LOGO_FORMATS}
    for spec, rendition in renditions.items():
        by_format[_format(spec)].append(rendition)
    *sources, fallback = LOGO_FORMATS
    img = by_format[fallback][0].img_tag({**attrs, "srcset": _density_srcset(by_format[fallback])})
    return format_html(
        "<picture>{}{}</picture>",
        format_html_join(
            "",
            '<source type="image/{}" srcset="{}">',
            ((fmt, _density_srcset(by_format[fmt])) for fmt in sources),
        ),
        img,
    )
