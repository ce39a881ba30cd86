"""Background work for moving in (Django's tasks framework; `manage.py db_worker` runs it)."""

from django.tasks import task


@task
def run_import(run_id):
    from .importer import Importer
    from .models import ImportRun

    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None or not run.is_running:
        return None
    Importer(run).execute()
    return run.pk
