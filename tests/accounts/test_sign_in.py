"""Sign-in: a second factor for every admin user, lockout, sessions that expire."""

import io
import re
from base64 import b32decode

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import issue_enrolment_code
from demo.management.commands.ensure_demo_admin import (
    DEMO_BACKUP_CODE,
    DEMO_PASSWORD,
    DEMO_USERNAME,
)
from site_core.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]

ADMIN_HOME = reverse("wagtailadmin_home")
TWO_FACTOR = reverse("accounts_two_factor")


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in_with_password(client, username, password):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password, "next": ADMIN_HOME},
    )


def test_a_password_alone_does_not_open_the_admin(client, admin_user):
    client.force_login(admin_user)  # signed in, but no second factor
    for url in (ADMIN_HOME, reverse("wagtailadmin_explore_root"), "/admin/documents/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(TWO_FACTOR)


def test_the_shared_test_sign_in_passes_the_second_factor(admin_client):
    assert admin_client.get(ADMIN_HOME).status_code == 200


def test_first_sign_in_sets_up_an_authenticator_and_gives_backup_codes(client, make_user):
    editor = make_user("eddie", Role.EDITORS)
    enrolment_code = issue_enrolment_code(editor)
    client.force_login(editor)
    response = client.get(ADMIN_HOME, follow=True)
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Set up two-factor sign-in"
    assert (
        soup.find("label", attrs={"for": "id_enrolment_code"})
        .get_text(strip=True)
        .startswith("Enrolment code")
    )
    response = client.post(
        TWO_FACTOR, {"enrolment_code": enrolment_code.lower(), "next": ADMIN_HOME}, follow=True
    )
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Set up two-factor sign-in"
    qr = soup.find("img", alt=re.compile("QR code"))
    assert qr["src"].startswith("data:image/svg+xml;base64,")

    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    secret = soup.select_one("[data-otp-secret]").get_text().replace(" ", "")
    assert b32decode(secret) == device.bin_key

    wrong = client.post(TWO_FACTOR, {"code": "000000", "next": ADMIN_HOME})
    assert wrong.status_code == 400
    assert "That code did not work" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()

    response = client.post(TWO_FACTOR, {"code": current_code(device), "next": ADMIN_HOME})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    codes_page = client.get(response["Location"])
    codes = [
        li.get_text(strip=True)
        for li in BeautifulSoup(codes_page.content, "html.parser").select("[data-backup-codes] li")
    ]
    assert len(codes) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=editor).values_list("token", flat=True)
    )
    # Shown once only.
    assert "data-backup-codes" not in client.get(response["Location"]).content.decode()
    assert client.get(ADMIN_HOME).status_code == 200


def test_returning_user_enters_a_code_or_a_backup_code(client, make_user):
    approver = make_user("april", Role.APPROVERS)
    device = TOTPDevice.objects.create(user=approver, name="Phone", confirmed=True)
    backup = StaticDevice.objects.create(user=approver, name="Backup codes", confirmed=True)
    backup.token_set.create(token="abcd2345")

    client.force_login(approver)
    page = client.get(TWO_FACTOR)
    assert BeautifulSoup(page.content, "html.parser").h1.get_text(strip=True) == ("Enter your code")
    response = client.post(TWO_FACTOR, {"code": current_code(device), "next": ADMIN_HOME})
    assert response.status_code == 302 and response["Location"] == ADMIN_HOME
    assert client.get(ADMIN_HOME).status_code == 200

    client.logout()
    client.force_login(approver)
    assert client.get(ADMIN_HOME).status_code == 302
    # A backup code works once, whatever the case and spacing.
    response = client.post(TWO_FACTOR, {"code": " ABCD 2345 ", "next": ADMIN_HOME})
    assert response.status_code == 302
    assert not backup.token_set.exists()


def test_the_next_address_cannot_leave_the_site(client, make_user):
    approver = make_user("april", Role.APPROVERS)
    backup = StaticDevice.objects.create(user=approver, name="Backup codes", confirmed=True)
    backup.token_set.create(token="abcd2345")
    client.force_login(approver)
    response = client.post(TWO_FACTOR, {"code": "abcd2345", "next": "https://evil.example/"})
    assert response["Location"] == ADMIN_HOME


