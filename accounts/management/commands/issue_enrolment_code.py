from django.core.management.base import BaseCommand, CommandError
from django_otp import devices_for_user

from accounts.two_factor import ENROLMENT_CODE_LIFETIME, issue_enrolment_code

from .reset_two_factor import get_user


class Command(BaseCommand):
    help = (
        "Print a new enrolment code for a user who has not set up two-factor sign-in yet. "
        "Any unused code they had stops working."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        user = get_user(options["username"])
        if any(True for _ in devices_for_user(user, confirmed=True)):
            raise CommandError(
                f"{user.get_username()} already has two-factor sign-in, so would never be asked "
                "for an enrolment code. Use `manage.py reset_two_factor` to replace it."
            )
        code = issue_enrolment_code(user)
        hours = int(ENROLMENT_CODE_LIFETIME.total_seconds() // 3600)
        self.stdout.write(
            f"Enrolment code for {user.get_username()}, shown only now and valid once for "
            f"{hours} hours: {code}"
        )
