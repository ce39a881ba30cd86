"""Write every partnership's contacts for the page shown when the database is down."""

from django.core.management.base import BaseCommand

from operations import outage


class Command(BaseCommand):
    help = (
        "Write each site's safeguarding numbers where the 503 page finds them without "
        "the database (operations/outage.py). Saves of the contacts do this themselves; "
        "run it in the release step so a new machine has them too."
    )

    def handle(self, *args, **options):
        written = outage.write_all()
        self.stdout.write(f"Wrote {written} outage snapshot(s) to {outage.outage_dir()}.")
