from django.core.management.base import BaseCommand

from site_core.images import RENDITION_SPECS, make_renditions


class Command(BaseCommand):
    help = (
        "Make every image's renditions that public pages use (site_core/images.py), so no "
        "reader waits while one is made. Makes only what is missing: safe to run again."
    )

    def handle(self, *args, **options):
        made = make_renditions()
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Made {made} rendition{'s' if made != 1 else ''} "
                f"({len(RENDITION_SPECS)} for each image, made once)."
            )
