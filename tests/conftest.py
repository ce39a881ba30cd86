import pytest

from site_core.factories import make_site


@pytest.fixture
def site(db):
    """The default Site: a HomePage with its partnership and contact numbers."""
    return make_site()


@pytest.fixture
def home(site):
    return site.root_page.specific


def sign_in_with_second_factor(client, user):
    """Sign ``client`` in as ``user`` with a session that has passed two-factor.

    The admin sends anyone without a verified second factor to the
    two-factor page (site_core.security.AdminTwoFactorMiddleware); this gives
    the user a confirmed backup-code device and marks the session verified.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    client.force_login(user)
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Test device", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def login_as():
    """Sign ``client`` in as ``user`` the way the admin expects.

    Every admin test signs in through this (or pytest-django's ``admin_client``)
    so that sign-in rules, such as a second factor, live in one place.
    """
    return sign_in_with_second_factor


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's ``admin_client``, signed in with a second factor."""
    return sign_in_with_second_factor(client, admin_user)
