from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from wagtail.models import Site

from demo.governance import link_demo_member
from site_core import tenancy
from site_core.models import Partnership
from site_core.roles import Role

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "demo-admin-change-me"  # noqa: S105 - refused outside dev settings
# Everyone who can use the admin is asked for a second factor. Demo accounts
# get a fixed backup code, stocked many times over because each use consumes one.
DEMO_BACKUP_CODE = "demobackup"
DEMO_BACKUP_CODE_STOCK = 50
# Development settings print each email rather than send it (config/settings/dev.py).
CONSOLE_MAIL = "operations.mail.ConsoleEmailBackend"
# One board member per partnership, and one account per staff role for the
# default partnership, so anyone trying the demo can see each role's view.
DEMO_ROLE_PASSWORD = "demo-role-change-me"  # noqa: S105 - refused outside dev settings
DEMO_STAFF = [
    ("editor", Role.EDITORS, "Editor"),
    ("approver", Role.APPROVERS, "Approver"),
    ("governance", Role.GOVERNANCE_OFFICERS, "Governance officer"),
    ("administrator", Role.ADMINISTRATORS, "Administrator"),
]


class Command(BaseCommand):
    help = (
        "Create the demo superuser and one demo account per role for `make run`. "
        "Refused unless ALLOW_DEMO_ADMIN is set (development settings only)."
    )

    def handle(self, *args, **options):
        if not getattr(settings, "ALLOW_DEMO_ADMIN", False):
            raise CommandError(
                "Refusing to create a demo admin with a known password: these settings do "
                "not allow it. Use `manage.py createsuperuser` instead."
            )
        default_site = Site.objects.filter(is_default_site=True).first()
        base = default_site.root_url if default_site else ""
        admin_path = settings.WAGTAIL_ADMIN_PATH

        admin = self._user(DEMO_USERNAME, DEMO_PASSWORD, superuser=True)
        self._backup_codes(admin)
        self.stdout.write(
            f"Sign in at {base}/{admin_path}/ as '{DEMO_USERNAME}' with password "
            f"'{DEMO_PASSWORD}', then enter the code '{DEMO_BACKUP_CODE}' when asked for one "
            "(demo only)."
        )

        if settings.MAILERS["delivery"]["BACKEND"] == CONSOLE_MAIL:
            self.stdout.write(
                "Mail the site sends (invitations, password resets) is printed in this "
                "terminal by the task worker."
            )

        partnerships = list(
            Partnership.objects.select_related("site").order_by("-site__is_default_site", "name")
        )
        if not partnerships:
            return
        self.stdout.write(
            f"Demo accounts for each role (password '{DEMO_ROLE_PASSWORD}'; staff also "
            f"enter the code '{DEMO_BACKUP_CODE}'):"
        )
        default = partnerships[0]
        for username, role, title in DEMO_STAFF:
            name = f"{default.short_name.lower()}-{username}"
            user = self._user(name, DEMO_ROLE_PASSWORD)
            user.groups.add(tenancy.role_groups(default)[role])
            self._backup_codes(user)
            self.stdout.write(f"  {name:<20} {title} of {default.name}")
        for partnership in partnerships:
            name = f"{partnership.short_name.lower()}-member"
            user = self._user(name, DEMO_ROLE_PASSWORD)
            user.groups.add(tenancy.role_groups(partnership)[Role.BOARD_MEMBERS])
            # "My boards" shows an invented (Illustrative) member's seats and meetings.
            link_demo_member(user, partnership)
            self.stdout.write(f"  {name:<20} Board member of {partnership.name}")

    def _user(self, username, password, superuser=False):
        user, _created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        user.is_staff = user.is_superuser = superuser
        user.set_password(password)
        user.save()
        return user

    def _backup_codes(self, user):
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name="Demo backup code", defaults={"confirmed": True}
        )
        missing = DEMO_BACKUP_CODE_STOCK - device.token_set.filter(token=DEMO_BACKUP_CODE).count()
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=DEMO_BACKUP_CODE) for _ in range(max(0, missing))
        )
        device.throttle_reset()
