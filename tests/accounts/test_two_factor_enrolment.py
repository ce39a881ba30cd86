"""Enrolling a second factor needs an administrator's code; administrators can
reset someone's; users can replace their own backup codes after a fresh code."""

import io
import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from accounts.models import TwoFactorEnrolmentCode
from accounts.two_factor import (
    ENROLMENT_CODE_MAX_FAILURES,
    issue_enrolment_code,
)
from site_core.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]

ADMIN_HOME = reverse("wagtailadmin_home")
TWO_FACTOR = reverse("accounts_two_factor")
BACKUP_CODES = reverse("accounts_two_factor_backup_codes")
CODE_PATTERN = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def field_error(response, name):
    """The error shown for a field, read the way a screen reader reaches it."""
    page = soup(response)
    field = page.find("input", attrs={"name": name})
    described = field["aria-describedby"].split()
    error_id = f"{field['id']}-errors"
    assert error_id in described
    return page.find(id=error_id).get_text(" ", strip=True)


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enter_enrolment_code(client, code):
    return client.post(TWO_FACTOR, {"enrolment_code": code, "next": ADMIN_HOME})


@pytest.fixture
def editor(make_user):
    return make_user("eddie", Role.EDITORS)


@pytest.fixture
def user_admin(make_user):
    """An administrator who is not a superuser: may change users."""
    from django.contrib.auth.models import Permission

    user = make_user("uma", Role.EDITORS)
    user.user_permissions.add(Permission.objects.get(codename="change_user"))
    return user


# --- enrolling -------------------------------------------------------------------


def test_a_stolen_password_alone_cannot_enrol(client, editor):
    issue_enrolment_code(editor)  # issued, but the thief does not have it
    client.force_login(editor)
    page = client.get(TWO_FACTOR)
    assert page.status_code == 200
    assert soup(page).find("input", attrs={"name": "enrolment_code"})
    assert not soup(page).find("img", alt=re.compile("QR code"))
    assert "data-otp-secret" not in page.content.decode()

    guess = enter_enrolment_code(client, "ABCD-EFGH-JKLM-NPQR")
    assert guess.status_code == 400
    assert "That enrolment code is not right" in field_error(guess, "enrolment_code")
    assert soup(guess).title.get_text().startswith("Error:")
    assert guess.context["form"]["enrolment_code"].value() == "ABCD-EFGH-JKLM-NPQR"
    assert "data-otp-secret" not in guess.content.decode()
    assert not TOTPDevice.objects.filter(user=editor).exists()
    # And the admin stays shut.
    assert client.get(ADMIN_HOME)["Location"].startswith(TWO_FACTOR)


def test_guessing_is_throttled_by_cancelling_the_code(client, editor):
    code = issue_enrolment_code(editor)
    client.force_login(editor)
    for _ in range(ENROLMENT_CODE_MAX_FAILURES):
        enter_enrolment_code(client, "ABCD-EFGH-JKLM-NPQR")
    response = enter_enrolment_code(client, code)
    assert response.status_code == 400
    assert "Too many wrong enrolment codes" in field_error(response, "enrolment_code")
    assert "data-otp-secret" not in response.content.decode()


def test_an_expired_code_is_refused(client, editor):
    code = issue_enrolment_code(editor)
    TwoFactorEnrolmentCode.objects.filter(user=editor).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(editor)
    response = enter_enrolment_code(client, code)
    assert response.status_code == 400
    assert "That enrolment code expired on" in field_error(response, "enrolment_code")
    assert "Ask an administrator for a new one" in field_error(response, "enrolment_code")


def test_a_code_expiring_during_set_up_sends_back_to_the_first_step(client, editor):
    code = issue_enrolment_code(editor)
    client.force_login(editor)
    enter_enrolment_code(client, code)
    assert "data-otp-secret" in client.get(TWO_FACTOR).content.decode()
    TwoFactorEnrolmentCode.objects.filter(user=editor).update(expires_at=timezone.now())
    response = client.post(TWO_FACTOR, {"code": "123456", "next": ADMIN_HOME})
    assert response.status_code == 400
    assert "expired" in soup(response).select_one("[data-enrolment-problem]").get_text()
    assert "data-otp-secret" not in response.content.decode()


