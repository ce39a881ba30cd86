"""Short public labels another installed app may put beside a record.

The site defines none. An app registers a Wagtail hook named
``record_labels``: a function given a model that returns ``{pk: label}`` for
the records of that model it labels. Production installs no such app, so no
page and no export carries a label; under the development and test settings
the demo app labels what it invented (the people, the figures, the
"Worried about a child?" numbers).
"""

from wagtail import hooks

HOOK = "record_labels"


def record_labels(model):
    """``{pk: label}`` from every registered provider (empty in production)."""
    labels = {}
    for provider in hooks.get_hooks(HOOK):
        labels.update(provider(model))
    return labels
