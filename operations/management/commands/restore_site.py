from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from operations.backups import RestoreError, check_compatible, open_backup, restore_verified


class Command(BaseCommand):
    help = (
        "Check an archive made by backup_site from end to end, then restore it into an empty, "
        "freshly migrated database (runs migrate first), with its media files. Needs the "
        "same Django and Wagtail feature releases and the same migrations as the site that "
        "made it. A damaged archive changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A .tar.gz made by `manage.py backup_site`.")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace everything in a database that already has content.",
        )

    def handle(self, *args, **options):
        using = options["database"]
        try:
            # Every check on the archive comes before anything is written,
            # migrate included.
            with open_backup(options["archive"]) as backup:
                check_compatible(backup.manifest)
                call_command("migrate", database=using, interactive=False, verbosity=0)
                manifest = restore_verified(backup, using=using, force=options["force"])
        except RestoreError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the backup of {manifest['created']} ({manifest['media_files']} media "
            f"files, {sum(manifest['rows'].values())} rows), checked against its manifest."
        )
