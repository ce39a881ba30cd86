from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from demo import consultations as consultations_demo
from demo import doors as doors_demo
from demo import evidence as evidence_demo
from demo import governance as governance_demo
from demo import publications as publications_demo
from demo import search as search_demo
from demo import sites as site_demo
from demo import thresholds as thresholds_demo
from demo import training as training_demo


class Command(BaseCommand):
    help = (
        "Build the demo partnerships' sites from the seed documents. Safe to run again: "
        "it updates what is there and adds nothing twice."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            built = site_demo.load()
            governance_demo.load(built)
            publications_demo.load(built)
            # Governance records link to publication pages (the framework that
            # governs a relationship, the report a meeting received); those
            # pages exist only now. The loader is idempotent, so a second pass
            # adds just the links.
            governance_demo.load(built)
            evidence_demo.load(built)
            doors_demo.load(built)
            thresholds_demo.load(built)
            training_demo.load(built)
            consultations_demo.load(built)
            site_demo.finish_navigation(built)
            search_demo.load(built)
        call_command("update_index", verbosity=0)
        call_command("rebuild_references_index", verbosity=0)
        # Which documents are public follows the pages and meetings now using them.
        call_command("refresh_document_publicity", verbosity=0)
        # Every image's renditions, so no reader of the demo waits for one.
        call_command("make_renditions", verbosity=0)
        for demo in built.values():
            self.stdout.write(f"  {demo.spec.name}: {demo.site.root_url}/")
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
