"""A partnership's Administrators invite people and reset a lost phone, for
their own partnership only; the invited person chooses a password from a
one-time link and goes straight on to set up their second factor."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice

from site_core.models import Partnership
from site_core.roles import Role
from tests.helpers import role_group

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]

PASSWORD = "a-long-new-password-2026"


def invite(client, **fields):
    data = {
        "email": "new.editor@example.org",
        "first_name": "Nell",
        "last_name": "Editor",
        "partnership": Partnership.objects.get(site__is_default_site=True).pk,
        "roles": [Role.EDITORS.value],
        **fields,
    }
    return client.post("/admin/people/invite/", data)


def link_in(message):
    return re.search(r"https?://\S+/admin/invitation/\S+/", message.body).group(0)


def test_an_invitation_emails_a_one_time_link_to_a_password_then_the_second_factor(
    administrator, client, django_capture_on_commit_callbacks
):
    assert "/admin/people/" in client.get("/admin/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client)
    assert response.status_code == 302
    person = get_user_model().objects.get(email="new.editor@example.org")
    assert not person.has_usable_password()
    assert person.groups.filter(pk=role_group(Role.EDITORS).pk).exists()
    assert [m.to for m in mail.outbox] == [["new.editor@example.org"]]
    link = link_in(mail.outbox[0])
    path = link.split("://", 1)[1].split("/", 1)[1]

    client.logout()
    form = client.get("/" + path)
    assert form.status_code == 200
    assert "Choose your password" in form.content.decode()
    done = client.post("/" + path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    # Straight on to set up the authenticator, with no enrolment code to type.
    assert done.status_code == 302
    set_up = client.get(done["Location"])
    assert set_up.status_code == 200
    assert TOTPDevice.objects.filter(user=person, confirmed=False).exists()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)

    # The link works once.
    client.logout()
    again = client.get("/" + path)
    assert again.status_code == 400
    assert "no longer works" in again.content.decode()


def test_an_invitation_is_refused_for_another_partnership_or_an_existing_address(
    administrator, client, other_partnership
):
    response = invite(client, partnership=other_partnership.pk)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    response = invite(client, email="ADA@example.org")
    assert "already has an account" in response.content.decode()
    assert not mail.outbox


def test_people_without_the_role_cannot_invite(client, login_as, django_user_model, site):
    approver = django_user_model.objects.create_user("april")
    approver.groups.add(role_group(Role.APPROVERS))
    login_as(client, approver)
    # Wagtail answers a refusal in the admin with a redirect to the dashboard.
    assert client.get("/admin/people/invite/").status_code in (302, 403)
    assert invite(client).status_code in (302, 403)
    assert not django_user_model.objects.filter(email="new.editor@example.org").exists()
    assert "/admin/people/" not in client.get("/admin/").content.decode()


def test_an_administrator_resets_a_lost_phone_in_their_partnership_only(
    administrator, client, django_user_model, other_partnership
):
    ours = django_user_model.objects.create_user("ours", email="ours@example.org")
    ours.groups.add(role_group(Role.EDITORS))
    TOTPDevice.objects.create(user=ours, name="Old phone", confirmed=True)
    theirs = django_user_model.objects.create_user("theirs", email="theirs@example.org")
    theirs.groups.add(role_group(Role.EDITORS, other_partnership))
    TOTPDevice.objects.create(user=theirs, name="Their phone", confirmed=True)
    # Someone in both partnerships is not theirs to reset either.
    both = django_user_model.objects.create_user("both", email="both@example.org")
    both.groups.add(role_group(Role.EDITORS), role_group(Role.EDITORS, other_partnership))
    TOTPDevice.objects.create(user=both, name="Both phone", confirmed=True)

    people = client.get("/admin/people/").content.decode()
    assert "ours@example.org" in people
    assert "theirs@example.org" not in people
    assert "both@example.org" not in people

    response = client.post(f"/admin/two-factor/users/{ours.pk}/reset/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=ours).exists()
    for outsider in (theirs, both):
        response = client.post(f"/admin/two-factor/users/{outsider.pk}/reset/")
        assert response.status_code in (302, 403)
        assert TOTPDevice.objects.filter(user=outsider).exists(), "another partnership's reset"


def test_reset_two_factor_is_offered_only_to_people_who_have_it(
    administrator, client, django_user_model
):
    from bs4 import BeautifulSoup

    from accounts.models import TwoFactorEnrolmentCode

    editor = django_user_model.objects.create_user("eddie", email="eddie@example.org")
    editor.groups.add(role_group(Role.EDITORS))
    member = django_user_model.objects.create_user("bella", email="bella@example.org")
    member.groups.add(role_group(Role.BOARD_MEMBERS))

    page = BeautifulSoup(client.get("/admin/people/").content, "html.parser")
    rows = {
        row.select("td")[1].get_text(strip=True): row
        for row in page.select("[data-people] tbody tr")
    }
    assert rows["eddie@example.org"].find("a", href=f"/admin/two-factor/users/{editor.pk}/reset/")
    assert not rows["bella@example.org"].find("a", href=re.compile("two-factor"))
    assert "password alone" in rows["bella@example.org"].get_text()

    # Typed in by hand, the address explains and issues nothing.
    response = client.post(f"/admin/two-factor/users/{member.pk}/reset/", follow=True)
    assert "signs in with a password alone" in response.content.decode()
    assert not TwoFactorEnrolmentCode.objects.filter(user=member).exists()


def test_the_users_list_offers_reset_to_admin_users_and_former_ones_with_a_device(
    admin_client, django_user_model, partnership
):
    from wagtail.admin.widgets.button import Button

    from accounts.wagtail_hooks import two_factor_user_listing_buttons

    admin = django_user_model.objects.get(is_superuser=True)
    editor = django_user_model.objects.create_user("eddie", email="eddie@example.org")
    editor.groups.add(role_group(Role.EDITORS))
    member = django_user_model.objects.create_user("bella", email="bella@example.org")
    member.groups.add(role_group(Role.BOARD_MEMBERS))
    former = django_user_model.objects.create_user("fred", email="fred@example.org")
    former.groups.add(role_group(Role.BOARD_MEMBERS))
    TOTPDevice.objects.create(user=former, name="Phone from his editing days", confirmed=True)

    def labels(user):
        return [
            b.label for b in two_factor_user_listing_buttons(user, admin) if isinstance(b, Button)
        ]

    assert "Reset two-factor sign-in" in labels(editor)
    assert "Reset two-factor sign-in" in labels(former)
    assert labels(member) == []
    listing = admin_client.get("/admin/users/").content.decode()
    assert f"/admin/two-factor/users/{editor.pk}/reset/" in listing
    assert f"/admin/two-factor/users/{member.pk}/reset/" not in listing
