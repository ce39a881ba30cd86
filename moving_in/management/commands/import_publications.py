"""manage.py import_publications <folder or zip> --partnership SSCP [--manifest file.csv]"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from moving_in.importer import CannotImport, Importer, partnership_by_name, start
from moving_in.models import ImportedFile
from moving_in.tasks import run_import


class Command(BaseCommand):
    help = (
        "Import a folder or zip of PDFs as draft publication pages of one partnership, "
        "with an accessibility check of each. Nothing is published."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="A folder of PDFs (searched recursively) or a zip.")
        parser.add_argument(
            "--partnership", required=True, help="Its short name (e.g. SSCP) or host name."
        )
        parser.add_argument("--manifest", help="A CSV: a 'file' column, then any page field.")
        parser.add_argument("--report", help="Write the report (one row per file) to this CSV.")
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue the import for the worker (manage.py db_worker) and return at once.",
        )

    def handle(self, source, partnership, manifest=None, report=None, background=False, **options):
        path = Path(source)
        if not path.exists():
            raise CommandError(f"{source} does not exist.")
        manifest_text = ""
        if manifest:
            try:
                manifest_text = Path(manifest).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"The manifest could not be read: {error}") from error
        try:
            target = partnership_by_name(partnership)
        except CannotImport as error:
            raise CommandError(str(error)) from error
        run = start(target, path=path.resolve(), manifest_text=manifest_text)
        if background:
            transaction.on_commit(lambda: run_import.enqueue(run.pk))
            self.stdout.write(f"Queued import {run.pk}: follow it in the admin, Moving in.")
            return
        show = options.get("verbosity", 1) > 0
        run = Importer(run, progress=self.progress if show else None).execute()
        if show:
            sys.stderr.write("\n")
        if run.error:
            raise CommandError(run.error)
        counts = run.counts()
        Outcome = ImportedFile.Outcome
        self.stdout.write(
            f"{run.total} files: {counts[Outcome.CREATED]} created, "
            f"{counts[Outcome.NEEDS_ATTENTION]} created but need attention, "
            f"{counts[Outcome.SKIPPED]} skipped, {counts[Outcome.REFUSED]} not imported. "
            "Every page is a draft."
        )
        if report:
            Path(report).write_text(run.report_csv(), encoding="utf-8")
            self.stdout.write(f"Report written to {report}.")

    def progress(self, done, total):
        width = 30
        filled = int(width * done / total) if total else width
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()
