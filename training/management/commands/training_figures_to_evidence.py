"""Write a financial year's training figures into every partnership's
evidence indicators (or one partnership's), e.g. before the annual report."""

from django.core.management.base import BaseCommand, CommandError

from evidence.periods import PeriodError, parse_period
from site_core.models import Partnership
from training.figures import to_evidence


class Command(BaseCommand):
    help = "Write a year's training figures as evidence indicator values."

    def add_arguments(self, parser):
        parser.add_argument("year", help="A financial year, e.g. 2025-26.")
        parser.add_argument("--partnership", help="Its short name; every partnership if left out.")

    def handle(self, *args, **options):
        try:
            label = parse_period(options["year"]).label
        except PeriodError as error:
            raise CommandError(str(error)) from None
        partnerships = Partnership.objects.all()
        if options["partnership"]:
            partnerships = partnerships.filter(short_name=options["partnership"])
            if not partnerships.exists():
                raise CommandError(f"No partnership is called {options['partnership']}.")
        for partnership in partnerships:
            written = to_evidence(partnership, label)
            self.stdout.write(f"{partnership}: {len(written)} values for {label}.")
