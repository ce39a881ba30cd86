"""Meetings of a body: agenda and papers, minutes, attendance, declarations of
interest, and the publications the meeting received."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.documents import get_document_model_string
from wagtail.models import Orderable

from governance.papers import papers_moved, secure_agenda_item, secure_meeting
from site_core import tenancy
from site_core.tenancy import is_private_collection
from site_core.visibility import is_restricted

from .bodies import Body
from .people import Person

DOCUMENT = get_document_model_string()
# Minutes are approved at the next meeting, usually within a quarter: until
# then a meeting's missing minutes are "not published yet".
MINUTES_AWAITED_FOR_DAYS = 100


def is_private(document):
    """True when the document's collection (or an ancestor) restricts who may view it."""
    return document is not None and is_private_collection(document.collection)


class Meeting(ClusterableModel):
    # Which partnership a record belongs to, for the admin (site_core.tenant_admin).
    partnership_lookup = "body__partnership"
    admin_search_fields = ["body__name", "body__short_name", "place"]

    class Access(models.TextChoices):
        PUBLIC = "public", "Public: shown on the website"
        MEMBERS = "members", "Members only: shown to signed-in board members"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    starts_at = models.TimeField(null=True, blank=True)
    place = models.CharField(max_length=200, blank=True, help_text="e.g. City Hall, Sunderland.")
    access = models.CharField(
        max_length=10,
        choices=Access.choices,
        default=Access.MEMBERS,
        help_text="Members-only meetings, their papers and minutes never appear on public "
        "pages or in the open data.",
    )
    summary = models.TextField(blank=True, help_text="A sentence or two on what it decided.")
    minutes = models.ForeignKey(
        DOCUMENT,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The minutes of a members-only meeting are moved to the “Members' papers” "
        "collection when the meeting is saved, so only board members can open them.",
    )

    class Meta:
        ordering = ["-date"]

    def __str__(self):
        return f"{self.body} – {self.date.strftime('%-d %B %Y')}"

    @property
    def is_public(self):
        return self.access == self.Access.PUBLIC

    def papers_state(self, today=None):
        """How to describe papers that are not on the site: "upcoming" (the
        meeting is ahead), "awaited" (recently held: minutes usually follow at
        the next meeting) or "not_on_site" (long past: they may exist elsewhere,
        but saying "not published yet" would promise what may never come)."""
        today = today or timezone.localdate()
        if self.date >= today:
            return "upcoming"
        if (today - self.date).days <= MINUTES_AWAITED_FOR_DAYS:
            return "awaited"
        return "not_on_site"

    def save(self, *args, **kwargs):
        # Saves the agenda items too (ClusterableModel), each keeping its own
        # paper private; then the minutes and anything left over.
        super().save(*args, **kwargs)

        secure_meeting(self)

    @property
    def papers_moved(self):
        """Documents the last save moved to the members' papers (for the admin's message)."""

        return papers_moved(self)

    def public_publications_received(self):
        """What the public may see it received: never a members-only publication.

        Reads ``publications_received`` through any prefetch, so a list of
        meetings costs no more queries.
        """
        return [r for r in self.publications_received.all() if not r.is_members_only]


class AgendaItem(Orderable):
    meeting = ParentalKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.CharField(max_length=10, blank=True, help_text="e.g. 4 or 4.1.")
    title = models.CharField(max_length=200)
    paper = models.ForeignKey(
        DOCUMENT,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The paper for this item. The papers of a members-only meeting are moved to "
        "the “Members' papers” collection when it is saved, so only board members can open them.",
    )

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)

        secure_agenda_item(self)

    def __str__(self):
        return self.title


class Attendance(Orderable):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    meeting = ParentalKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PRESENT)

    class Meta(Orderable.Meta):
        verbose_name_plural = "attendance"

    def __str__(self):
        return f"{self.person}: {self.get_status_display()}"


class Declaration(Orderable):
    meeting = ParentalKey(Meeting, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    item = models.CharField(max_length=200, help_text="The agenda item it concerns.")
    interest = models.CharField(max_length=300, help_text="What the interest is.")

    def __str__(self):
        return f"{self.person}: {self.interest}"


class PublicationReceived(Orderable):
    """A publication the meeting received, e.g. an annual report at the HWB."""

    meeting = ParentalKey(Meeting, on_delete=models.CASCADE, related_name="publications_received")
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The publication's page on this site.",
    )
    title = models.CharField(
        max_length=200, blank=True, help_text="Its title, when it is not published on this site."
    )
    outcome = models.CharField(max_length=200, blank=True, help_text="e.g. “Received and noted”.")

    class Meta(Orderable.Meta):
        verbose_name = "publication received"
        verbose_name_plural = "publications received"

    def __str__(self):
        return self.display_title

    def clean(self):
        super().clean()
        if not self.page_id and not self.title:
            raise ValidationError("Choose the publication's page, or type its title.")

    @property
    def is_members_only(self):
        return self.page_id is not None and is_restricted(self.page)

    @property
    def display_title(self):
        if self.page_id:
            return self.page.title
        return self.title

    @property
    def url(self):
        if self.page_id and self.page.live:
            return self.page.url
        return None


def members_only_meetings_using(document):
    """The members-only meetings that ``document`` is a paper or the minutes of:
    such a document may not be made public, and only the partnership's members
    may open it (publications.document_privacy)."""
    return (
        Meeting.objects.filter(access=Meeting.Access.MEMBERS)
        .filter(Q(minutes=document) | Q(agenda_items__paper=document))
        .select_related("body__partnership")
        .distinct()
    )


def keep_document_private(sender, instance, raw=False, **kwargs):
    """pre_save receiver for the document model (connected in governance.apps): a
    document attached to a members-only meeting stays in a private collection,
    however it is saved (the admin form refuses first, with a message; this
    covers the shell and imports)."""
    if raw or instance.pk is None or instance.collection_id is None:
        return
    if tenancy.is_private_collection(instance.collection):
        return
    meeting = members_only_meetings_using(instance).first()
    if meeting is not None:
        instance.collection = tenancy.members_papers_collection(meeting.body.partnership)


def exclude_members_papers(queryset):
    """Documents minus the papers and minutes of members-only meetings."""
    members_only = Meeting.objects.filter(access=Meeting.Access.MEMBERS)
    return queryset.exclude(pk__in=members_only.exclude(minutes=None).values("minutes_id")).exclude(
        pk__in=AgendaItem.objects.filter(meeting__in=members_only)
        .exclude(paper=None)
        .values("paper_id")
    )
