"""The form a reader answers: built from one version's question blocks, with
two checks against scripts that need no third-party service and no cookie.

* **A honeypot**: a text box inside a ``hidden`` block, which people never
  see or reach by keyboard and screen readers never announce; a script that
  fills in every box fills it in too.
* **A time check**: the form carries the moment it was shown, signed with the
  site's secret. Answers sent sooner than ``CONSULTATION_MIN_SECONDS`` after
  it, or with a token that is missing, forged or older than
  ``STARTED_MAX_AGE``, are not kept; the reader is asked to check and send
  again, with what they typed still there. A form page kept at the edge
  carries an older start time, which only ever passes the minimum sooner.
"""

import re
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import RegexValidator

from .blocks import PREFER_NOT_TO_SAY, ContactDetailQuestionBlock, question_text

STARTED_SALT = "consultations.started"
# Long enough for someone to start on their phone and finish the next day.
STARTED_MAX_AGE = 2 * 24 * 60 * 60
HONEYPOT = "website"


def started_token(now=None):
    return signing.dumps(int(now if now is not None else time.time()), salt=STARTED_SALT)


def seconds_since_started(token, now=None):
    """Seconds since the form was shown, or None for a token that is missing,
    altered or too old."""
    try:
        started = signing.loads(token or "", salt=STARTED_SALT, max_age=STARTED_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included
        return None
    if not isinstance(started, int):
        return None
    elapsed = (now if now is not None else time.time()) - started
    return elapsed if 0 <= elapsed <= STARTED_MAX_AGE else None


PHONE = RegexValidator(
    re.compile(r"^\+?[0-9 ()-]{7,20}$"),
    "Enter a phone number using digits, like 01632 960 123.",
)


def _choice(choices, child, several=False, required=True):
    field_class = forms.MultipleChoiceField if several else forms.ChoiceField
    widget = forms.CheckboxSelectMultiple if several else forms.RadioSelect
    return field_class(
        choices=choices,
        widget=widget,
        required=required,
        label=question_text(child),
        help_text=child.value.get("hint", ""),
        error_messages={
            "required": "Choose at least one answer." if several else "Choose an answer.",
            "invalid_choice": "Choose one of the answers shown.",
            "invalid_list": "Choose one of the answers shown.",
        },
    )


def field_for(child):
    """The form field for one question block (a stream child)."""
    value = child.value
    kind = child.block_type
    if kind == "choice":
        options = [(option, option) for option in value["options"]]
        return _choice(options, child, several=value["allow_several"], required=value["required"])
    if kind == "scale":
        points = value["points"]
        choices = []
        for point in range(1, points + 1):
            label = str(point)
            if point == 1:
                label = f"1: {value['low_label']}"
            elif point == points:
                label = f"{points}: {value['high_label']}"
            choices.append((str(point), label))
        return _choice(choices, child, required=value["required"])
    if kind == "free_text":
        limit = value["max_length"]
        return forms.CharField(
            label=value["question"],
            help_text=value.get("hint", ""),
            required=value["required"],
            max_length=limit,
            widget=forms.Textarea(attrs={"rows": 5}),
            error_messages={
                "required": "Write an answer.",
                "max_length": f"Keep your answer to {limit:,} characters or fewer: it has "
                "%(show_value)s.",
            },
        )
    if kind == "about_you":
        options = [(option, option) for option in value["options"]]
        options.append((PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY))
        field = _choice(options, child, required=False)
        field.help_text = "You do not have to answer this."
        return field
    if kind == "contact_detail":
        detail = value["detail"]
        common = {"label": question_text(child), "help_text": value["why"], "required": False}
        if detail == ContactDetailQuestionBlock.EMAIL:
            return forms.EmailField(
                **common,
                max_length=254,
                error_messages={"invalid": "Enter an email address like name@example.com."},
            )
        if detail == ContactDetailQuestionBlock.PHONE:
            return forms.CharField(**common, max_length=20, validators=[PHONE])
        return forms.CharField(**common, max_length=100)
    raise ValueError(f"No field for a {kind} question")


class AnswerForm(forms.Form):
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    # The honeypot: inside a hidden block in the template; people leave it empty.
    website = forms.CharField(required=False, label="Leave this empty", max_length=200, strip=False)

    questions = {}  # field name -> question block (stream child), set per version

    def answers(self):
        """(question block, [values]) for each question answered; empty answers,
        and "about you" questions not answered, are left out."""
        for name, child in self.questions.items():
            value = self.cleaned_data.get(name)
            values = value if isinstance(value, list) else [value]
            values = [v for v in values if v not in (None, "")]
            if values:
                yield child, values

    @property
    def question_fields(self):
        return [self[name] for name in self.questions]

    @property
    def caught_by_honeypot(self):
        return bool(self.data.get(HONEYPOT))

    def too_quick_or_stale(self):
        """Why the time check refuses these answers, or "" when it passes."""
        elapsed = seconds_since_started(self.data.get("started"))
        if elapsed is None:
            return (
                "We could not check when this form was opened, perhaps because it was "
                "open for more than two days. Your answers are still here: check them "
                "and send them again."
            )
        if elapsed < settings.CONSULTATION_MIN_SECONDS:
            return (
                "Your answers were sent very quickly, which is what automated programs "
                "do. Check your answers and send them again."
            )
        return ""


def answer_form(version):
    """The form class for ``version`` (consultations.models.Version)."""
    fields, questions = {}, {}
    for child in version.questions:
        name = f"q_{child.id}"
        fields[name] = field_for(child)
        questions[name] = child
    return type("VersionAnswerForm", (AnswerForm,), {**fields, "questions": questions})
