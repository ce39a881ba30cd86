"""Favicons and touch icons, one set per partnership.

Each partnership's icon is its brand colour with the first letter of its
short name in white (the colour is checked for contrast against white when
it is saved), drawn on request with Pillow and kept until content changes.
A site with no partnership gets the default blue. Browsers ask for
``/favicon.ico`` and ``/apple-touch-icon.png`` whatever the page says, so
both answer at those addresses.
"""

import io

from django.utils.html import escape
from PIL import Image, ImageDraw, ImageFont

from .colours import HEX_COLOUR

DEFAULT_COLOUR = "#1d4f91"
PNG_SIZES = (32, 180, 192, 512)


def brand(partnership):
    """(colour, letter) for a partnership, or the defaults."""
    colour = getattr(partnership, "brand_colour", "") or ""
    if not HEX_COLOUR.match(colour):
        colour = DEFAULT_COLOUR
    name = (
        getattr(partnership, "short_name", "") or getattr(partnership, "name", "") or "S"
    ).strip()
    letter = next((ch for ch in name if ch.isalnum()), "S").upper()
    return colour, letter


def svg(colour, letter):
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="12" fill="{colour}"/>'
        '<text x="32" y="45" font-family="Arial, Helvetica, sans-serif" font-size="38" '
        f'font-weight="bold" text-anchor="middle" fill="#ffffff">{escape(letter)}</text></svg>'
    )


def _draw(colour, letter, size):
    image = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.load_default(size=int(size * 0.6))
    except (TypeError, OSError):  # Pillow without FreeType: the bitmap font
        font = ImageFont.load_default()
    draw.text((size / 2, size / 2), letter, fill="#ffffff", font=font, anchor="mm")
    return image


def png(colour, letter, size):
    out = io.BytesIO()
    _draw(colour, letter, size).save(out, format="PNG", optimize=True)
    return out.getvalue()


def ico(colour, letter):
    out = io.BytesIO()
    _draw(colour, letter, 48).save(out, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    return out.getvalue()
