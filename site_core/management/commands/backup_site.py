from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from site_core.backups import create_backup


class Command(BaseCommand):
    help = "Back up the database and uploaded media into one .tar.gz (see site_core/backups.py)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="The archive to write. Default: backups/site-YYYYMMDD-HHMMSS.tar.gz",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        output = options["output"] or (
            Path(settings.BASE_DIR)
            / "backups"
            / f"site-{datetime.now().strftime('%Y%m%d-%H%M%S')}.tar.gz"
        )
        manifest = create_backup(output, using=options["database"])
        self.stdout.write(
            f"Backed up the database and {manifest['media_files']} media files to {output}"
        )
