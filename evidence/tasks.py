"""Background work for the spreadsheet import (Django's tasks framework; `manage.py
db_worker` runs it, the tests run it at once).

Each task works on one ``ValuesImport`` and leaves it finished: checked (ready
to confirm, or failed with its problems by row and column), or saved (every
row, in one transaction) or failed with nothing saved. Progress is written
to the import as rows are done, outside the saving transaction, so the
progress page can read it.
"""

import logging
from dataclasses import asdict

from django.db import DatabaseError
from django.tasks import task
from django.utils import timezone

from . import importer
from .models import ValuesImport

logger = logging.getLogger(__name__)


def _progress(job):
    def report(done, total):
        ValuesImport.objects.filter(pk=job.pk).update(
            done=done, total=total, progress_at=timezone.now()
        )

    return report


def _fail(job, problems=(), error=""):
    job.status = job.Status.FAILED
    job.problems = [asdict(p) for p in problems]
    job.error = error
    job.rows = []
    job.finished_at = timezone.now()
    job.save()


@task
def check_values_import(import_id):
    """Check a large file's rows; the editor then confirms the preview."""

    job = ValuesImport.objects.filter(pk=import_id, status=ValuesImport.Status.CHECKING).first()
    if job is None:
        return None
    rows = [(number, cells) for number, cells in job.rows]
    clean, problems = importer.check(rows, job.partnership, progress=_progress(job))
    if problems:
        _fail(job, problems)
    elif not clean:
        _fail(job, error="The file has no rows of values under its header.")
    else:
        job.status = ValuesImport.Status.READY
        job.rows, job.total, job.done = clean, len(clean), 0
        job.save()
    return job.status


@task
def save_values_import(import_id):
    """Save a confirmed import: every row or none."""

    job = ValuesImport.objects.filter(pk=import_id, status=ValuesImport.Status.QUEUED).first()
    if job is None:
        return None
    job.status, job.done = ValuesImport.Status.SAVING, 0
    job.save(update_fields=["status", "done"])
    # Checked again: an indicator may have gone since the preview.
    clean, problems = importer.check([(r["row"], r) for r in job.rows], job.partnership)
    if problems:
        _fail(job, problems)
        return job.status
    try:
        saved = importer.commit(clean, job.partnership, progress=_progress(job))
    except importer.ImportFileError as error:
        _fail(job, error=str(error))
        return job.status
    except DatabaseError:
        logger.exception("Saving indicator values import %s failed", job.pk)
        _fail(job, error="The database refused the values. Try the import again.")
        return job.status
    job.status, job.saved, job.done = ValuesImport.Status.DONE, saved, saved
    job.rows, job.finished_at = [], timezone.now()
    job.save()
    return job.status