def test_board_members_are_not_asked_to_enrol(client, make_user):
    client.force_login(make_user("bob", Role.BOARD_MEMBERS))
    response = client.get(ADMIN_HOME)
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert not TOTPDevice.objects.exists()


def test_five_wrong_passwords_lock_the_account(client, django_user_model):
    django_user_model.objects.create_user("april", password="correct horse battery")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in_with_password(client, "april", "wrong password 1")
        assert response.status_code == 200  # the form again, with an error

    locked = sign_in_with_password(client, "april", "wrong password 5")
    assert locked.status_code == 429
    assert "Sign-in locked" in locked.content.decode()
    assert "30 minutes" in locked.content.decode()

    # Even the right password is refused until the cool-off ends.
    response = sign_in_with_password(client, "april", "correct horse battery")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_right_password_before_the_limit_signs_in(client, django_user_model):
    django_user_model.objects.create_user("april", password="correct horse battery")
    sign_in_with_password(client, "april", "wrong password")
    response = sign_in_with_password(client, "april", "correct horse battery")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_sessions_expire(client):
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY


def test_passwords_must_be_strong(django_user_model):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = django_user_model(username="april.jones", email="april.jones@example.org")
    for weak in ("short1", "password1234", "123456789012", "april.jones1"):
        with pytest.raises(ValidationError):
            validate_password(weak, user)
    validate_password("plum orchard lantern 42", user)


def test_demo_admin_signs_in_with_the_printed_code(client):
    call_command("ensure_demo_admin", stdout=open("/dev/null", "w"))  # noqa: SIM115
    response = sign_in_with_password(client, DEMO_USERNAME, DEMO_PASSWORD)
    assert response.status_code == 302
    response = client.post(TWO_FACTOR, {"code": DEMO_BACKUP_CODE, "next": ADMIN_HOME})
    assert response["Location"] == ADMIN_HOME
    assert client.get(ADMIN_HOME).status_code == 200


@override_settings(ALLOW_DEMO_ADMIN=False)
def test_demo_admin_is_refused_outside_development():
    with pytest.raises(CommandError, match="Refusing"):
        call_command("ensure_demo_admin")


def test_an_administrator_can_reset_a_lost_authenticator(client, make_user):
    editor = make_user("eddie", Role.EDITORS)
    TOTPDevice.objects.create(user=editor, name="Lost phone", confirmed=True)
    out = io.StringIO()
    call_command("reset_two_factor", "eddie", stdout=out)
    assert not TOTPDevice.objects.filter(user=editor).exists()
    [code] = re.findall(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", out.getvalue())
    client.force_login(editor)
    page = client.get(TWO_FACTOR)
    assert "Set up two-factor sign-in" in page.content.decode()
    response = client.post(TWO_FACTOR, {"enrolment_code": code, "next": ADMIN_HOME}, follow=True)
    assert BeautifulSoup(response.content, "html.parser").find("img", alt=re.compile("QR code"))


def test_the_admin_path_comes_from_the_environment_and_robots_txt_keeps_it_secret():
    import os
    import subprocess
    import sys

    code = (
        "import django; django.setup(); from django.urls import reverse; "
        "from django.test import Client; print(reverse('wagtailadmin_home')); "
        "print(Client().get('/robots.txt').content.decode())"
    )
    env = {
        **os.environ,
        "ADMIN_PATH": "office-7f3a",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    admin_home, *robots_txt = result.stdout.splitlines()
    assert admin_home == "/office-7f3a/"
    # robots.txt is public: a secret ADMIN_PATH must not be named there.
    assert "Disallow: /search/" in robots_txt
    assert "office-7f3a" not in "\n".join(robots_txt)
    assert "Disallow: /admin/" not in robots_txt


def test_the_admin_tells_search_engines_itself_not_to_index_it(client, site):
    for response in (
        client.get(reverse("wagtailadmin_login")),
        client.get(reverse("wagtailadmin_home")),  # a redirect to sign in
    ):
        assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "X-Robots-Tag" not in client.get("/robots.txt")
