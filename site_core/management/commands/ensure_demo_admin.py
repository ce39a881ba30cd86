import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "demo-admin-change-me"  # noqa: S105 - refused outside dev settings
# The admin asks every user for a second factor. The demo admin gets a fixed
# backup code, stocked many times over because each use consumes one.
DEMO_BACKUP_CODE = "demobackup"
DEMO_BACKUP_CODE_STOCK = 50


class Command(BaseCommand):
    help = "Create the demo superuser for `make run`. Refused unless ALLOW_DEMO_ADMIN is set."

    def handle(self, *args, **options):
        if not getattr(settings, "ALLOW_DEMO_ADMIN", False):
            raise CommandError(
                "Refusing to create a demo admin with a known password: these settings do "
                "not allow it. Use `manage.py createsuperuser` instead."
            )
        User = get_user_model()
        user, _created = User.objects.get_or_create(
            username=DEMO_USERNAME,
            defaults={"email": "admin@example.org", "first_name": "Demo", "last_name": "Admin"},
        )
        user.is_staff = user.is_superuser = True
        user.set_password(DEMO_PASSWORD)
        user.save()

        device, _ = StaticDevice.objects.get_or_create(
            user=user, name="Demo backup code", defaults={"confirmed": True}
        )
        missing = DEMO_BACKUP_CODE_STOCK - device.token_set.filter(token=DEMO_BACKUP_CODE).count()
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=DEMO_BACKUP_CODE) for _ in range(max(0, missing))
        )
        device.throttle_reset()

        admin_path = settings.WAGTAIL_ADMIN_PATH.strip("/")
        self.stdout.write(
            f"Sign in at http://127.0.0.1:{os.environ.get('PORT', '8000')}/{admin_path}/ as "
            f"'{DEMO_USERNAME}' with password '{DEMO_PASSWORD}', then enter the code "
            f"'{DEMO_BACKUP_CODE}' when asked for one (demo only)."
        )
