"""Which values another app labels as illustrative (the demo's invented figures).

Evidence defines none; the demo registers a ``record_labels`` hook
(site_core/labels.py) that answers for any model, and production installs no
demo, so nothing is labelled there."""

from site_core.labels import record_labels

from .models.records import IndicatorValue


def illustrative_ids(series_list):
    """{value pk: label} for the values shown that an installed app labels."""
    labels = record_labels(IndicatorValue)
    if not labels:
        return {}
    shown = {v.pk for s in series_list for v in s.values}
    return {pk: label for pk, label in labels.items() if pk in shown}
