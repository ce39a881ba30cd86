"""A board member's own records: the account that links a sign-in to a
person, their reminder choice and private calendar, the register of their
interests, and what has been sent or built for them (reminders, papers packs).
"""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from site_core import tenancy
from site_core.roles import MEMBERS_AREA_ROLES

from .meetings import Meeting
from .people import Person


def hash_token(token):
    """Only a hash of a calendar token is stored: a copy of the database
    does not give anyone a member's private feed."""
    return hashlib.sha256(token.encode()).hexdigest()


def is_board_member(user, partnership):
    """Signed in as one of this partnership's board members or governance
    officers (superusers may look too). Another partnership's members may not."""
    return tenancy.has_role(user, partnership, *MEMBERS_AREA_ROLES)


class MemberAccount(models.Model):
    """Links a sign-in (a user) to the person they are in one partnership's records.

    A user may be a member in several partnerships: one account per person,
    and each person belongs to one partnership.
    """

    # Which partnership a record belongs to, for the admin (site_core.tenant_admin).
    partnership_lookup = "person__partnership"
    admin_search_fields = ["person__name", "user__username", "user__email"]

    person = models.OneToOneField(
        Person,
        on_delete=models.CASCADE,
        related_name="account",
        help_text="The person in this partnership's records.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="member_accounts",
        help_text="Their sign-in. Put the user in the partnership's “Board members” group too: "
        "the account alone opens nothing.",
    )
    meeting_reminders = models.BooleanField(
        "send meeting reminders",
        default=True,
        help_text="Emails when a meeting's papers are published and a week before it. The "
        "member can turn these off themselves.",
    )
    calendar_token_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)

    class Meta:
        verbose_name = "member account"

    def __str__(self):
        return f"{self.person} ({self.user})"

    @property
    def partnership(self):
        return self.person.partnership

    def clean(self):
        super().clean()
        if self.person_id and self.user_id:
            if not is_board_member(self.user, self.person.partnership):
                raise ValidationError(
                    {
                        "user": "Put this user in the partnership's “Board members” (or "
                        "“Governance officers”) group first: the account alone opens nothing."
                    }
                )
            clash = MemberAccount.objects.filter(
                user_id=self.user_id, person__partnership_id=self.person.partnership_id
            ).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError(
                    {"user": "This user is already linked to someone in this partnership."}
                )

    def new_calendar_token(self):
        """Make a new secret for the private feed (the old address stops working)."""
        token = secrets.token_urlsafe(32)
        self.calendar_token_hash = hash_token(token)
        self.save(update_fields=["calendar_token_hash"])
        return token

    def revoke_calendar_token(self):
        self.calendar_token_hash = ""
        self.save(update_fields=["calendar_token_hash"])

    @property
    def has_calendar(self):
        return bool(self.calendar_token_hash)


class Interest(models.Model):
    """An entry in a member's register of interests (a standing interest,
    as opposed to one declared at a meeting, which is on the meeting)."""

    # Which partnership a record belongs to, for the admin (site_core.tenant_admin).
    partnership_lookup = "person__partnership"
    admin_search_fields = ["person__name", "description"]

    class Kind(models.TextChoices):
        EMPLOYMENT = "employment", "Employment or office"
        FINANCIAL = "financial", "Financial interest"
        CONTRACT = "contract", "Contract or commissioning"
        MEMBERSHIP = "membership", "Membership of an organisation"
        PERSONAL = "personal", "Personal relationship"
        OTHER = "other", "Other"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="interests")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.CharField(
        max_length=300,
        help_text="Shown in the public summary when the partnership publishes its register, "
        "e.g. “Trustee of a local children's charity”.",
    )
    declared_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(
        null=True, blank=True, help_text="When it stopped. Blank while it still applies."
    )

    class Meta:
        ordering = ["person__name", "-declared_on"]
        verbose_name = "registered interest"

    def __str__(self):
        return f"{self.person}: {self.description}"

    def clean(self):
        super().clean()
        if self.declared_on and self.ended_on and self.ended_on < self.declared_on:
            raise ValidationError(
                {"ended_on": "An interest cannot end before it was declared: check both dates."}
            )

    def is_current(self, on=None):
        on = on or timezone.localdate()
        return self.declared_on <= on and (self.ended_on is None or on <= self.ended_on)


class ReminderSent(models.Model):
    """One reminder, to one person, about one record: kept so nothing is sent twice."""

    partnership_lookup = "partnership"

    class Kind(models.TextChoices):
        TERM_90 = "term_90", "Term ends in 90 days"
        TERM_30 = "term_30", "Term ends in 30 days"
        PAPERS = "papers", "Papers published"
        MEETING_7 = "meeting_7", "Meeting in 7 days"

    partnership = models.ForeignKey(
        "site_core.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # A membership (term reminders) or a meeting (the others).
    object_id = models.PositiveBigIntegerField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "recipient"], name="unique_reminder_sent"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.object_id} to {self.recipient}"


def pack_path(instance, filename):
    # Never under documents/ or images/: nothing serves this folder directly;
    # packs are served only through the members' area and meeting views.
    return f"meeting-packs/{instance.meeting.body.partnership_id}/{filename}"


class MeetingPack(models.Model):
    """A meeting's agenda and papers in one download, one per audience: the
    public's holds only public papers, the members' holds every paper."""

    partnership_lookup = "meeting__body__partnership"

    class Audience(models.TextChoices):
        PUBLIC = "public", "Public"
        MEMBERS = "members", "Members"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="packs")
    audience = models.CharField(max_length=10, choices=Audience.choices)
    file = models.FileField(upload_to=pack_path, max_length=255)
    fingerprint = models.CharField(max_length=64)
    built_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "audience"], name="unique_meeting_pack")
        ]

    def __str__(self):
        return f"{self.meeting} ({self.get_audience_display()} pack)"
