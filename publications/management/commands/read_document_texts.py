"""Queue the reading of every document's words, for site search.

For documents uploaded before their text was read on upload (run once after
deploying that), or with ``--all`` after a change to how text is read.
"""

from django.core.management.base import BaseCommand
from wagtail.documents import get_document_model

from publications.document_text import read_document_text


class Command(BaseCommand):
    help = "Queue a task to read each document's text for site search."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Read every document again, e.g. after a change to how text is read.",
        )

    def handle(self, *args, **options):
        documents = get_document_model().objects.all()
        if not options["all"]:
            documents = documents.filter(text_hash="")
        queued = 0
        for pk in documents.values_list("pk", flat=True).iterator():
            read_document_text.enqueue(pk, force=options["all"])
            queued += 1
        self.stdout.write(f"Queued {queued} document(s).")
