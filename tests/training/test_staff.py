"""Training officers: the register (attendance, non-attendance, charges), the
overview, the bookings admin; another partnership's staff, and this
partnership's other roles, are refused personal details everywhere."""

from decimal import Decimal

import pytest
from django.urls import reverse

from site_core import tenancy
from site_core.roles import Role
from tests.factories.training import (
    BookingFactory,
    CoursePageFactory,
    CourseSessionFactory,
    TrainingIndexPageFactory,
)
from training.models import Status

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]


@pytest.fixture(autouse=True)
def _admin_templates(invalid_template_variables_as_in_production):
    """Wagtail's admin renders here."""


def register_url(session):
    return reverse("training_register", args=[session.pk])


def test_the_role_is_provisioned_beside_the_others(partnership):
    groups = tenancy.role_groups(partnership)
    tenancy.provision(partnership)
    officers = groups[Role.TRAINING_OFFICERS]
    codenames = set(officers.permissions.values_list("codename", flat=True))
    assert {"view_booking", "change_booking", "add_coursesession"} <= codenames
    assert officers.name == "TSCP Training officers"
    editors = set(groups[Role.EDITORS].permissions.values_list("codename", flat=True))
    assert "view_booking" not in editors


def test_an_officer_marks_attendance_and_charges(client, login_as, officer, session, outbox):
    came, missed = BookingFactory.create_batch(2, session=session)
    login_as(client, officer)
    page = client.get(register_url(session))
    html = page.content.decode()
    assert page.status_code == 200
    assert came.name in html and came.email in html
    response = client.post(
        register_url(session),
        {
            f"b{came.pk}-attendance": Status.ATTENDED,
            f"b{missed.pk}-attendance": Status.DID_NOT_ATTEND,
            f"b{missed.pk}-charge": "50.00",
            f"b{missed.pk}-charge_note": "No notice given (policy: 2 working days)",
        },
    )
    assert response.status_code == 302
    came.refresh_from_db()
    missed.refresh_from_db()
    assert came.status == Status.ATTENDED
    assert missed.status == Status.DID_NOT_ATTEND
    assert missed.charge == Decimal("50.00") and "No notice" in missed.charge_note
    certificate = next(m for m in outbox if m.to == [came.email])
    assert "/certificate/" in certificate.body and "/evaluation/" in certificate.body
    assert not [m for m in outbox if m.to == [missed.email]]


def test_a_bad_charge_keeps_the_register_as_typed(client, login_as, officer, session):
    booking = BookingFactory(session=session)
    login_as(client, officer)
    response = client.post(
        register_url(session),
        {
            f"b{booking.pk}-attendance": Status.DID_NOT_ATTEND,
            f"b{booking.pk}-charge": "fifty",
            f"b{booking.pk}-charge_note": "late",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter an amount in pounds" in html
    assert 'value="fifty"' in html and 'value="late"' in html
    booking.refresh_from_db()
    assert booking.status == Status.CONFIRMED


def test_a_charge_without_attendance_is_refused(client, login_as, officer, session):
    booking = BookingFactory(session=session)
    login_as(client, officer)
    response = client.post(register_url(session), {f"b{booking.pk}-charge": "20"})
    assert response.status_code == 400
    assert "Mark attendance before recording a charge." in response.content.decode()


def test_the_overview_lists_sessions_and_figures(client, login_as, officer, session):
    BookingFactory(session=session)
    login_as(client, officer)
    html = client.get(reverse("training_admin")).content.decode()
    assert "Working together" in html and "1 of 3" in html
    assert "Send" in html and "to the evidence" in html
    bad_year = client.get(reverse("training_admin") + "?year=soon")
    assert bad_year.status_code == 200
    assert "Showing" in bad_year.content.decode()


def test_another_partnerships_officer_is_refused_everywhere(
    client, login_as, other_officer, session
):
    booking = BookingFactory(session=session, name="Visible Only Here")
    login_as(client, other_officer)
    assert client.get(register_url(session)).status_code == 404
    assert client.post(register_url(session), {}).status_code == 404
    listing = client.get(reverse("wagtailsnippets_training_booking:list"))
    assert "Visible Only Here" not in listing.content.decode()
    edit = reverse("wagtailsnippets_training_booking:edit", args=[booking.pk])
    assert client.get(edit).status_code == 404
    inspect = reverse("wagtailsnippets_training_booking:inspect", args=[booking.pk])
    assert client.get(inspect).status_code == 404
    session_edit = reverse("wagtailsnippets_training_coursesession:edit", args=[session.pk])
    assert client.get(session_edit).status_code == 404
    html = client.get(reverse("training_admin")).content.decode()
    assert "Working together" not in html


def test_an_officer_of_another_partnership_who_edits_here_sees_no_bookings(
    client, login_as, make_user, other_partnership, session
):
    """Training officer over there, Editor here: this partnership's attendees stay hidden."""
    user = make_user("mixed", Role.EDITORS)
    user.groups.add(tenancy.role_groups(other_partnership)[Role.TRAINING_OFFICERS])
    BookingFactory(session=session, name="Kept From Editors")
    login_as(client, user)
    listing = client.get(reverse("wagtailsnippets_training_booking:list"))
    assert "Kept From Editors" not in listing.content.decode()
    assert client.get(register_url(session)).status_code == 404


def test_editors_and_approvers_see_no_bookings(client, login_as, editor, approver, session):
    BookingFactory(session=session, name="Kept From Editors")
    for user in (editor, approver):
        login_as(client, user)
        listing = client.get(reverse("wagtailsnippets_training_booking:list"))
        assert listing.status_code in (302, 403)
        assert client.get(register_url(session)).status_code == 404
        assert client.get(reverse("training_admin")).status_code == 404


def test_officers_cannot_add_bookings_past_the_count_of_places(client, login_as, officer):
    login_as(client, officer)
    response = client.get(reverse("wagtailsnippets_training_booking:add"))
    assert response.status_code in (302, 403)


def test_the_session_form_refuses_another_partnerships_course(
    client, login_as, officer, partnership, other_partnership, other_site
):
    elsewhere = CoursePageFactory(parent=TrainingIndexPageFactory(parent=other_site.root_page))
    session = CourseSessionFactory.build(course=elsewhere, partnership=partnership)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "course" in error.value.message_dict


def test_an_officer_adds_a_session_in_the_admin(client, login_as, officer, partnership, course):
    login_as(client, officer)
    url = reverse("wagtailsnippets_training_coursesession:add")
    data = {
        "partnership": partnership.pk,
        "course": course.pk,
        "mode": "in_person",
        "venue": "",
        "venue_accessibility": "",
        "joining_link": "",
        "trainer": "A. Trainer",
        "capacity": "12",
        "booking_opens": "",
        "booking_closes": "",
        "parts-TOTAL_FORMS": "1",
        "parts-INITIAL_FORMS": "0",
        "parts-MIN_NUM_FORMS": "1",
        "parts-MAX_NUM_FORMS": "1000",
        "parts-0-starts": "2030-05-01 09:30",
        "parts-0-ends": "2030-05-01 12:30",
        "parts-0-ORDER": "1",
        "parts-0-id": "",
        "parts-0-DELETE": "",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Say where the session is held" in refused.content.decode()
    data["venue"] = "Civic Centre"
    created = client.post(url, data)
    assert created.status_code == 302, created.content.decode()[:3000]
    session = course.sessions.get()
    assert session.starts_at.year == 2030 and session.capacity == 12
