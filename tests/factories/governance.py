"""Factories for governance records and pages (tests only)."""

from datetime import date

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory
from wagtail.documents import get_document_model
from wagtail.models import Collection

from governance.models import (
    Agency,
    AgendaItem,
    Attendance,
    Body,
    Declaration,
    GovernanceIndexPage,
    Interest,
    Meeting,
    MemberAccount,
    MembersAreaPage,
    Membership,
    Mission,
    Person,
    Post,
    PublicationReceived,
    Relationship,
    Responsibility,
    StrategicPriority,
    Value,
    ValueTheme,
)


class BodyFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Testshire Board {n}")
    slug = factory.Sequence(lambda n: f"board-{n}")
    kind = Body.Kind.PARTNERSHIP
    purpose = "Makes sure agencies work together to keep children safe."

    class Meta:
        model = Body


class AgencyFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Testshire Agency {n}")
    kind = Agency.Kind.POLICE

    class Meta:
        model = Agency


class PersonFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Alex Example {n}")
    email = factory.Sequence(lambda n: f"private{n}@example.org")
    phone = "0191 498 0999"
    notes = "Private note for the business unit."

    class Meta:
        model = Person


class PostFactory(DjangoModelFactory):
    body = factory.SubFactory(BodyFactory)
    role = Post.Role.MEMBER
    holders = 1

    class Meta:
        model = Post


class MembershipFactory(DjangoModelFactory):
    post = factory.SubFactory(PostFactory)
    person = factory.SubFactory(
        PersonFactory, partnership=factory.SelfAttribute("..post.body.partnership")
    )
    term_starts = date(2023, 4, 1)
    term_ends = date(2026, 3, 31)

    class Meta:
        model = Membership


class RelationshipFactory(DjangoModelFactory):
    kind = Relationship.Kind.REPORTS_TO

    class Meta:
        model = Relationship


class MissionFactory(DjangoModelFactory):
    statement = "Working together so every child is safe."
    applies_from = date(2018, 4, 1)

    class Meta:
        model = Mission


class ValueThemeFactory(DjangoModelFactory):
    number = 1
    name = "Listen and learn"
    applies_from = date(2018, 4, 1)

    class Meta:
        model = ValueTheme


class ValueFactory(DjangoModelFactory):
    name = "Curious"

    class Meta:
        model = Value


class ResponsibilityFactory(DjangoModelFactory):
    title = "Assure and challenge"
    applies_from = date(2018, 4, 1)

    class Meta:
        model = Responsibility


class StrategicPriorityFactory(DjangoModelFactory):
    title = "Voice of the child"
    applies_from = date(2018, 4, 1)

    class Meta:
        model = StrategicPriority


class MeetingFactory(DjangoModelFactory):
    date = date(2023, 12, 12)
    place = "County Hall"
    access = Meeting.Access.PUBLIC

    class Meta:
        model = Meeting


class AgendaItemFactory(DjangoModelFactory):
    title = "Annual report"

    class Meta:
        model = AgendaItem


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance


class DeclarationFactory(DjangoModelFactory):
    item = "Annual report"
    interest = "Employed by a commissioned provider"

    class Meta:
        model = Declaration


class PublicationReceivedFactory(DjangoModelFactory):
    class Meta:
        model = PublicationReceived


class DocumentFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Paper {n}")
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.LazyAttribute(
        lambda o: ContentFile(
            b"Board paper text.\n", name=f"{o.title.lower().replace(' ', '-')}.txt"
        )
    )

    class Meta:
        model = get_document_model()


class GovernanceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Governance"
    slug = "governance"
    summary = "Who governs the partnership and how."

    class Meta:
        model = GovernanceIndexPage


class MembersAreaPageFactory(wagtail_factories.PageFactory):
    title = "Members' area"
    slug = "members"

    class Meta:
        model = MembersAreaPage


class MemberAccountFactory(DjangoModelFactory):
    """Links a user (put them in the partnership's Board members group too) to a person."""

    class Meta:
        model = MemberAccount


class InterestFactory(DjangoModelFactory):
    kind = Interest.Kind.MEMBERSHIP
    description = "Trustee of a local children's charity"
    declared_on = date(2024, 4, 1)

    class Meta:
        model = Interest


def seat(body, *, role=Post.Role.MEMBER, starts=None, ends=None, person=None, **person_fields):
    """``person`` (or a new one: ``name=...``) in a new post of ``role`` on
    ``body``, from ``starts`` (today unless given) to ``ends`` (None: no end)."""
    from django.utils import timezone

    if person is None:
        person = PersonFactory(partnership=body.partnership, **person_fields)
    return MembershipFactory(
        person=person,
        post=PostFactory(body=body, role=role),
        term_starts=starts or timezone.localdate(),
        term_ends=ends,
    )


def linked_member(user, body, name, **seat_fields):
    """A new person called ``name`` with a seat on ``body`` (see ``seat``),
    linked to ``user``, a board member, whose "My boards" it opens."""
    membership = seat(body, name=name, **seat_fields)
    return MemberAccountFactory(person=membership.person, user=user)
