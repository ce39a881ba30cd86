from django.core.management.base import BaseCommand, CommandError

from site_core.backups import RestoreError, applied_migrations, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by backup_site into an empty, freshly migrated database "
        "(runs migrate first), with its media files."
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
        from django.core.management import call_command

        using = options["database"]
        call_command("migrate", database=using, interactive=False, verbosity=0)
        try:
            manifest = restore_backup(options["archive"], using=using, force=options["force"])
        except (RestoreError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        if manifest.get("migrations") != applied_migrations(using):
            self.stderr.write(
                "Note: this backup was made with a different set of migrations; check the "
                "site before using it."
            )
        self.stdout.write(
            f"Restored the backup of {manifest['created']} ({manifest['media_files']} media files)."
        )
