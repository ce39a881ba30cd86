"""After attendance: a printable certificate with a verification link, and an
evaluation form whose answers are summarised per session and per course."""

import pytest
from django.urls import reverse

from tests.factories.training import BookingFactory, EvaluationFactory
from training import booking as bookings
from training import links
from training.models import Evaluation, Status

from .conftest import link_to, path_of

pytestmark = pytest.mark.django_db


def test_an_attendee_gets_a_certificate_that_can_be_checked(client, session, outbox):
    booking = BookingFactory(session=session, name="Jo Bloggs")
    bookings.record_attendance(booking, attended=True)
    message = outbox[-1]
    certificate = client.get(path_of(link_to(message, "/certificate/")))
    html = certificate.content.decode()
    assert certificate.status_code == 200
    assert "Certificate of attendance" in html and "Jo Bloggs" in html
    assert "Working together" in html and "Half a day (3 hours)" in html
    assert "private" in certificate["Cache-Control"]
    check = client.get(path_of(links.verify_url(booking)))
    assert "This is a genuine certificate" in check.content.decode()
    assert "Jo Bloggs" in check.content.decode()


def test_no_certificate_without_attendance(client, session):
    booking = BookingFactory(session=session)
    assert (
        client.get(path_of(links.attendee_url(booking, "training_certificate"))).status_code == 404
    )
    assert client.get(path_of(links.verify_url(booking))).status_code == 404
    bookings.record_attendance(booking, attended=False)
    assert client.get(path_of(links.verify_url(booking))).status_code == 404


def test_the_evaluation_form(client, session):
    booking = BookingFactory(session=session, status=Status.ATTENDED)
    url = path_of(links.attendee_url(booking, "training_evaluation"))
    page = client.get(url).content.decode()
    assert "Before the session, how confident" in page
    bad = client.post(url, {"confidence_before": "9", "comments": "Useful case studies"})
    html = bad.content.decode()
    assert bad.status_code == 400
    assert "Choose a number from 1 to 5." in html
    assert "Useful case studies" in html
    client.post(url, {"confidence_before": "2", "confidence_after": "4", "comments": "Useful"})
    evaluation = Evaluation.objects.get()
    assert (evaluation.confidence_before, evaluation.confidence_after) == (2, 4)
    assert evaluation.partnership == session.partnership
    again = client.get(url).content.decode()
    assert "we have your evaluation" in again
    client.post(url, {"confidence_before": "5", "confidence_after": "5"})
    assert Evaluation.objects.count() == 1


def test_only_attendees_evaluate(client, session):
    booking = BookingFactory(session=session)
    assert (
        client.get(path_of(links.attendee_url(booking, "training_evaluation"))).status_code == 404
    )


@pytest.mark.ignore_template_errors
def test_summaries_per_session_and_course(
    client, login_as, officer, session, invalid_template_variables_as_in_production
):
    EvaluationFactory(booking__session=session, confidence_before=2, confidence_after=4)
    EvaluationFactory(
        booking__session=session, confidence_before=3, confidence_after=5, comments=""
    )
    login_as(client, officer)
    register = client.get(reverse("training_register", args=[session.pk])).content.decode()
    assert "2 evaluations: confidence 2.5 before, 4.5 after" in register
    assert "Clearer on when to share information." in register
    overview = client.get(reverse("training_admin")).content.decode()
    assert "<td>Working together</td><td>2</td><td>2.5</td><td>4.5</td>" in overview
