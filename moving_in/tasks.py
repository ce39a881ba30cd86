"""Background work for moving in (Django's tasks framework; `manage.py db_worker` runs it)."""

from django.tasks import task

from .importer import Importer
from .models import ImportRun


@task
def run_import(run_id):
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None or not run.is_running:
        return None
    Importer(run).execute()
    return run.pk
