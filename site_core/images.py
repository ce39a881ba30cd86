"""Image renditions: the formats and sizes public pages use, in one place, and
making them ahead of time so that no reader waits while one is made.

Templates never name filter specs themselves: ``{% body_picture %}`` and
``{% logo_picture %}`` (``site_core/templatetags/site_images.py``) take them
from here, so ``manage.py make_renditions`` makes exactly what pages ask for.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django_tasks import task
from wagtail.images import get_image_model
from wagtail.images.models import Filter

logger = logging.getLogger(__name__)

# Images in page bodies (components/image_block.html). Best format first: the
# browser takes the first it supports; the last is the <img> every browser
# can show. Widths match the text column (800 px at most) and half of it.
BODY_IMAGE_FORMATS = ("avif", "webp", "jpeg")
BODY_IMAGE_WIDTHS = (400, 800)

# The partnership's logo in the header (includes/header.html): 60 px high,
# and twice that for high-density screens. PNG keeps a logo's flat colours
# and sharp edges where WebP is not supported.
LOGO_FORMATS = ("webp", "png")
LOGO_HEIGHT = 60
LOGO_HEIGHTS = (LOGO_HEIGHT, LOGO_HEIGHT * 2)


def _specs(formats, operation, sizes):
    return [f"format-{fmt}|{operation}-{size}" for fmt in formats for size in sizes]


BODY_IMAGE_SPECS = _specs(BODY_IMAGE_FORMATS, "width", BODY_IMAGE_WIDTHS)
LOGO_SPECS = _specs(LOGO_FORMATS, "height", LOGO_HEIGHTS)
# Every rendition a public page can ask for. Any image may be chosen for a
# page body or as a logo, so every image gets all of them (a logo's are tiny).
RENDITION_SPECS = (*BODY_IMAGE_SPECS, *LOGO_SPECS)


def missing_filters(image, specs=RENDITION_SPECS):
    """The filters among ``specs`` that ``image`` has no rendition for yet.

    Asks the database, not Wagtail's rendition cache, which can outlive the
    rows it describes (a restored backup, a test's rolled-back transaction).
    """
    filters = [Filter(spec=spec) for spec in specs]
    have = set(
        image.renditions.filter(filter_spec__in=specs).values_list("filter_spec", "focal_point_key")
    )
    return [f for f in filters if (f.spec, f.get_cache_key(image)) not in have]


def make_renditions(images=None):
    """Make every rendition in ``RENDITION_SPECS`` that ``images`` (every
    image by default) lack; return how many were made.

    Only what is missing is made, so running it again makes nothing. An image
    whose file is missing or unreadable is logged and skipped: pages then show
    it as Wagtail does, a broken image, and the others still get theirs.
    """
    if images is None:
        images = get_image_model().objects.order_by("pk")
    made = 0
    for image in images:
        try:
            missing = missing_filters(image)
            if missing:
                image.create_renditions(*missing)
        except Exception:
            logger.exception("No renditions for image %s (%s)", image.pk, image.file.name)
            continue
        made += len(missing)
    return made


@task()
def make_renditions_task(image_pk):
    make_renditions(get_image_model().objects.filter(pk=image_pk))


def _make_renditions_after_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """Make a saved image's renditions as soon as the save is committed.

    Why: a rendition is otherwise made while the first reader of a page that
    shows the image waits (AVIF is slow to encode: about a second for a large
    photo, six renditions per image). Made here, the editor who uploaded it
    pays once instead, and with a task worker configured nobody waits at all
    (Django's immediate task backend, the default, runs it in the request).

    Cheap on every other save: one query finds nothing missing. Waiting for
    the commit matters: when an editor replaces an image's file, Wagtail
    deletes the old renditions after saving the image, in the same
    transaction, so the new ones are made from the new file.
    """
    if raw:  # loaddata, e.g. restoring a backup
        return
    if update_fields is not None and "file" not in update_fields:
        return  # e.g. Wagtail storing a file hash or focal point
    image_pk = instance.pk
    transaction.on_commit(lambda: make_renditions_task.enqueue(image_pk))


def connect_signals():
    post_save.connect(
        _make_renditions_after_save,
        sender=get_image_model(),
        dispatch_uid="make-renditions-after-image-save",
    )
