"""An invitation under `make run`'s conditions, in a real browser.

Mail leaves as it does under the development settings: through the task
queue to Django's console backend, which prints it (`make run` shows the
worker's output). An Administrator invites a Governance officer; the test reads
the printed mail, as someone trying the demo would; the officer follows its
link, chooses a password, sets up an authenticator app, and signs in again
later with a backup code.
"""

import base64
import json
import os
import re
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
from django_otp.oath import totp

from site_core.models import Partnership
from site_core.roles import Role
from tests.factories.site_core import make_site

from .helpers import RENDERS_ADMIN, SUBMIT, sign_in_to_admin, staff_with_backup_code

pytestmark = RENDERS_ADMIN

OFFICER_PASSWORD = "quiet harbour lantern 2026"


def development_mail_settings():
    """MAILERS under the development settings, with no EMAIL_HOST: what `make run` uses."""
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.MAILERS))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    env.pop("EMAIL_HOST", None)
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(result.stdout)


def printed_mail(capsys, timeout=10.0):
    """What the console mail backend printed, once it has printed something."""
    deadline = time.monotonic() + timeout
    printed = ""
    while "Subject:" not in printed:
        assert time.monotonic() < deadline, "no mail was printed"
        time.sleep(0.1)
        printed += capsys.readouterr().out
    return printed


def assert_keeps_the_governance_records(officer, base):
    """Signed in, with the role's own work open to them."""
    response = officer.goto(base + "/admin/snippets/governance/meeting/")
    assert response.status == 200
    assert officer.url == base + "/admin/snippets/governance/meeting/"
    assert "Meetings" in officer.locator("h1").inner_text()


@pytest.fixture
def served_site(live_server):
    """The demo's own arrangement: the default site's address is the one served
    (`make run` sets each site's port), and no WAGTAILADMIN_BASE_URL."""
    address = urlsplit(live_server.url)
    site = make_site(hostname=address.hostname, port=address.port, title="Served home")
    make_site(hostname="other.localhost", port=address.port, default=False, title="Other home")
    return site


def test_an_administrator_invites_a_governance_officer_who_signs_in_from_the_printed_mail(
    live_server, browser, page, served_site, settings, capsys, django_user_model
):
    # Mail goes as `make run` sends it (Django's test set-up had put its own
    # outbox in every mailer).
    settings.MAILERS = development_mail_settings()
    settings.WAGTAILADMIN_BASE_URL = ""
    base = live_server.url
    partnership = Partnership.for_site(served_site)
    _admin, code = staff_with_backup_code(
        django_user_model, "ada.admin", Role.ADMINISTRATORS, partnership
    )

    sign_in_to_admin(page, base, "ada.admin", code)
    page.goto(base + "/admin/people/invite/")
    # Only the partnership this Administrator runs is offered.
    options = page.locator("#id_partnership option:not([value=''])").all_inner_texts()
    assert options == [str(partnership)]
    page.fill("#id_email", "olu.officer@example.org")
    page.fill("#id_first_name", "Olu")
    page.fill("#id_last_name", "Officer")
    page.select_option("#id_partnership", str(partnership.pk))
    page.check(f"input[name=roles][value={Role.GOVERNANCE_OFFICERS.value}]")
    capsys.readouterr()  # only what the invitation prints from here
    page.locator("form[data-invite-form] button[type=submit]").click()
    page.wait_for_url("**/admin/people/")
    assert "Invitation sent to olu.officer@example.org" in page.inner_text("body")

    mail = printed_mail(capsys)
    assert "To: olu.officer@example.org" in mail
    assert f"You have been invited to the {partnership}" in mail
    link = re.search(r"https?://\S+/admin/invitation/\S+/", mail).group(0)
    assert link.startswith(base + "/"), "the link points at the site being served"

    # The officer, in a browser of their own.
    officer = browser.new_context().new_page()
    officer.goto(link)
    assert officer.locator("h1").inner_text() == "Choose your password"
    officer.fill("#id_new_password1", OFFICER_PASSWORD)
    officer.fill("#id_new_password2", OFFICER_PASSWORD)
    officer.locator(SUBMIT).first.click()
    officer.wait_for_url("**/two-factor/**")
    secret = officer.locator("[data-otp-secret]").inner_text().replace(" ", "")
    officer.fill("#id_code", f"{totp(base64.b32decode(secret)):06d}")
    officer.locator(SUBMIT).first.click()
    officer.wait_for_url("**/backup-codes/**")
    backup_code = officer.locator("[data-backup-codes] code").first.inner_text()
    officer.get_by_role("link", name="I have saved them: continue").click()
    officer.wait_for_url(base + "/admin/")
    assert_keeps_the_governance_records(officer, base)

    # Signing in again later: password, then a backup code instead of the app.
    officer.context.clear_cookies()
    officer.goto(base + "/admin/login/")
    officer.fill("#id_username", "olu.officer@example.org")
    officer.fill("#id_password", OFFICER_PASSWORD)
    officer.locator(SUBMIT).first.click()
    officer.wait_for_url("**/two-factor/**")
    officer.fill("#id_code", backup_code)
    officer.locator(SUBMIT).first.click()
    officer.wait_for_url(base + "/admin/")
    assert_keeps_the_governance_records(officer, base)
    officer.context.close()

    # The link worked once.
    again = browser.new_context().new_page()
    again.goto(link)
    assert "no longer works" in again.inner_text("body")
    again.context.close()
