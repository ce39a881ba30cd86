"""manage.py check_documents [--all]: run the PDF accessibility check on documents
uploaded before it existed (or on every PDF, with --all)."""

from django.core.management.base import BaseCommand

from publications.models import PublicationDocument


class Command(BaseCommand):
    help = (
        "Check PDFs for accessibility problems (tags, title, language, text, bookmarks, scripts)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Check every PDF again.")

    def handle(self, all=False, **options):
        documents = PublicationDocument.objects.filter(file__iendswith=".pdf")
        if not all:
            documents = documents.filter(accessibility_status="not_checked")
        checked = failing = 0
        for document in documents.iterator():
            if all:
                document.accessibility_checked_hash = ""
            document.save()  # the model checks a file it has not checked
            checked += 1
            failing += document.accessibility_status != "passes"
        self.stdout.write(f"{checked} PDFs checked: {failing} with problems.")
