"""People, the posts they hold on bodies, and their dated memberships (Popolo)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .bodies import Agency, Body


def _d(value, missing="no end date"):
    return value.strftime("%-d %B %Y") if value else missing


class Person(models.Model):
    """Someone who sits on a body. Only the name, and the profile when they agree,
    are ever shown publicly."""

    # Which partnership a record belongs to, for the admin (site_core.tenant_admin).
    partnership_lookup = "partnership"
    admin_search_fields = ["name"]

    partnership = models.ForeignKey(
        "site_core.Partnership", on_delete=models.CASCADE, related_name="people"
    )
    name = models.CharField(max_length=150, help_text="Shown publicly, e.g. “Chris Robson”.")
    honorific_prefix = models.CharField(
        max_length=20, blank=True, help_text="Shown publicly, e.g. Dr, Cllr."
    )
    profile = models.TextField(
        blank=True,
        help_text="A short public profile. Shown publicly ONLY when “consents to profile” "
        "is ticked.",
    )
    profile_consent = models.BooleanField(
        "consents to profile",
        default=False,
        help_text="Tick only when the person has agreed, in writing, to the profile being "
        "published.",
    )
    email = models.EmailField(
        blank=True, help_text="PRIVATE: shown only to signed-in board members, never publicly."
    )
    phone = models.CharField(
        max_length=30,
        blank=True,
        help_text="PRIVATE: shown only to signed-in board members, never publicly.",
    )
    notes = models.TextField(blank=True, help_text="PRIVATE: for the business unit only.")

    class Meta:
        verbose_name_plural = "people"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return f"{self.honorific_prefix} {self.name}".strip()

    @property
    def public_profile(self):
        return self.profile if self.profile_consent else ""


class Post(models.Model):
    """A seat on a body, e.g. the partnership's Independent Chair or its lay members."""

    # Which partnership a record belongs to, for the admin (site_core.tenant_admin).
    partnership_lookup = "body__partnership"
    admin_search_fields = ["label", "body__name", "body__short_name"]

    class Role(models.TextChoices):
        INDEPENDENT_CHAIR = "independent_chair", "Independent Chair"
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        INDEPENDENT_SCRUTINEER = "independent_scrutineer", "Independent Scrutineer"
        LAY_MEMBER = "lay_member", "Lay member"
        STATUTORY_PARTNER_LEAD = "statutory_partner_lead", "Statutory partner lead"
        BUSINESS_MANAGER = "business_manager", "Business manager"
        MEMBER = "member", "Member"
        ADVISER = "adviser", "Adviser"

    CHAIR_ROLES = {Role.INDEPENDENT_CHAIR, Role.CHAIR}

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="posts")
    role = models.CharField(max_length=30, choices=Role.choices)
    label = models.CharField(
        max_length=150,
        blank=True,
        help_text="Shown publicly. Leave blank to use the role, e.g. “Police lead” for a "
        "statutory partner lead.",
    )
    holders = models.PositiveSmallIntegerField(
        "how many may hold it",
        default=1,
        help_text="The most people who may hold this post at the same time.",
    )
    sort_order = models.PositiveSmallIntegerField(
        default=100, help_text="Lower numbers are listed first on the body's page."
    )

    class Meta:
        ordering = ["body__name", "sort_order", "role"]

    def __str__(self):
        return f"{self.display_label}, {self.body}"

    @property
    def display_label(self):
        return self.label or self.get_role_display()

    @property
    def is_lay(self):
        return self.role == self.Role.LAY_MEMBER

    def clean(self):
        super().clean()
        if self.holders is not None and self.holders < 1:
            raise ValidationError({"holders": "At least one person must be able to hold it."})

    def current_memberships(self, on=None):
        on = on or timezone.localdate()
        if "memberships" in getattr(self, "_prefetched_objects_cache", {}):
            memberships = self.memberships.all()  # see structure.with_memberships
        else:
            memberships = self.memberships.select_related("person", "on_behalf_of")
        return [m for m in memberships if m.status(on) == "current"]

    def vacancies(self, on=None):
        return max(self.holders - len(self.current_memberships(on)), 0)


class MembershipQuerySet(models.QuerySet):
    def overlapping(self, starts, ends):
        """Memberships whose nominal term shares at least one day with [starts, ends]."""
        qs = self.filter(Q(term_ends__isnull=True) | Q(term_ends__gte=starts))
        if ends is not None:
            # A term whose start is not recorded may have started any time before.
            qs = qs.filter(Q(term_starts__isnull=True) | Q(term_starts__lte=ends))
        return qs

    def ending_between(self, first, last):
        return self.filter(term_ends__gte=first, term_ends__lte=last)


