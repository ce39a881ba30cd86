"""An import of a partnership's existing PDFs, and what happened to each file."""

import csv
import io

from django.conf import settings
from django.db import models


class ImportRun(models.Model):
    """One folder or zip of PDFs brought into one partnership, as draft pages."""

    partnership_lookup = "partnership"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Finished"
        FAILED = "failed", "Stopped with an error"

    partnership = models.ForeignKey(
        "site_core.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_name = models.CharField(max_length=255, help_text="The folder or zip, as given.")
    # A folder or zip on the server (the command), or an uploaded zip (the admin).
    source_path = models.CharField(max_length=1000, blank=True)
    archive = models.FileField(upload_to="imports/", blank=True)
    manifest = models.TextField(blank=True, help_text="The manifest CSV, if one was given.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "publications import"

    def __str__(self):
        return f"{self.source_name} into {self.partnership}"

    @property
    def percent(self):
        if not self.total:
            return 100 if self.status == self.Status.DONE else 0
        return round(100 * self.processed / self.total)

    @property
    def is_running(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    def counts(self):
        found = dict(self.files.values_list("outcome").annotate(n=models.Count("id")).order_by())
        return {outcome: found.get(outcome, 0) for outcome in ImportedFile.Outcome.values}

    def report_csv(self):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(
            ["file", "outcome", "page type", "title", "page id", "document id", "accessibility",
             "notes"]
        )  # fmt: skip
        for item in self.files.order_by("pk"):
            writer.writerow(
                [
                    item.file_name,
                    item.get_outcome_display(),
                    item.page_type,
                    item.title,
                    item.page_id or "",
                    item.document_id or "",
                    item.accessibility,
                    " ".join(item.notes),
                ]
            )
        return buffer.getvalue()


class ImportedFile(models.Model):
    """One file of an import: the draft page made from it, or why not."""

    # The draft page and document it made are the partnership's (site_core.boundary).
    partnership_lookup = "run__partnership"

    class Outcome(models.TextChoices):
        CREATED = "created", "Created"
        NEEDS_ATTENTION = "attention", "Created: needs attention"
        SKIPPED = "skipped", "Skipped"
        REFUSED = "refused", "Not imported"

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="files")
    file_name = models.CharField(max_length=500)
    content_hash = models.CharField(max_length=40, blank=True, db_index=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    page_type = models.CharField(max_length=60, blank=True)
    title = models.CharField(max_length=255, blank=True)
    accessibility = models.CharField(max_length=20, blank=True)
    notes = models.JSONField(default=list, blank=True, help_text="What a person should check.")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.file_name
