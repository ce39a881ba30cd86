"""What every publication has: summary, dates, publishers, period, topics,
audience versions, documents, change history and status."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.text import slugify
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.documents import get_document_model_string
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from site_core.blocks import BodyBlock, contents_from_body
from site_core.models import BasePage, ContentsMixin
from site_core.visibility import public_pages

from ..forms import PublicationPageForm


def section(text, anchor):
    return {"text": text, "anchor": anchor}


class Topic(index.Indexed, models.Model):
    """An entry in the editable list of topics (neglect, domestic abuse, ...)."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Used in filter addresses, e.g. ?topic=neglect."
    )
    description = models.CharField(
        max_length=250, blank=True, help_text="One plain-English sentence, shown in filters."
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not self.slug and self.name:
            self.slug = slugify(self.name)[:80]


def feed_links(model=None):
    """(title, RSS URL, Atom URL) for the feeds a page advertises: all
    publications, and the feed of ``model``'s type when it has one."""
    links = [
        ("All publications", reverse("publications:feed_rss"), reverse("publications:feed_atom"))
    ]
    if model is not None and getattr(model, "type_key", ""):
        links.append(
            (
                str(model._meta.verbose_name_plural).capitalize(),
                reverse("publications:feed_rss_type", args=[model.type_key]),
                reverse("publications:feed_atom_type", args=[model.type_key]),
            )
        )
    return links


class PublicationPage(ContentsMixin, BasePage):
    """The fields every kind of publication shares.

    Concrete (not abstract) so the index, feeds and API can list every kind
    together; editors never create one directly.
    """

    class Status(models.TextChoices):
        CURRENT = "current", "Current"
        SUPERSEDED = "superseded", "Superseded"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class DatePrecision(models.TextChoices):
        DAY = "day", "The exact day"
        BY = "by", "On or before this day"
        MONTH = "month", "The month only"
        YEAR = "year", "The year only"
        # When a source dates a paper only by what it mentions: "the next report
        # will be produced by September 2024", "the findings of the November
        # 2014 review".
        BY_MONTH = "by_month", "In or before this month"
        FROM_MONTH = "from_month", "In or after this month"

    class Audience(models.TextChoices):
        EVERYONE = "everyone", "Full version"
        YOUNG_PEOPLE = "young_people", "Young person's version"
        EASY_READ = "easy_read", "Easy read version"

    summary = models.TextField(
        max_length=600,
        help_text="Two or three plain-English sentences: what this is and why it matters. "
        "Shown under the title, in listings and in feeds.",
    )
    publication_date = models.DateField(
        help_text="The date it was first published. Later changes go in the change history."
    )
    publication_date_precision = models.CharField(
        "how exact the date is",
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="When the source gives no exact day: e.g. “on or before” for a report "
        "known only to have been presented at a meeting that day. Pages then show only "
        "what is known (“by 12 December 2023”, “2024”).",
    )
    published_by = ParentalManyToManyField(
        "governance.Body",
        blank=True,
        related_name="publications",
        help_text="The board, partnership or committee that published it.",
    )
    period_start = models.DateField(
        null=True, blank=True, help_text="First day of the period it covers, if any."
    )
    period_end = models.DateField(null=True, blank=True, help_text="Last day of that period.")
    topics = ParentalManyToManyField(
        "publications.Topic",
        blank=True,
        related_name="publications",
        help_text="Readers filter publications by these. Edit the list in the admin menu "
        "under Publications → Topics.",
    )
    audience = models.CharField(
        max_length=20,
        choices=Audience.choices,
        default=Audience.EVERYONE,
        help_text="Choose 'young person's' or 'easy read' for a shorter version of another "
        "publication, and pick that publication below.",
    )
    full_version = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audience_versions",
        help_text="For a young person's or easy read version: the full publication it "
        "retells. The full publication links back to it automatically.",
    )
    status = models.CharField(
        max_length=12,
        choices=Status.choices,
        default=Status.CURRENT,
        help_text="Superseded or withdrawn publications say so at the top of the page.",
    )
    replaced_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        help_text="For a superseded or withdrawn publication: the current one to read instead.",
    )
    status_note = models.CharField(
        max_length=250,
        blank=True,
        help_text="Why it was superseded or withdrawn, in one sentence.",
    )
    status_changed_on = models.DateField(
        "no longer current since",
        null=True,
        blank=True,
        help_text="The day it was superseded or withdrawn, if known. Shown in the notice at "
        "the top of the page.",
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        help_text="The publication in HTML. Section headings build the 'On this page' list.",
    )

    content_panels = [
        TitleFieldPanel("title"),
        FieldPanel("summary"),
        # Two rows of two: four fields in one row put "Period end" off-screen
        # on a 1280 px screen.
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("publication_date"), FieldPanel("publication_date_precision")]
                ),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
            ],
            heading="Dates",
        ),
        FieldPanel("published_by", widget=forms.CheckboxSelectMultiple),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
    ]
    common_panels = [
        FieldPanel("body"),
        InlinePanel("documents", label="Attached document", heading="Documents"),
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("full_version")], heading="Audience version"
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("status_changed_on")]),
                FieldPanel("replaced_by"),
                FieldPanel("status_note"),
            ],
            heading="Status",
        ),
        InlinePanel("change_notes", label="Change note", heading="Change history"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("publication_date"),
        index.FilterField("status"),
        index.FilterField("audience"),
    ]

    api_fields = [
        APIField("summary"),
        APIField("publication_date"),
        APIField("period_start"),
        APIField("period_end"),
        APIField("status"),
        APIField("audience"),
        APIField("body"),
    ]

    base_form_class = PublicationPageForm

    is_creatable = False
    parent_page_types = ["publications.PublicationIndexPage"]
    subpage_types = []

    # Keys used in addresses (?type=annual-report) and feed URLs.
    type_key = ""
    # The child records a page type shows: fetched in one query each before
    # rendering, so the template's checks and loops reuse them.
    prefetch_on_render = ()
    schema_type = "CreativeWork"

    class Meta:
        verbose_name = "publication"
        # Listings, feeds and the home page ask for the newest first: with the
        # index the database reads the newest few, not every publication.
        indexes = [models.Index(fields=["publication_date"], name="publication_date_idx")]

    def clean(self):
        super().clean()
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = "The period must end after it starts. Check the two dates."
        if self.audience != self.Audience.EVERYONE and not self.full_version_id:
            errors["full_version"] = (
                "A young person's or easy read version must point to the full publication "
                "it retells. Choose it here, or set the audience to 'Full version'."
            )
        if self.audience == self.Audience.EVERYONE and self.full_version_id:
            errors["audience"] = (
                "You chose a full publication this retells, so choose which audience "
                "this version is for."
            )
        if self.pk and self.full_version_id == self.pk:
            errors["full_version"] = "A publication cannot be a version of itself."
        if self.status != self.Status.CURRENT and not (self.replaced_by_id or self.status_note):
            errors["status_note"] = (
                "Say why it is no longer current, or choose the publication that replaced it, "
                "so readers know where to go."
            )
        if self.pk and self.replaced_by_id == self.pk:
            errors["replaced_by"] = "A publication cannot replace itself."
        if self.status == self.Status.CURRENT and self.status_changed_on:
            errors["status_changed_on"] = (
                "A current publication has no date it stopped being current: clear this "
                "date, or change the status."
            )
        if errors:
            raise ValidationError(errors)

    # --- what templates and feeds use ------------------------------------

    @property
    def is_current(self):
        return self.status == self.Status.CURRENT

    def review_overdue(self, today=None):
        """The review date it has passed while still current, or None.

        Only kinds with a review date (frameworks) can be overdue."""
        due = getattr(self, "review_due", None)
        today = today or timezone.localdate()
        if self.is_current and due is not None and due < today:
            return due
        return None

    def period_lapsed(self, today=None):
        """For a plan still marked current: the day its period ended, if past."""
        return None

    @property
    def notice(self):
        """What the top-of-page notice says: superseded, withdrawn, past its
        review date, or a plan whose period is over. None when all is well."""
        if not self.is_current:
            return {"kind": self.status}
        overdue = self.review_overdue()
        if overdue:
            return {"kind": "review_overdue", "date": overdue}
        lapsed = self.period_lapsed()
        if lapsed:
            return {"kind": "period_lapsed", "date": lapsed}
        return None

    @property
    def type_label(self):
        return self.specific_class._meta.verbose_name.capitalize()

    @property
    def listed_type(self):
        """What a list calls this publication: review findings by their kind of
        review, anything else by its type. Answers on a plain PublicationPage
        too (its type comes from its content type, a review's kind from the
        ``listed_review_type`` annotation), so a page of mixed results is one
        query rather than one per type (PublicationIndexPage.prepare_results)."""
        review_type = getattr(self, "review_type", None) or getattr(
            self, "listed_review_type", None
        )
        if review_type:
            return self.specific_class.ReviewType(review_type).label
        if self.is_audience_version:
            return self.get_audience_display()
        return self.type_label

    @property
    def is_audience_version(self):
        """A shorter version of another publication (its audience is its type)."""
        return self.specific_class.type_key == "version"

    @cached_property
    def change_history(self):
        if self._rows_fetched:
            notes = sorted(self.change_notes.all(), key=lambda n: n.pk, reverse=True)
            return sorted(notes, key=lambda n: n.date, reverse=True)
        return list(self.change_notes.order_by("-date", "-pk"))

    @property
    def last_updated(self):
        history = self.change_history
        if history and history[0].date > self.publication_date:
            return history[0].date
        return None

    @property
    def publication_date_label(self):
        """The publication date as exactly as it is known, e.g. "by 12 December 2023"."""
        day = self.publication_date
        precision = self.publication_date_precision
        if precision == self.DatePrecision.YEAR:
            return f"{day:%Y}"
        if precision == self.DatePrecision.MONTH:
            return f"{day:%B %Y}"
        if precision == self.DatePrecision.BY:
            return f"by {day:%-d %B %Y}"
        if precision == self.DatePrecision.BY_MONTH:
            return f"by {day:%B %Y}"
        if precision == self.DatePrecision.FROM_MONTH:
            return f"{day:%B %Y} or later"
        return f"{day:%-d %B %Y}"

    @property
    def publication_date_iso(self):
        """For <time datetime>: only as much of the date as is known."""
        day = self.publication_date
        precision = self.publication_date_precision
        if precision == self.DatePrecision.YEAR:
            return f"{day:%Y}"
        if precision in (
            self.DatePrecision.MONTH,
            self.DatePrecision.BY_MONTH,
            self.DatePrecision.FROM_MONTH,
        ):
            return f"{day:%Y-%m}"
        return day.isoformat()

    @property
    def period_label(self):
        if self.period_start and self.period_end:
            return f"{self.period_start:%-d %B %Y} to {self.period_end:%-d %B %Y}"
        if self.period_start:
            return f"From {self.period_start:%-d %B %Y}"
        return ""

    @cached_property
    def live_audience_versions(self):
        if self.pk is None:
            return []
        # The restrictions are read only when there are versions to check.
        return public_pages(self.audience_versions.live().order_by("audience"))

    @cached_property
    def attached_documents(self):
        if self._rows_fetched:
            return list(self.documents.all())
        return list(self.documents.select_related("document").all())

    def section_contents(self):
        """'On this page' entries for the structured sections this page shows."""
        return []

    @property
    def contents(self):
        return [*self.section_contents(), *contents_from_body(self.body)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["feed_links"] = feed_links(type(self))
        # Read only when the page's content is rendered, not when it is kept.
        context["publishers"] = SimpleLazyObject(
            lambda: list(self.with_rows(request).published_by.all())
        )
        context["topic_list"] = SimpleLazyObject(lambda: list(self.with_rows(request).topics.all()))
        return context

    def with_rows(self, request):
        """The page with the child records its content shows fetched in one
        query each, once. Not for a preview, which shows the editor's unsaved
        records."""
        if self.pk and not getattr(request, "is_preview", False) and not self._rows_fetched:
            self._rows_fetched = True
            prefetch_related_objects(
                [self],
                "published_by",
                "topics",
                "change_notes",
                "documents__document",
                *self.prefetch_on_render,
            )
        return self

    _rows_fetched = False


class PublicationDocumentLink(Orderable):
    """A document attached to a publication: the full report, an appendix, ..."""

    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        get_document_model_string(), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(
        max_length=200, blank=True, help_text="Leave blank to use the document's own title."
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    @property
    def link_text(self):
        return self.title or self.document.title


class ChangeNote(Orderable):
    """A dated line in a publication's change history."""

    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="change_notes")
    date = models.DateField(default=date.today)
    note = models.CharField(
        max_length=250, help_text="What changed, e.g. 'Corrected the training figures'."
    )

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("note")])]

    class Meta(Orderable.Meta):
        ordering = ["-date", "sort_order"]