class Membership(models.Model):
    """A person holding a post, for a term (Popolo's Membership)."""

    # Which partnership a record belongs to, for the admin (site_core.tenant_admin).
    partnership_lookup = "post__body__partnership"
    admin_search_fields = ["person__name", "post__label", "post__body__name"]

    CURRENT, FORMER, APPOINTED = "current", "former", "appointed"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    post = models.ForeignKey(
        Post,
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text="The seat: its body follows from it.",
    )
    on_behalf_of = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
        help_text="Shown publicly: the agency the person represents. Blank for independent "
        "and lay members.",
    )
    term_starts = models.DateField(
        null=True,
        blank=True,
        help_text="The first day of the term. Leave blank when it is not known: the public "
        "page then says the start is not recorded, rather than showing a guessed date.",
    )
    term_ends = models.DateField(
        null=True,
        blank=True,
        help_text="The last day of the term. Required for lay members; blank for open-ended posts.",
    )
    until_replaced = models.BooleanField(
        "stays until replaced",
        default=False,
        help_text="Tick if the person stays on after the term ends until someone else takes "
        "the post.",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["post__body__name", "post__sort_order", "-term_starts"]

    def __str__(self):
        return f"{self.person} – {self.post.display_label if self.post_id else '?'}"

    @property
    def body(self):
        return self.post.body

    def _replaced_by(self, on):
        if self.term_ends is None:
            return None
        # Asked more than once per page (seats, then "staying until replaced").
        known = self.__dict__.setdefault("_replaced_by_on", {})
        if on not in known:
            known[on] = self._find_replacement(on)
        return known[on]

    def _find_replacement(self, on):
        post = self._state.fields_cache.get("post")
        siblings = getattr(post, "_prefetched_objects_cache", {}).get("memberships")
        if siblings is not None:  # the post's memberships are loaded already
            later = [
                m
                for m in siblings
                if m.pk != self.pk and m.term_starts and self.term_ends < m.term_starts <= on
            ]
            return min(later, key=lambda m: m.term_starts, default=None)
        return (
            Membership.objects.filter(
                post_id=self.post_id, term_starts__gt=self.term_ends, term_starts__lte=on
            )
            .exclude(pk=self.pk)
            .order_by("term_starts")
            .first()
        )

    def status(self, on=None):
        """ "current", "former" or "appointed" (starts later) on the given day."""
        on = on or timezone.localdate()
        if self.term_starts and on < self.term_starts:
            return self.APPOINTED
        # No one sits on a body after it closed, whatever the term said.
        closed = self.post.body.ended if self.post_id else None
        if closed is not None and on > closed:
            return self.FORMER
        if self.term_ends is None or on <= self.term_ends:
            return self.CURRENT
        if self.until_replaced and self._replaced_by(on) is None:
            return self.CURRENT
        return self.FORMER

    @property
    def is_current(self):
        return self.status() == self.CURRENT

    @property
    def holding_over(self):
        """True when the term has ended and the person stays until replaced."""
        today = timezone.localdate()
        return bool(self.term_ends and today > self.term_ends and self.is_current)

    def clean(self):
        super().clean()
        errors = {}
        if self.term_starts and self.term_ends and self.term_ends < self.term_starts:
            errors["term_ends"] = (
                f"The term cannot end ({_d(self.term_ends)}) before it starts "
                f"({_d(self.term_starts)}). Check both dates."
            )
        post = self.post if self.post_id else None
        if post is not None and post.is_lay and self.term_starts and not self.term_ends:
            errors["term_ends"] = (
                "Lay members are appointed for a fixed term: enter the date this term ends."
            )
        if post is not None and self.person_id:
            partnership_id = post.body.partnership_id
            if self.person.partnership_id != partnership_id:
                errors["person"] = "Choose a person from the same partnership as the post's body."
            if self.on_behalf_of_id and self.on_behalf_of.partnership_id != partnership_id:
                errors["on_behalf_of"] = "Choose an agency from the same partnership."
        if errors:
            raise ValidationError(errors)
        if post is not None and self.term_starts:
            self._check_same_person(post)
            self._check_holders(post)

    def _check_same_person(self, post):
        """One person holds a post once at a time: a second, overlapping term for
        the same person is a mistake (usually the same appointment typed twice),
        refused at once rather than surfacing later as a full post."""
        if not self.person_id:
            return
        twin = (
            Membership.objects.filter(post=post, person_id=self.person_id)
            .exclude(pk=self.pk)
            .overlapping(self.term_starts, self.term_ends)
            .order_by("term_starts")
            .first()
        )
        if twin is not None:
            raise ValidationError(
                {
                    "term_starts": f"{self.person} already holds “{post.display_label}” on "
                    f"{post.body} from {_d(twin.term_starts)} to {_d(twin.term_ends)}, which "
                    "overlaps this term. Edit that membership instead, or change the dates "
                    "so the terms do not overlap."
                }
            )

    def _check_holders(self, post):
        others = list(
            Membership.objects.filter(post=post)
            .exclude(pk=self.pk)
            .overlapping(self.term_starts, self.term_ends)
            .select_related("person")
        )
        if not others:
            return
        # The busiest day of this term is the start of this term or of another one.
        checkpoints = [self.term_starts] + [
            m.term_starts for m in others if m.term_starts and m.term_starts > self.term_starts
        ]
        worst, clashing = 0, []
        for day in checkpoints:
            if self.term_ends and day > self.term_ends:
                continue
            holding = [
                m
                for m in others
                if (m.term_starts is None or m.term_starts <= day)
                and (m.term_ends is None or day <= m.term_ends)
            ]
            if len(holding) + 1 > worst:
                worst, clashing = len(holding) + 1, holding
        if worst > post.holders:
            who = "; ".join(
                f"{m.person} from {_d(m.term_starts, 'an unrecorded date')} to {_d(m.term_ends)}"
                for m in clashing
            )
            seats = "1 person" if post.holders == 1 else f"{post.holders} people"
            raise ValidationError(
                {
                    "term_starts": f"“{post.display_label}” on {post.body} may be held by "
                    f"{seats} at a time, but this term would overlap: {who}. Change the dates, "
                    "end the other term first, or raise the number who may hold the post."
                }
            )
