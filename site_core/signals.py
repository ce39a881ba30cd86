"""Signals the kernel offers every app."""

from django.dispatch import Signal

# Content readers can see changed without a model's own save or delete (a
# bulk update, an import, a restore): sent with ``partnership_id``, or None
# when it may show on every partnership's site.
public_content_changed = Signal()
