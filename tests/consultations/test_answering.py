"""A reader answers: each kind of question checks its answer, what was typed
stays on the form with the reason beside the question, and what is kept says
nothing about who answered."""

import time

import pytest
from django.test import override_settings

from consultations.forms import started_token
from consultations.models import Answer, ConsultationResponse
from tests.factories.consultations import ConsultationPageFactory, contact_question, questions

from .conftest import answer_url

GOOD = {"q_choice-1": "A teacher", "q_scale-1": "4"}


def test_a_good_answer_is_kept_and_thanked(consultation, send):
    response = send(
        consultation,
        {
            **GOOD,
            "q_several-1": ["At home", "Online"],
            "q_text-1": "Someone to talk to at lunch.",
            "q_about-1": "14 to 16",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/young-people/thanks/")
    kept = ConsultationResponse.objects.get()
    assert kept.audience == "young-people"
    assert kept.partnership.site.root_page.pk == consultation.get_parent().pk
    values = {(a.question_id, a.value) for a in kept.answers.all()}
    assert values == {
        ("choice-1", "A teacher"),
        ("several-1", "At home"),
        ("several-1", "Online"),
        ("scale-1", "4"),
        ("text-1", "Someone to talk to at lunch."),
        ("about-1", "14 to 16"),
    }


def errors_of(response):
    return response.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        # choice: required, and only the answers offered
        ({"q_scale-1": "4"}, "q_choice-1", "Choose an answer."),
        ({**GOOD, "q_choice-1": "A stranger"}, "q_choice-1", "Choose one of the answers shown."),
        # several: only the answers offered
        ({**GOOD, "q_several-1": ["At home", "Mars"]}, "q_several-1", "Choose one of the"),
        # scale: required, and a point on it
        ({"q_choice-1": "A teacher"}, "q_scale-1", "Choose an answer."),
        ({**GOOD, "q_scale-1": "9"}, "q_scale-1", "Choose one of the answers shown."),
        # free text: no longer than the editor allowed
        ({**GOOD, "q_text-1": "x" * 101}, "q_text-1", "Keep your answer to 100 characters"),
        # about you: optional, but only the answers offered
        ({**GOOD, "q_about-1": "99"}, "q_about-1", "Choose one of the answers shown."),
    ],
)
def test_each_question_checks_its_answer_and_keeps_what_was_typed(
    consultation, send, data, field, message
):
    typed = {**data, "q_text-1": data.get("q_text-1", "I typed this, keep it")}
    response = send(consultation, typed)
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert f'id="id_{field}-error"' in html
    assert message in html
    # What was typed is still there.
    assert typed["q_text-1"][:50] in html
    assert not ConsultationResponse.objects.exists()


def test_about_you_is_never_required_and_offers_prefer_not_to_say(consultation, send, client):
    html = client.get(consultation.url + "young-people/").content.decode()
    assert "Prefer not to say" in html
    assert send(consultation, GOOD).status_code == 302
    assert send(consultation, {**GOOD, "q_about-1": "Prefer not to say"}).status_code == 302


@pytest.mark.parametrize(
    ("detail", "bad", "message"),
    [
        ("email", "not-an-address", "Enter an email address like name@example.com."),
        ("phone", "call me maybe", "Enter a phone number using digits"),
    ],
)
def test_contact_questions_check_their_format(home, send, detail, bad, message):
    page = ConsultationPageFactory(
        parent=home, young_people_questions=[*questions(), contact_question(detail)]
    )
    response = send(page, {**GOOD, f"q_contact-{detail}": bad})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_answers_are_anonymous_unless_a_question_asks(consultation, send, client, admin_user):
    # A signed-in person, from a known address: neither is kept.
    client.force_login(admin_user)
    sent = send(consultation, {**GOOD, "q_text-1": "ok"}, REMOTE_ADDR="203.0.113.9")
    assert sent.status_code == 302
    kept = ConsultationResponse.objects.get()
    fields = {f.name for f in ConsultationResponse._meta.get_fields()} | {
        f.name for f in Answer._meta.get_fields()
    }
    assert not fields & {"user", "ip", "ip_address", "address", "email", "name", "created_at"}
    stored = " ".join(a.value for a in kept.answers.all())
    assert "203.0.113.9" not in stored
    assert admin_user.username not in stored and admin_user.email not in stored


def test_a_contact_detail_is_kept_only_when_asked_and_says_why(home, send, client):
    page = ConsultationPageFactory(
        parent=home, young_people_questions=[*questions(), contact_question("email")]
    )
    html = client.get(page.url + "young-people/").content.decode()
    assert "Your email address (optional)" in html
    assert "So we can invite you to hear what changed." in html
    assert send(page, {**GOOD, "q_contact-email": "sam@example.org"}).status_code == 302
    assert Answer.objects.get(kind="contact").value == "sam@example.org"
    # Without the question, a typed-in email field is ignored.
    send(page, GOOD)
    assert Answer.objects.filter(kind="contact").count() == 1


def test_neither_the_form_nor_sending_it_sets_a_cookie(consultation, send, client):
    for path in (consultation.url, consultation.url + "young-people/"):
        response = client.get(path)
        assert response.status_code == 200
        assert not response.cookies
    assert (
        'name="csrfmiddlewaretoken"'
        not in client.get(consultation.url + "young-people/").content.decode()
    )
    assert not send(consultation, GOOD).cookies
    assert not send(consultation, {}).cookies


def test_the_honeypot_keeps_nothing(consultation, send):
    response = send(consultation, {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 302  # thanked, so a script learns nothing
    assert not ConsultationResponse.objects.exists()


@pytest.mark.parametrize(
    ("started", "message"),
    [
        (lambda: started_token(), "sent very quickly"),
        (lambda: "forged", "could not check when this form was opened"),
        (lambda: started_token(now=time.time() - 3 * 24 * 3600), "could not check"),
    ],
)
def test_the_time_check_refuses_and_keeps_what_was_typed(consultation, client, started, message):
    data = {**GOOD, "q_text-1": "My words stay", "started": started(), "website": ""}
    response = client.post(answer_url(consultation), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "My words stay" in html
    assert not ConsultationResponse.objects.exists()


@override_settings(RATE_LIMITS={"consultation-answer": (2, 600)})
def test_the_rate_limit_per_address_keeps_what_was_typed(consultation, send):
    assert send(consultation, GOOD, REMOTE_ADDR="198.51.100.1").status_code == 302
    assert send(consultation, GOOD, REMOTE_ADDR="198.51.100.1").status_code == 302
    refused = send(consultation, {**GOOD, "q_text-1": "third try"}, REMOTE_ADDR="198.51.100.1")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "600"
    assert "Wait 10 minutes" in refused.content.decode()
    assert "third try" in refused.content.decode()
    # Another connection is not held back.
    assert send(consultation, GOOD, REMOTE_ADDR="198.51.100.2").status_code == 302
    assert ConsultationResponse.objects.count() == 3


def test_a_closed_or_other_sites_consultation_takes_no_answers(home, other_site, send, client):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    closed = ConsultationPageFactory(
        parent=home, opens_on=today - timedelta(days=9), closes_on=today - timedelta(days=1)
    )
    assert send(closed, GOOD).status_code == 410
    elsewhere = ConsultationPageFactory(parent=other_site.root_page)
    # Sent to this site's address: the other partnership's page is not found here.
    assert send(elsewhere, GOOD).status_code == 404
    assert client.post(answer_url(elsewhere, "nobody"), GOOD).status_code == 404
    assert not ConsultationResponse.objects.exists()