def test_set_up_with_a_code_then_the_code_is_used_up(client, editor):
    code = issue_enrolment_code(editor)
    assert TwoFactorEnrolmentCode.objects.get(user=editor).code_hash != code  # only a hash
    client.force_login(editor)
    # Lower case, spaces instead of dashes: as people copy it.
    response = enter_enrolment_code(client, code.lower().replace("-", " "))
    assert response.status_code == 302
    set_up = client.get(response["Location"])
    assert soup(set_up).find("img", alt=re.compile("QR code"))
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    response = client.post(TWO_FACTOR, {"code": current_code(device), "next": ADMIN_HOME})
    assert response["Location"].startswith(BACKUP_CODES)
    assert TwoFactorEnrolmentCode.objects.get(user=editor).used_at is not None

    # Devices gone some other way: the old code does not enrol again.
    for device in [*TOTPDevice.objects.filter(user=editor), *StaticDevice.objects.all()]:
        device.delete()
    client.logout()
    client.force_login(editor)
    response = enter_enrolment_code(client, code)
    assert response.status_code == 400
    assert "already been used" in field_error(response, "enrolment_code")


def test_someone_with_a_device_is_never_shown_set_up(client, editor):
    TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    code = issue_enrolment_code(editor)
    client.force_login(editor)
    page = client.get(TWO_FACTOR)
    assert soup(page).h1.get_text(strip=True) == "Enter your code"
    response = enter_enrolment_code(client, code)
    assert soup(response).h1.get_text(strip=True) == "Enter your code"
    assert "data-otp-secret" not in response.content.decode()
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_issuing_a_new_code_cancels_the_old_one(client, editor):
    old = issue_enrolment_code(editor)
    new = issue_enrolment_code(editor)
    client.force_login(editor)
    assert enter_enrolment_code(client, old).status_code == 400
    assert enter_enrolment_code(client, new).status_code == 302


# --- administrators ------------------------------------------------------------


def test_administrator_issues_a_code_seen_once(client, login_as, user_admin, editor):
    login_as(client, user_admin)
    listing = client.get(reverse("wagtailusers_users:index"))
    issue_url = reverse("accounts_two_factor_issue_code", args=[editor.pk])
    assert soup(listing).find("a", href=issue_url)

    confirm = client.get(issue_url)
    assert "Issue an enrolment code" in confirm.content.decode()
    assert not TwoFactorEnrolmentCode.objects.exists()  # nothing until they confirm

    shown = client.post(issue_url, follow=True)
    code = soup(shown).select_one("[data-enrolment-code]").get_text(strip=True)
    assert CODE_PATTERN.fullmatch(code)
    again = client.get(reverse("accounts_two_factor_issued_code", args=[editor.pk]))
    assert "data-enrolment-code" not in again.content.decode()
    assert "shown only once" in again.content.decode()

    entry = ModelLogEntry.objects.get(action="site_core.enrolment_code_issued")
    assert (entry.object_id, entry.user_id) == (str(editor.pk), user_admin.pk)

    editor_client = type(client)()
    editor_client.force_login(editor)
    assert enter_enrolment_code(editor_client, code).status_code == 302


def test_administrator_resets_a_lost_phone(client, login_as, user_admin, editor):
    TOTPDevice.objects.create(user=editor, name="Lost phone", confirmed=True)
    StaticDevice.objects.create(user=editor, name="Backup codes", confirmed=True)
    login_as(client, user_admin)
    reset_url = reverse("accounts_two_factor_reset", args=[editor.pk])
    listing = client.get(reverse("wagtailusers_users:index"))
    assert soup(listing).find("a", href=reset_url)

    confirm = client.get(reset_url)
    assert "An authenticator app" in soup(confirm).select_one("[data-two-factor-status]").text
    assert TOTPDevice.objects.filter(user=editor).exists()  # a GET changes nothing

    shown = client.post(reset_url, follow=True)
    assert "Two-factor sign-in reset for eddie: removed 2 devices." in shown.content.decode()
    code = soup(shown).select_one("[data-enrolment-code]").get_text(strip=True)
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticDevice.objects.filter(user=editor).exists()
    entry = ModelLogEntry.objects.get(action="site_core.two_factor_reset")
    assert entry.user_id == user_admin.pk and entry.data == {"devices_removed": 2}

    editor_client = type(client)()
    editor_client.force_login(editor)
    response = enter_enrolment_code(editor_client, code)
    assert soup(editor_client.get(response["Location"])).find("img", alt=re.compile("QR"))


