"""The reading age of plain-words text (site_core.readability), shown to the
editor in the page form: young people's pages, easy-read versions."""

from django.utils.html import strip_tags
from wagtail.admin.panels import Panel

from .readability import PLAIN_WORDS_READING_AGE, reading_age


class ReadingAgePanel(Panel):
    """Shows the estimated reading age of the page as last saved.

    ``text_method`` names a method of the page that returns its words (HTML
    or plain); ``applies_method`` (optional) one that says whether the page
    is written in plain words at all, e.g. only the young person's door.
    """

    def __init__(self, text_method, applies_method=None, **kwargs):
        self.text_method = text_method
        self.applies_method = applies_method
        super().__init__(**kwargs)

    def clone_kwargs(self):
        return {
            **super().clone_kwargs(),
            "text_method": self.text_method,
            "applies_method": self.applies_method,
        }

    class BoundPanel(Panel.BoundPanel):
        template_name = "site_core/admin/reading_age_panel.html"

        def is_shown(self):
            applies = self.panel.applies_method
            return self.instance is not None and (
                applies is None or getattr(self.instance, applies)()
            )

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            text = strip_tags(getattr(self.instance, self.panel.text_method)() or "")
            age = reading_age(text)
            context.update(
                {
                    "age": age,
                    "limit": PLAIN_WORDS_READING_AGE,
                    "too_hard": age is not None and age > PLAIN_WORDS_READING_AGE,
                    "saved": bool(self.instance.pk),
                }
            )
            return context
