"""A door into the site for each kind of reader, and the pages behind it."""

from django.db import models
from django.utils.html import strip_tags
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from publications.models import PublicationPage
from site_core.blocks import BodyBlock
from site_core.models import BasePage, ContentsMixin
from site_core.reading_age_panel import ReadingAgePanel


class Audience(models.TextChoices):
    WORRIED = "worried", "I'm worried about a child"
    PROFESSIONAL = "professional", "I work with children"
    YOUNG_PERSON = "young_person", "I'm a young person"


class DoorPage(ContentsMixin, BasePage):
    """A section for one kind of reader, filled with the partnership's own content.

    The home page offers the doors directly under it; pages under a door are
    doors too, for the same reader, with the same help strip. The young
    person's pages are written in plain words: the editor sees their reading
    age (site_core.readability).
    """

    audience = models.CharField(
        max_length=20,
        choices=Audience.choices,
        help_text="Who this section is for. It sets the help strip at the top of the page "
        "and, for young people, shows Childline and young people's versions of reports.",
    )
    summary = models.TextField(
        max_length=300, help_text="Shown under the title and on the home page's door."
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("audience"),
        ReadingAgePanel(
            "plain_words_text", applies_method="is_for_young_people", heading="Reading age"
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("audience"),
    ]
    parent_page_types = ["site_core.HomePage", "doors.DoorPage"]
    subpage_types = ["doors.DoorPage"]

    class Meta:
        verbose_name = "door page"

    def is_for_young_people(self):
        return self.audience == Audience.YOUNG_PERSON

    def plain_words_text(self):
        """The words a reader of the page reads: its summary and body."""
        body = strip_tags(self.body.render_as_block()) if self.body else ""
        return f"{self.summary}\n\n{body}"

    def young_peoples_versions(self):
        """The partnership's live, public young people's versions of reports."""
        site = self.get_site()
        if site is None:
            return []
        return list(
            (
                PublicationPage.objects.live()
                .in_site(site)
                .filter(audience=PublicationPage.Audience.YOUNG_PEOPLE)
                .order_by("-first_published_at")
            ).public()[:6]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.is_for_young_people():
            context["young_versions"] = self.young_peoples_versions()
        context["children_doors"] = list(self.get_children().live().specific().public())
        return context
