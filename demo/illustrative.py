"""Which records the demo invented.

``mark`` records one (the loader calls it); ``public_labels`` answers the
governance pages' question "which of these records carry a label?"
(site_core/labels.py), registered in wagtail_hooks.py. A label says only what
is true of the record on the demo site ("Demo person"); the note, written for
people trying the demo, stays in the admin.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete

from evidence.models import IndicatorValue
from governance.models import Person
from site_core.models import SafeguardingContacts

from .models import Illustrative


def mark(record, note):
    """Mark ``record`` as invented for the demo, once; the note is kept up to date."""
    Illustrative.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        defaults={"note": note},
    )


# Where the model's own name would not say it: the contacts' label stands
# beside each number and address they give.
LABELS = {"site_core.safeguardingcontacts": "Demo contact"}


def public_labels(model):
    """``{pk: label}`` for every record of ``model`` the demo invented."""
    label = LABELS.get(model._meta.label_lower, f"Demo {model._meta.verbose_name}")
    ids = Illustrative.objects.filter(
        content_type=ContentType.objects.get_for_model(model)
    ).values_list("object_id", flat=True)
    return dict.fromkeys(ids, label)


def _forget(sender, instance, **kwargs):
    Illustrative.objects.filter(
        content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
    ).delete()


def connect_signals():
    """A deleted record takes its mark with it (a new record may reuse its id)."""

    # Only the kinds of record the loader marks: a receiver for every model
    # would stop Django deleting anything in bulk.
    for model in (Person, IndicatorValue, SafeguardingContacts):
        post_delete.connect(_forget, sender=model, dispatch_uid=f"demo_forget_{model._meta.label}")
