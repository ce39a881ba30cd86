"""System checks of the site itself.

Demo credentials: `make run` gives demo accounts passwords and a backup code
that the README prints for anyone to read. A database loaded that way and
then served under production settings would let anyone in, so the site
refuses to serve (an Error in `check`, `check --deploy` and `migrate`, and
at startup in config/wsgi.py) while any active account still has one.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections
from django_otp.plugins.otp_static.models import StaticToken

# The demo's published credentials (demo/management/commands/ensure_demo_admin.py).
# Repeated, not imported: production settings do not install the demo app.
# tests/security/test_demo_credentials.py keeps the two in step.
DEMO_PASSWORDS = ("demo-admin-change-me", "demo-role-change-me")
DEMO_BACKUP_CODE = "demobackup"
# Every demo account has an address at example.org (reserved by RFC 2606, so
# never a real person's): the cheap filter before the slow password hashes.
DEMO_EMAIL_DOMAIN = "@example.org"


def accounts_with_demo_credentials():
    """Usernames of active accounts a demo password or backup code still opens."""
    found = set(
        StaticToken.objects.filter(
            token=DEMO_BACKUP_CODE, device__user__is_active=True
        ).values_list("device__user__username", flat=True)
    )
    candidates = get_user_model().objects.filter(is_active=True, email__iendswith=DEMO_EMAIL_DOMAIN)
    for user in candidates.exclude(username__in=found).only("username", "password"):
        if any(check_password(password, user.password) for password in DEMO_PASSWORDS):
            found.add(user.username)
    return sorted(found)


def demo_credentials_errors():
    if getattr(settings, "ALLOW_DEMO_ADMIN", False):
        return []  # development and test settings: the demo is meant to be used
    try:
        usernames = accounts_with_demo_credentials()
    except DatabaseError:
        return []  # no database yet (a build step) or not reachable: nothing to read
    if not usernames:
        return []
    return [
        Error(
            "Accounts still open with the demo's published password or backup code: "
            + ", ".join(usernames),
            hint=(
                "These settings serve the public. Delete the demo accounts, or give each a "
                "new password (`manage.py changepassword <username>`) and remove the demo "
                "backup code (`manage.py reset_two_factor <username>`)."
            ),
            id="operations.E001",
        )
    ]


@register(Tags.security)
def demo_credentials_check(app_configs=None, **kwargs):
    return demo_credentials_errors()


def refuse_to_serve_demo_credentials():
    """At startup, where no system check runs (gunicorn loads config/wsgi.py)."""
    if getattr(settings, "ALLOW_DEMO_ADMIN", False):
        return
    errors = demo_credentials_errors()
    # Not kept open: a server that loads the application before forking its
    # workers must not hand them one shared connection.
    connections.close_all()
    if errors:
        raise ImproperlyConfigured(f"{errors[0].msg}. {errors[0].hint}")
