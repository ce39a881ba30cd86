"""Factories for publications (tests only)."""

from datetime import date

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory
from wagtail.models import Collection

from demo.pdf import render_pdf
from governance.models import Body
from publications.models import (
    AnnualReportPage,
    AudienceVersionPage,
    FrameworkPage,
    LearningFromReviewsPage,
    PlanPage,
    PublicationDocument,
    PublicationIndexPage,
    ReviewFindingsPage,
    Topic,
)
from tests.factories.pdfs import accessible_pdf


def make_pdf_bytes(pages=3, title="Test report"):
    """A real, small PDF with ``pages`` pages, made with fpdf2."""
    return render_pdf(title, [(f"{title}: page {number}", []) for number in range(1, pages + 1)])


class TopicFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")

    class Meta:
        model = Topic
        django_get_or_create = ["slug"]


class BodyFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Testshire Board {n}")
    short_name = "TB"
    slug = factory.Sequence(lambda n: f"board-{n}")
    kind = Body.Kind.PARTNERSHIP

    class Meta:
        model = Body


class PublicationDocumentFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Document {n}")
    collection = factory.LazyFunction(Collection.get_first_root_node)
    # The PDF check sets fully_accessible from the file: an accessible
    # document gets a tagged PDF, any other fpdf2's untagged one.
    fully_accessible = False
    file = factory.LazyAttribute(
        lambda o: ContentFile(
            accessible_pdf(o.pages, o.title, text=o.pdf_text or None)
            if o.fully_accessible
            else render_pdf(o.title, [(o.title, [o.pdf_text])])
            if o.pdf_text
            else make_pdf_bytes(o.pages),
            name=f"{o.title.lower().replace(' ', '-')}.pdf",
        )
    )

    class Meta:
        model = PublicationDocument

    class Params:
        pages = 3
        # Words to print inside the PDF, e.g. to find it by them in search.
        pdf_text = ""


class PublicationIndexPageFactory(wagtail_factories.PageFactory):
    title = "Publications"
    slug = "publications"
    summary = "Reports, plans and what we learned from reviews."

    class Meta:
        model = PublicationIndexPage


class LearningFromReviewsPageFactory(wagtail_factories.PageFactory):
    title = "Learning from reviews"
    slug = "learning-from-reviews"
    summary = "What reviews found and what changed."

    class Meta:
        model = LearningFromReviewsPage


class PublicationPageFactoryBase(wagtail_factories.PageFactory):
    summary = "A plain-English summary of the publication."
    publication_date = date(2023, 12, 12)

    class Meta:
        abstract = True


class AnnualReportPageFactory(PublicationPageFactoryBase):
    title = factory.Sequence(lambda n: f"Annual report {n}")
    reporting_year = 2022
    period_start = date(2022, 4, 1)
    period_end = date(2023, 3, 31)

    class Meta:
        model = AnnualReportPage


class PlanPageFactory(PublicationPageFactoryBase):
    title = factory.Sequence(lambda n: f"Strategic plan {n}")
    mission = "Working together to keep children safe."

    class Meta:
        model = PlanPage


class ReviewFindingsPageFactory(PublicationPageFactoryBase):
    title = factory.Sequence(lambda n: f"Review {n}")
    review_type = ReviewFindingsPage.ReviewType.PEER_REVIEW
    carried_out_by = "A team of peers"

    class Meta:
        model = ReviewFindingsPage


class FrameworkPageFactory(PublicationPageFactoryBase):
    title = factory.Sequence(lambda n: f"Framework {n}")
    purpose = "Who does what between the boards."

    class Meta:
        model = FrameworkPage


class AudienceVersionPageFactory(PublicationPageFactoryBase):
    title = factory.Sequence(lambda n: f"Young person's version {n}")
    audience = "young_people"

    class Meta:
        model = AudienceVersionPage
