"""Demo images, drawn with Pillow so the demo needs no downloaded or copied files.

Each partnership gets a logo (a child under a roof, in its brand colour) and
the "About us" pages share an illustration of the three safeguarding partners.
Drawings are deterministic and saved as small PNGs into the root collection;
an image is found again by its title, so loading the demo twice draws nothing
twice.
"""

from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection

# Shapes are drawn this many times larger, then scaled down: smooth edges.
SUPERSAMPLE = 4

LOGO_SIZE = 240  # pixels square: twice the header's 60 px, and twice again for 2x screens

PARTNERS_TITLE = "Three safeguarding partners working together"
PARTNERS_ALT_TEXT = (
    "Three overlapping circles, one each for the council, the NHS and the police, with a "
    "child at the centre where all three meet. Rows of small dots around them stand for the "
    "other agencies that work with the partners."
)
PARTNERS_SIZE = (1200, 600)


def _png(image, colours):
    """Scale a supersampled drawing down and save it as a palette PNG (small in bytes)."""
    width, height = image.size
    image = image.resize((width // SUPERSAMPLE, height // SUPERSAMPLE), PillowImage.LANCZOS)
    image = image.quantize(colors=colours, method=PillowImage.Quantize.MEDIANCUT, dither=0)
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _child(draw, centre_x, feet_y, height, colour):
    """A figure as on a sign: a round head above rounded shoulders."""
    head = height * 0.42
    head_top = feet_y - height
    draw.ellipse((centre_x - head / 2, head_top, centre_x + head / 2, head_top + head), fill=colour)
    shoulders_top = head_top + head + height * 0.07
    half_width = height * 0.4
    draw.pieslice(
        (
            centre_x - half_width,
            shoulders_top,
            centre_x + half_width,
            feet_y + (feet_y - shoulders_top),
        ),
        start=180,
        end=360,
        fill=colour,
    )


def draw_logo(brand_colour):
    """A logo-style mark: a white roof sheltering a child, on the brand colour."""
    size = LOGO_SIZE * SUPERSAMPLE
    image = PillowImage.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=size * 0.18, fill=brand_colour)
    # The roof: a thick chevron.
    apex, eaves, thickness = size * 0.18, size * 0.5, size * 0.09
    draw.line(
        [(size * 0.16, eaves), (size * 0.5, apex), (size * 0.84, eaves)],
        fill="white",
        width=int(thickness),
        joint="curve",
    )
    for x in (size * 0.16, size * 0.84):  # rounded ends
        draw.ellipse(
            (x - thickness / 2, eaves - thickness / 2, x + thickness / 2, eaves + thickness / 2),
            fill="white",
        )
    _child(draw, size * 0.5, size * 0.8, size * 0.36, "white")
    return _png(image, colours=16)


def draw_partners():
    """Three overlapping circles (council, NHS, police) and a child where they meet."""
    width, height = (side * SUPERSAMPLE for side in PARTNERS_SIZE)
    background = (243, 242, 241)
    colours = [(0, 90, 78), (29, 79, 145), (106, 27, 95)]  # teal, blue, plum
    image = PillowImage.new("RGB", (width, height), background)
    radius = height * 0.28
    centre_x, centre_y = width / 2, height * 0.5
    offset = radius * 0.62
    centres = [
        (centre_x - offset, centre_y - offset * 0.55),
        (centre_x + offset, centre_y - offset * 0.55),
        (centre_x, centre_y + offset * 0.6),
    ]
    for (x, y), colour in zip(centres, colours, strict=True):
        layer = PillowImage.new("RGB", (width, height), colour)
        mask = PillowImage.new("L", (width, height), 0)
        ImageDraw.Draw(mask).ellipse((x - radius, y - radius, x + radius, y + radius), fill=150)
        image = PillowImage.composite(layer, image, mask)
    # Small dots around the edge: the other agencies who join the partners.
    draw = ImageDraw.Draw(image)
    dot = height * 0.025
    for index in range(14):
        x = width * (0.08 + 0.84 * index / 13)
        for y in (height * 0.06, height * 0.94):
            draw.ellipse((x - dot, y - dot, x + dot, y + dot), fill=(177, 180, 182))
    _child(draw, centre_x, centre_y + radius * 0.3, radius * 0.62, "white")
    return _png(image, colours=48)


def get_or_create_image(title, filename, draw):
    """The image called ``title`` in the root collection, drawn with ``draw()``
    only when it is missing. Returns ``(image, created)``."""
    Image = get_image_model()
    collection = Collection.get_first_root_node()  # public, not "Members' papers"
    existing = Image.objects.filter(title=title, collection=collection).first()
    if existing is not None:
        return existing, False
    image = Image(title=title, collection=collection)
    image.file = ImageFile(BytesIO(draw()), name=filename)
    # What Wagtail's upload form does: record the size and hash (used to spot
    # duplicate uploads).
    image._set_image_file_metadata()
    image.save()
    return image, True


def logo(spec):
    return get_or_create_image(
        f"{spec.name} logo", f"{spec.key}-logo.png", lambda: draw_logo(spec.colour)
    )


def partners_illustration():
    image, _created = get_or_create_image(
        PARTNERS_TITLE, "three-safeguarding-partners.png", draw_partners
    )
    return image
