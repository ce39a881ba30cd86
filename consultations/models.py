"""Consultations and surveys: a page that asks questions between two dates,
keeps the answers without knowing who gave them, and, once it has closed,
says what was heard and what changed ("you said, we did").

Why the partnership's own question blocks and not ``wagtail.contrib.forms``:
a consultation has up to three versions (practitioners, parents and carers,
children and young people), each with its own questions in its own words; it
needs a scale question, which the form builder lacks; its answers must be
countable per question (for results with small numbers suppressed), one
free-text answer at a time must be cleared for quoting, and its export is for
Approvers and Administrators only, whereas Wagtail's form submissions are one
JSON blob per submission that anyone who may edit the page can export.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    ObjectList,
    Panel,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from site_core.blocks import RICH_TEXT_FEATURES
from site_core.boundary import crossings
from site_core.models import BasePage
from site_core.readability import PLAIN_WORDS_READING_AGE, reading_age

from .blocks import QuestionsBlock, question_text
from .forms import answer_form, started_token


class Audience(models.TextChoices):
    """Who a version of a consultation is written for (its address says it too)."""

    PRACTITIONERS = "practitioners", "Practitioners"
    PARENTS = "parents-and-carers", "Parents and carers"
    YOUNG_PEOPLE = "young-people", "Children and young people"


# The page's fields for each version: "<prefix>_introduction", "<prefix>_questions".
VERSION_FIELDS = {
    Audience.PRACTITIONERS: "practitioners",
    Audience.PARENTS: "parents",
    Audience.YOUNG_PEOPLE: "young_people",
}


class Status(models.TextChoices):
    UPCOMING = "upcoming", "Upcoming"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    CONCLUDED = "concluded", "Closed: outcome published"


def status_on(day, opens_on, closes_on, outcome_published):
    """A consultation's status on ``day``: open from its first day to its last,
    both included; concluded once it has closed and its outcome is published."""
    if day < opens_on:
        return Status.UPCOMING
    if day <= closes_on:
        return Status.OPEN
    return Status.CONCLUDED if outcome_published else Status.CLOSED


@dataclass
class Version:
    audience: Audience
    introduction: str
    questions: object  # the StreamValue of QuestionsBlock

    @property
    def slug(self):
        return self.audience.value

    @property
    def label(self):
        return self.audience.label

    def words(self):
        """What a reader of this version reads, for its reading age: the
        introduction, each question, its hint and its answers to choose from."""
        parts = [self.introduction]
        for child in self.questions:
            parts.append(question_text(child))
            value = child.value
            for name in ("hint", "why", "low_label", "high_label"):
                if value.get(name):
                    parts.append(value[name])
            parts.extend(value.get("options") or [])
        # A blank line ends a sentence (site_core.readability): a question
        # without a question mark still counts as one.
        return "\n\n".join(part for part in parts if part)

    @property
    def reading_age(self):
        return reading_age(self.words())


class ReadingAgePanel(Panel):
    """In the children and young people's tab: the reading age of that version
    as last saved, against the plain-words aim (site_core.readability)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "consultations/admin/reading_age_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            version = self.instance.version_for(Audience.YOUNG_PEOPLE, with_questions=False)
            age = version.reading_age if version else None
            context.update(
                {
                    "reading_age": age,
                    "aim": PLAIN_WORDS_READING_AGE,
                    "plain": age is not None and age <= PLAIN_WORDS_READING_AGE,
                }
            )
            return context


def _version_tab(audience, extra=()):
    prefix = VERSION_FIELDS[audience]
    return ObjectList(
        [
            *extra,
            FieldPanel(f"{prefix}_introduction"),
            FieldPanel(f"{prefix}_questions"),
        ],
        heading=audience.label,
    )


