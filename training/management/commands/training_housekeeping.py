"""Enqueue training's housekeeping (training/tasks.py). Run it hourly: every
step is safe to repeat (a reminder is claimed before it is sent)."""

from django.core.management.base import BaseCommand

from training.tasks import housekeeping


class Command(BaseCommand):
    help = "Enqueue training reminders, lapsed offers, unconfirmed places and retention."

    def handle(self, *args, **options):
        result = housekeeping.enqueue()
        if options["verbosity"]:
            self.stdout.write(f"Enqueued training housekeeping ({result.id}).")
