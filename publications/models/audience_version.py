"""Short versions of a publication for other readers: young people, easy read."""

from .base import PublicationPage


class AudienceVersionPage(PublicationPage):
    """A young person's or easy read retelling of a full publication."""

    type_key = "version"

    @property
    def type_label(self):
        return self.get_audience_display()

    template = "publications/audience_version_page.html"

    class Meta:
        verbose_name = "young person's or easy read version"

    content_panels = [*PublicationPage.content_panels, *PublicationPage.common_panels]