class ConsultationPage(RoutablePageMixin, BasePage):
    summary = models.TextField(
        max_length=300, help_text="One or two sentences: what you are asking about, and why."
    )
    about = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Who may answer, how the answers will be used and when you will say what "
        "changed.",
    )
    opens_on = models.DateField(help_text="The first day people can answer.")
    closes_on = models.DateField(help_text="The last day people can answer.")

    practitioners_introduction = models.TextField(
        "introduction", blank=True, help_text="What practitioners should know before answering."
    )
    practitioners_questions = StreamField(
        QuestionsBlock(), blank=True, verbose_name="questions for practitioners"
    )
    parents_introduction = models.TextField(
        "introduction", blank=True, help_text="In everyday words, for parents and carers."
    )
    parents_questions = StreamField(
        QuestionsBlock(), blank=True, verbose_name="questions for parents and carers"
    )
    young_people_introduction = models.TextField(
        "introduction",
        blank=True,
        help_text="In plain words: short sentences, short words, no jargon.",
    )
    young_people_questions = StreamField(
        QuestionsBlock(), blank=True, verbose_name="questions for children and young people"
    )

    outcome_published = models.BooleanField(
        "publish the outcome",
        default=False,
        help_text="Once the consultation has closed, show what you heard and what changed.",
    )
    you_said = RichTextField(
        "what we heard",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="A summary of what people told you.",
    )
    we_did = RichTextField(
        "what changed",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="What you changed because of it, or why you did not.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")], heading="Dates"),
        FieldPanel("about"),
    ]
    outcome_panels = [
        FieldPanel("outcome_published"),
        FieldPanel("you_said"),
        FieldPanel("we_did"),
        InlinePanel("changes", label="Change", heading="What it changed"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Consultation"),
            _version_tab(Audience.PRACTITIONERS),
            _version_tab(Audience.PARENTS),
            _version_tab(Audience.YOUNG_PEOPLE, extra=[ReadingAgePanel()]),
            ObjectList(outcome_panels, heading="You said, we did"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(BasePage.settings_panels, heading="Settings"),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("about"),
        index.SearchField("you_said"),
        index.SearchField("we_did"),
    ]
    parent_page_types = [
        "site_core.HomePage",
        "site_core.StandardPage",
        "publications.PublicationIndexPage",
    ]
    subpage_types = []
    template = "consultations/consultation_page.html"

    class Meta:
        verbose_name = "consultation"
        indexes = [models.Index(fields=["closes_on"], name="consultation_closes_idx")]

    def clean(self):
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": "The last day must be on or after the first day."})
        if self.outcome_published:
            missing = {
                name: "Say this before publishing the outcome."
                for name in ("you_said", "we_did")
                if not (getattr(self, name) or "").strip()
            }
            if missing:
                raise ValidationError(missing)

    # -- status --------------------------------------------------------------

    def status_on(self, day):
        return status_on(day, self.opens_on, self.closes_on, self.outcome_published)

    @property
    def status(self):
        return self.status_on(timezone.localdate())

    def get_status_display(self):
        return Status(self.status).label

    @property
    def is_open(self):
        return self.status == Status.OPEN

    @property
    def is_concluded(self):
        return self.status == Status.CONCLUDED

    # -- versions ------------------------------------------------------------

    def version_for(self, audience, with_questions=True):
        """The version for ``audience`` (a slug or an Audience), or None: a
        version exists once it has at least one question."""
        try:
            audience = Audience(audience)
        except ValueError:
            return None
        prefix = VERSION_FIELDS[audience]
        version = Version(
            audience,
            getattr(self, f"{prefix}_introduction"),
            getattr(self, f"{prefix}_questions"),
        )
        if with_questions and not len(version.questions):
            return None
        return version

    @cached_property
    def versions(self):
        return [v for v in (self.version_for(a) for a in Audience) if v is not None]

    def quotes(self, limit=6):
        """Free-text answers an Approver has cleared for quoting (newest first)."""
        return Answer.objects.filter(
            response__consultation=self, kind="text", approved_for_quoting=True
        ).order_by("-response__received_on", "-pk")[:limit]

    # -- serving ---------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["status"] = self.status
        base = self.get_url(request) or ""
        context["version_links"] = [
            (version, base + self.reverse_subpage("version_view", args=[version.slug]))
            for version in self.versions
        ]
        return context

    def get_sitemap_urls(self, request=None):
        """The consultation, and each of its versions while it is open (when its
        page links them)."""
        urls = super().get_sitemap_urls(request)
        if not urls or not self.is_open:
            return urls
        base = urls[0]["location"].rstrip("/") + "/"
        return urls + [
            {
                "location": base + self.reverse_subpage("version_view", args=[version.slug]),
                "lastmod": urls[0].get("lastmod"),
            }
            for version in self.versions
        ]

    @path("")
    def landing(self, request):
        return self.render(request)

    @path("<slug:audience>/")
    def version_view(self, request, audience):
        version = self.version_for(audience)
        if version is None:
            raise Http404("This consultation has no such version.")
        form = answer_form(version)(initial={"started": started_token()}) if self.is_open else None
        return self.render_version(request, version, form)

    @path("<slug:audience>/thanks/")
    def thanks(self, request, audience):
        version = self.version_for(audience)
        if version is None:
            raise Http404("This consultation has no such version.")
        return render(
            request,
            "consultations/consultation_thanks.html",
            {**self.get_context(request), "version": version},
        )

    def render_version(self, request, version, form, status=200):
        context = {**self.get_context(request), "version": version, "form": form}
        return render(request, "consultations/consultation_version.html", context, status=status)


class ConsultationChange(Orderable):
    """One thing a consultation changed, with a link to what it changed: a
    plan (and its priorities), a procedure or other page, or an indicator."""

    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="changes")
    what_changed = models.CharField(
        max_length=300, help_text="In a sentence, e.g. “Young people now help plan the training.”"
    )
    linked_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The plan, procedure or other page of this partnership it changed.",
    )
    indicator = models.ForeignKey(
        "evidence.Indicator",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="An indicator of this partnership it changed or added.",
    )

    panels = [FieldPanel("what_changed"), FieldPanel("linked_page"), FieldPanel("indicator")]

    def clean(self):
        super().clean()
        # The same rule as every save (site_core.boundary), said here so the
        # editor reads it on the row: links stay inside the partnership.
        errors = crossings(self)
        if errors:
            raise ValidationError(errors)

    def __str__(self):
        return self.what_changed


