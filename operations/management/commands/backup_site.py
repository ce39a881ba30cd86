import stat
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from operations.backups import create_backup


class Command(BaseCommand):
    help = (
        "Back up the database and uploaded media into one .tar.gz readable by its owner only "
        "(see operations/backups.py). It holds password hashes, second-factor secrets and "
        "personal data: keep it encrypted, with few people able to read it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="The archive to write. Default: backups/site-YYYYMMDD-HHMMSS.tar.gz",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        if options["output"]:
            output = Path(options["output"])
        else:
            folder = Path(settings.BASE_DIR) / "backups"
            folder.mkdir(mode=0o700, exist_ok=True)
            folder.chmod(0o700)  # older archives in it become private too
            output = folder / f"site-{datetime.now().strftime('%Y%m%d-%H%M%S')}.tar.gz"
        manifest = create_backup(output, using=options["database"])
        if stat.S_IMODE(output.parent.stat().st_mode) & 0o077:
            self.stderr.write(
                f"Note: others can open {output.parent}; keep backups in a folder only you "
                "can read (chmod 700)."
            )
        self.stdout.write(
            f"Backed up the database and {manifest['media_files']} media files to {output} "
            "(readable by you only)."
        )
