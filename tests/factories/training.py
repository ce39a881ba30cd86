"""Factories for training pages and records (tests only)."""

from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory

from site_core.models import Partnership
from training.models import (
    AttendeeRole,
    Booking,
    CourseAudience,
    CoursePage,
    CourseSession,
    Evaluation,
    Level,
    SessionPart,
    Status,
    TrainingIndexPage,
)


class TrainingIndexPageFactory(wagtail_factories.PageFactory):
    title = "Training and events"
    slug = "training"
    summary = "Multi-agency safeguarding training for people who work with children."

    class Meta:
        model = TrainingIndexPage


class CoursePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Working together to safeguard children {n}")
    summary = "How agencies share information and act together when a child is at risk."
    level = Level.INTRODUCTORY
    duration = "Half a day (3 hours)"
    learning_outcomes = "Recognise signs of abuse and neglect\nKnow how to make a referral"
    audiences = factory.LazyFunction(lambda: [CourseAudience(audience="everyone")])

    class Meta:
        model = CoursePage


def soon(days=14, hour=9):
    day = timezone.localtime() + timedelta(days=days)
    return day.replace(hour=hour, minute=30, second=0, microsecond=0)


class CourseSessionFactory(DjangoModelFactory):
    partnership = factory.LazyAttribute(lambda o: Partnership.for_site(o.course.get_site()))
    venue = "Training room 2, Civic Centre"
    venue_accessibility = "Step-free access and a hearing loop."
    trainer = "The partnership's training team"
    capacity = 20
    parts = factory.LazyFunction(
        lambda: [SessionPart(starts=soon(), ends=soon() + timedelta(hours=3))]
    )

    class Meta:
        model = CourseSession


class BookingFactory(DjangoModelFactory):
    session = factory.SubFactory(CourseSessionFactory)
    name = factory.Sequence(lambda n: f"Sam Practitioner {n}")
    email = factory.Sequence(lambda n: f"sam{n}@agency.example.org")
    other_agency = "Testshire Primary School"
    role = AttendeeRole.PRACTITIONER
    status = Status.CONFIRMED
    email_confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Booking


class EvaluationFactory(DjangoModelFactory):
    booking = factory.SubFactory(BookingFactory, status=Status.ATTENDED)
    confidence_before = 2
    confidence_after = 4
    comments = "Clearer on when to share information."

    class Meta:
        model = Evaluation