class ConsultationResponse(models.Model):
    """One person's answers to one version of a consultation.

    Anonymous by construction: no user, no address, no time of day (a date
    only, which with a small group could otherwise point at one person).
    A name, email address or phone number is kept only as the answer to a
    question that asked for it and said why.
    """

    partnership_lookup = "partnership"

    partnership = models.ForeignKey(
        "site_core.Partnership", on_delete=models.CASCADE, related_name="consultation_responses"
    )
    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="responses"
    )
    audience = models.CharField(max_length=30, choices=Audience.choices)
    received_on = models.DateField(default=timezone.localdate)

    class Meta:
        verbose_name = "consultation response"
        ordering = ["pk"]

    def __str__(self):
        return f"{self.consultation}: response {self.pk}"


class Answer(models.Model):
    """One answer to one question (several rows for a "choose several" question)."""

    partnership_lookup = "response__partnership"

    response = models.ForeignKey(
        ConsultationResponse, on_delete=models.CASCADE, related_name="answers"
    )
    question_id = models.CharField(
        max_length=64, help_text="The question block's id: answers follow a reworded question."
    )
    question = models.CharField(max_length=300, help_text="The wording it was answered under.")
    kind = models.CharField(max_length=20)
    value = models.TextField()
    approved_for_quoting = models.BooleanField(
        default=False,
        help_text="An Approver has read this free-text answer and it may be quoted publicly.",
    )

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["question_id"], name="consultation_answer_q_idx")]

    def __str__(self):
        return f"{self.question}: {self.value[:40]}"
