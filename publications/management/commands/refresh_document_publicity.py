from django.core.management.base import BaseCommand

from publications.publicity import refresh_all


class Command(BaseCommand):
    help = (
        "Decide again which documents are public from the pages and meetings using them "
        "(publications.publicity). Run after loading content or upgrading; safe to repeat."
    )

    def handle(self, *args, **options):
        changed = refresh_all()
        if options["verbosity"]:
            self.stdout.write(f"{len(changed)} document(s) changed sides.")
