"""Factories for consultations (tests only)."""

from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory

from consultations.models import Answer, ConsultationPage, ConsultationResponse


def questions():
    """One question of each kind, with fixed ids so tests can name the fields."""
    return [
        {
            "type": "choice",
            "id": "choice-1",
            "value": {
                "question": "Who would you talk to if you were worried?",
                "hint": "",
                "required": True,
                "options": ["A teacher", "A parent or carer", "A friend"],
                "allow_several": False,
            },
        },
        {
            "type": "choice",
            "id": "several-1",
            "value": {
                "question": "Where do you feel safe?",
                "hint": "Choose all that are true.",
                "required": False,
                "options": ["At home", "At school", "Online"],
                "allow_several": True,
            },
        },
        {
            "type": "scale",
            "id": "scale-1",
            "value": {
                "question": "How safe do you feel at school?",
                "hint": "",
                "required": True,
                "points": 5,
                "low_label": "Not safe at all",
                "high_label": "Very safe",
            },
        },
        {
            "type": "free_text",
            "id": "text-1",
            "value": {
                "question": "What would make you feel safer?",
                "hint": "",
                "required": False,
                "max_length": 100,
            },
        },
        {
            "type": "about_you",
            "id": "about-1",
            "value": {"question": "How old are you?", "options": ["11 to 13", "14 to 16"]},
        },
    ]


def contact_question(detail="email"):
    return {
        "type": "contact_detail",
        "id": f"contact-{detail}",
        "value": {"detail": detail, "why": "So we can invite you to hear what changed."},
    }


class ConsultationPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Consultation {n}")
    summary = "We want to hear how safe young people feel."
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    young_people_introduction = "Tell us how safe you feel. It takes five minutes."
    young_people_questions = factory.LazyFunction(questions)

    class Meta:
        model = ConsultationPage


class ConsultationResponseFactory(DjangoModelFactory):
    audience = "young-people"

    class Meta:
        model = ConsultationResponse


class AnswerFactory(DjangoModelFactory):
    question_id = "text-1"
    question = "What would make you feel safer?"
    kind = "text"
    value = "More people to talk to."

    class Meta:
        model = Answer
