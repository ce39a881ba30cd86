"""Enqueue today's reminders: terms ending (to governance officers) and
meetings (to board members), one task per partnership and kind.

Run it daily (cron, a systemd timer, or ``make run``'s loop). Running it
more than once a day, or again after a missed day, sends nothing twice:
every reminder sent is recorded (governance/reminders.py).
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from governance import reminders


class Command(BaseCommand):
    help = "Enqueue today's term and meeting reminders for every partnership."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Act as if today were this day (YYYY-MM-DD), e.g. to catch up by hand.",
        )

    def handle(self, *args, **options):
        on = None
        if options["date"]:
            try:
                on = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must look like 2026-11-27.") from None
        results = reminders.enqueue_all(on)
        if options["verbosity"]:
            self.stdout.write(f"Enqueued {len(results)} reminder tasks.")