def test_issuing_for_someone_already_enrolled_points_to_reset(client, login_as, admin_user, editor):
    TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    login_as(client, admin_user)
    response = client.post(reverse("accounts_two_factor_issue_code", args=[editor.pk]), follow=True)
    assert "already has two-factor sign-in" in response.content.decode()
    assert not TwoFactorEnrolmentCode.objects.exists()


def test_only_administrators_reset_and_never_a_superuser_unless_one(
    client, login_as, editor, user_admin, admin_user
):
    refused = "Sorry, you do not have permission to access this area."
    StaticDevice.objects.create(user=admin_user, name="Backup codes", confirmed=True)
    login_as(client, editor)
    response = client.post(reverse("accounts_two_factor_reset", args=[user_admin.pk]), follow=True)
    assert refused in response.content.decode()
    login_as(client, user_admin)
    response = client.post(reverse("accounts_two_factor_reset", args=[admin_user.pk]), follow=True)
    assert refused in response.content.decode()
    assert StaticDevice.objects.filter(user=admin_user).exists()
    assert not soup(client.get(reverse("wagtailusers_users:index"))).find(
        "a", href=reverse("accounts_two_factor_reset", args=[admin_user.pk])
    )
    # Not on yourself: this session would lose its factor before seeing the code.
    response = client.post(reverse("accounts_two_factor_reset", args=[user_admin.pk]), follow=True)
    assert "You cannot reset or enrol your own" in response.content.decode()
    assert StaticDevice.objects.filter(user=user_admin).exists()


def test_management_commands_issue_and_reset(editor):
    out = io.StringIO()
    call_command("issue_enrolment_code", "eddie", stdout=out)
    assert CODE_PATTERN.search(out.getvalue())
    TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    with pytest.raises(CommandError, match="reset_two_factor"):
        call_command("issue_enrolment_code", "eddie", stdout=io.StringIO())
    out = io.StringIO()
    call_command("reset_two_factor", "eddie", stdout=out)
    assert "Removed 1 two-factor device(s)" in out.getvalue()
    assert CODE_PATTERN.search(out.getvalue())
    assert not TOTPDevice.objects.filter(user=editor).exists()


# --- backup codes from your own account ----------------------------------------


def verified_with_authenticator(client, user):
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    backup = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    backup.token_set.create(token="oldcode1")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def test_new_backup_codes_need_a_fresh_code_and_replace_the_old(client, editor):
    device = verified_with_authenticator(client, editor)
    account = client.get(reverse("wagtailadmin_account"))
    link = soup(account).find("a", string="Backup codes")["href"]
    assert link.startswith(BACKUP_CODES)

    page = client.get(link)
    assert "data-backup-codes" not in page.content.decode()  # never shown again

    refused = client.post(BACKUP_CODES, {"code": "000000", "next": "/admin/account/"})
    assert refused.status_code == 400
    assert "That code did not work" in field_error(refused, "code")
    assert StaticToken.objects.filter(token="oldcode1").exists()

    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(
        BACKUP_CODES, {"code": current_code(device), "next": "/admin/account/"}, follow=True
    )
    codes = [li.get_text(strip=True) for li in soup(response).select("[data-backup-codes] li")]
    assert len(codes) == 10
    assert "The old ones no longer work" in response.content.decode()
    assert soup(response).find("a", string="I have saved them: continue")["href"] == (
        "/admin/account/"
    )
    assert not StaticToken.objects.filter(token="oldcode1").exists()
    assert "data-backup-codes" not in client.get(BACKUP_CODES).content.decode()

    # The old code no longer signs in; a new one does.
    client.logout()
    client.force_login(editor)
    old = client.post(TWO_FACTOR, {"code": "oldcode1", "next": ADMIN_HOME})
    assert old.status_code == 400
    StaticDevice.objects.get(user=editor).throttle_reset()  # the wrong try slowed it
    assert client.post(TWO_FACTOR, {"code": codes[0], "next": ADMIN_HOME}).status_code == 302


def test_backup_codes_page_needs_a_verified_session(client, editor):
    TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    client.force_login(editor)
    response = client.post(BACKUP_CODES, {"code": "123456"})
    assert response["Location"].startswith(TWO_FACTOR)
    assert not StaticDevice.objects.filter(user=editor).exists()
