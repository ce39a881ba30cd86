from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Illustrative(models.Model):
    """A record the demo loader invented (a lay member the seeds do not name,
    say), with why. The demo site labels it; production has no such table."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    note = models.TextField(
        help_text="Why the record is illustrative: for people trying the demo, shown in the "
        "admin only."
    )

    class Meta:
        verbose_name = "illustrative record"
        ordering = ["content_type", "object_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="demo_illustrative_once"
            )
        ]

    def __str__(self):
        return f"{self.content_type.name} {self.object_id}: {self.note}"

    @property
    def kind(self):
        return self.content_type.name

    @property
    def record_name(self):
        return str(self.record) if self.record is not None else f"(deleted {self.object_id})"
