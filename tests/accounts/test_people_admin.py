"""What a partnership's Administrator (not a superuser) does with people: send
an invitation again, and reset a lost phone from pages whose every link leads
somewhere they can open; and what each role is for, shown where a person's
roles are given."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice

from site_core.models import Partnership
from site_core.roles import DESCRIPTIONS, Role
from tests.helpers import role_group

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]

PASSWORD = "a-long-new-password-2026"


@pytest.fixture(autouse=True)
def _admin_templates(invalid_template_variables_as_in_production):
    """Wagtail's admin renders here (tests/conftest.py says why)."""


def invite(client, email="new.editor@example.org", partnership=None):
    return client.post(
        "/admin/people/invite/",
        {
            "email": email,
            "first_name": "Nell",
            "last_name": "Editor",
            "partnership": (partnership or Partnership.objects.get(site__is_default_site=True)).pk,
            "roles": [Role.EDITORS.value],
        },
    )


def link_path(message):
    link = re.search(r"https?://\S+/admin/invitation/\S+/", message.body).group(0)
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def resend_url(user):
    return f"/admin/people/{user.pk}/resend-invitation/"


def test_an_invitation_sent_again_has_a_new_link_and_the_old_one_stops_working(
    administrator, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(client)
    person = get_user_model().objects.get(email="new.editor@example.org")
    first_link = link_path(mail.outbox[0])

    people = BeautifulSoup(client.get("/admin/people/").content, "html.parser")
    form = people.select_one(f"form[action='{resend_url(person)}']")
    assert form is not None and "Resend invitation" in form.get_text()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend_url(person), follow=True)
    assert "A new invitation was sent to new.editor@example.org" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["new.editor@example.org"]] * 2
    second_link = link_path(mail.outbox[1])
    assert second_link != first_link

    client.logout()
    old = client.get(first_link)
    assert old.status_code == 400
    assert "no longer works" in old.content.decode()
    new = client.get(second_link)
    assert new.status_code == 200
    done = client.post(second_link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_someone_who_has_accepted_is_not_sent_another_link(
    administrator, client, django_user_model
):
    accepted = django_user_model.objects.create_user(
        "erin", email="erin@example.org", password=PASSWORD
    )
    accepted.groups.add(role_group(Role.EDITORS))
    people = client.get("/admin/people/").content.decode()
    assert resend_url(accepted) not in people
    response = client.post(resend_url(accepted), follow=True)
    assert "has already accepted" in response.content.decode()
    assert not mail.outbox
    accepted.refresh_from_db()
    assert accepted.check_password(PASSWORD), "their password was thrown away"


def test_another_partnerships_administrator_cannot_resend(
    client, login_as, django_user_model, other_partnership, django_capture_on_commit_callbacks
):
    invited = django_user_model.objects.create_user("nell", email="nell@example.org")
    invited.set_unusable_password()
    invited.save()
    invited.groups.add(role_group(Role.EDITORS))
    password_before = invited.password
    outsider = django_user_model.objects.create_user("otto", email="otto@example.org")
    outsider.groups.add(role_group(Role.ADMINISTRATORS, other_partnership))
    login_as(client, outsider)

    assert "nell@example.org" not in client.get("/admin/people/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend_url(invited))
    assert response.status_code in (403, 404)
    assert not mail.outbox
    invited.refresh_from_db()
    assert invited.password == password_before, "their link was retired by an outsider"

    # Nor can an editor of the same partnership, nor a plain GET.
    editor = django_user_model.objects.create_user("eddie", email="eddie@example.org")
    editor.groups.add(role_group(Role.EDITORS))
    login_as(client, editor)
    assert client.post(resend_url(invited)).status_code in (302, 403)
    assert not mail.outbox


def links_in_main(html):
    main = BeautifulSoup(html, "html.parser").select_one("main") or BeautifulSoup(
        html, "html.parser"
    )
    return {
        a["href"]
        for a in main.select("a[href]")
        if a["href"].startswith("/admin/") and not a["href"].startswith("/admin/logout")
    }


def test_an_administrators_two_factor_pages_link_only_where_they_can_go(
    administrator, client, django_user_model
):
    ours = django_user_model.objects.create_user("ours", email="ours@example.org")
    ours.groups.add(role_group(Role.EDITORS))
    TOTPDevice.objects.create(user=ours, name="Old phone", confirmed=True)
    fresh = django_user_model.objects.create_user("fresh", email="fresh@example.org")
    fresh.groups.add(role_group(Role.EDITORS))

    pages = [
        client.get(f"/admin/two-factor/users/{ours.pk}/reset/"),
        client.get(f"/admin/two-factor/users/{fresh.pk}/enrolment-code/"),
        client.post(f"/admin/two-factor/users/{ours.pk}/reset/", follow=True),
        client.post(f"/admin/two-factor/users/{fresh.pk}/enrolment-code/", follow=True),
    ]
    seen = set()
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        assert "/admin/users/" not in html, "links to Settings → Users, which they cannot open"
        seen |= links_in_main(html)
    assert "/admin/people/" in seen  # the way back is their people list
    for href in seen:
        answer = client.get(href)
        assert answer.status_code == 200, f"{href} answered {answer.status_code}"

    # Trying their own: sent back to a list they can open, with the reason.
    response = client.get(f"/admin/two-factor/users/{administrator.pk}/reset/", follow=True)
    assert response.redirect_chain[-1][0] == "/admin/people/"
    assert "You cannot reset or enrol your own" in response.content.decode()


def test_a_superuser_is_still_led_back_to_settings_users(admin_client, django_user_model, site):
    ours = django_user_model.objects.create_user("ours", email="ours@example.org")
    # An Editor: enrolment codes are only for people with admin access.
    ours.groups.add(role_group(Role.EDITORS))
    html = admin_client.get(f"/admin/two-factor/users/{ours.pk}/enrolment-code/").content
    assert "/admin/users/" in links_in_main(html.decode())


@pytest.mark.parametrize("path", ["/admin/users/new/", "/admin/users/edit/{pk}/"])
def test_the_user_form_says_what_each_role_is_for(admin_client, django_user_model, site, path):
    someone = django_user_model.objects.create_user("someone", email="someone@example.org")
    soup = BeautifulSoup(
        admin_client.get(path.format(pk=someone.pk)).content.decode(), "html.parser"
    )
    roles_tab = soup.select_one("#tab-roles")
    described = roles_tab.select_one("[data-role-descriptions]")
    assert described is not None, "no role descriptions on the Roles tab"
    text = " ".join(described.get_text(" ").split())
    partnership = Partnership.objects.get(site__is_default_site=True)
    for role in (Role.GOVERNANCE_OFFICERS, Role.ADMINISTRATORS):
        group = role_group(role)
        assert group.name in text
        assert DESCRIPTIONS[role] in text
    assert str(partnership) in text


def test_the_invitation_form_says_what_each_role_is_for(administrator, client):
    soup = BeautifulSoup(client.get("/admin/people/invite/").content.decode(), "html.parser")
    text = " ".join(soup.select_one("[data-invite-form]").get_text(" ").split())
    for role in (Role.EDITORS, Role.BOARD_MEMBERS):
        assert DESCRIPTIONS[role] in text
