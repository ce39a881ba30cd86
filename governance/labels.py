"""Short public labels another installed app may put beside a record's name.

Governance defines none. An app registers a Wagtail hook named
``governance_record_labels``: a function given a model that returns
``{pk: label}`` for the records of that model it labels. Production installs
no such app, so no page and no export carries a label; under the development
and test settings the demo app labels the people it invented ("Demo person").
"""

from wagtail import hooks

HOOK = "governance_record_labels"


def record_labels(model):
    """``{pk: label}`` from every registered provider (empty in production)."""
    labels = {}
    for provider in hooks.get_hooks(HOOK):
        labels.update(provider(model))
    return labels
