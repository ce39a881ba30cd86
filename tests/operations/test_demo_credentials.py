"""Production settings refuse to serve while any account still opens with the
demo's published passwords or backup code (operations.checks)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from demo.management.commands import ensure_demo_admin
from operations import checks

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_accounts(partnership):
    """The demo's accounts as `make run` makes them (development settings)."""
    call_command("ensure_demo_admin", stdout=None)


@pytest.fixture
def production(settings):
    settings.ALLOW_DEMO_ADMIN = False
    return settings


def test_the_kernel_knows_the_demos_published_credentials():
    assert set(checks.DEMO_PASSWORDS) == {
        ensure_demo_admin.DEMO_PASSWORD,
        ensure_demo_admin.DEMO_ROLE_PASSWORD,
    }
    assert checks.DEMO_BACKUP_CODE == ensure_demo_admin.DEMO_BACKUP_CODE


def test_check_deploy_reports_every_demo_account_as_an_error(demo_accounts, production):
    with pytest.raises(SystemCheckError) as refused:
        call_command("check", "--deploy", "--tag", "security")
    message = str(refused.value)
    assert "operations.E001" in message
    for username in ("admin", "tscp-editor", "tscp-approver", "tscp-member"):
        assert username in message


def test_the_site_refuses_to_start_with_demo_accounts(demo_accounts, production):
    with pytest.raises(ImproperlyConfigured, match="demo's published password"):
        checks.refuse_to_serve_demo_credentials()


def test_development_settings_keep_the_demo(demo_accounts):
    assert checks.demo_credentials_errors() == []
    checks.refuse_to_serve_demo_credentials()


def test_accounts_given_new_credentials_or_closed_are_served(
    demo_accounts, production, django_user_model
):
    from accounts.two_factor import reset_two_factor

    for user in django_user_model.objects.all():
        if user.username == "admin":
            user.set_password("a-new-long-private-password")
            user.save()
            reset_two_factor(user)
        else:
            user.is_active = False
            user.save()
    assert checks.accounts_with_demo_credentials() == []
    call_command("check", "--deploy", "--tag", "security")  # no SystemCheckError


def test_a_demo_password_or_backup_code_is_found_on_its_own(production, django_user_model):
    from django_otp.plugins.otp_static.models import StaticDevice

    django_user_model.objects.create_user(
        "casey", email="casey@example.org", password=ensure_demo_admin.DEMO_ROLE_PASSWORD
    )
    kept = django_user_model.objects.create_user(
        "pat", email="pat@partnership.gov.uk", password="a-new-long-private-password"
    )
    assert checks.accounts_with_demo_credentials() == ["casey"]
    device = StaticDevice.objects.create(user=kept, name="Backup codes")
    device.token_set.create(token=ensure_demo_admin.DEMO_BACKUP_CODE)
    assert checks.accounts_with_demo_credentials() == ["casey", "pat"]
