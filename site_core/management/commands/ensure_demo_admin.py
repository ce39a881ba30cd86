from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "demo-admin-change-me"  # noqa: S105 - refused outside dev settings


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
        self.stdout.write(
            f"Sign in at http://127.0.0.1:{options.get('port') or 8000}/admin/ as "
            f"'{DEMO_USERNAME}' with password '{DEMO_PASSWORD}' (demo only)."
        )
