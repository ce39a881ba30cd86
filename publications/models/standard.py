"""A publication of no particular kind: guidance, a leaflet, a newsletter, a
policy. Also where the importer puts a PDF whose kind it cannot tell, for a
person to check."""

from .base import PublicationPage


class StandardPublicationPage(PublicationPage):
    type_key = "other"
    template = "publications/standard_publication_page.html"

    content_panels = [*PublicationPage.content_panels, *PublicationPage.common_panels]

    class Meta:
        verbose_name = "standard publication"
