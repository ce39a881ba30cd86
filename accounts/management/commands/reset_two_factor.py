from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.two_factor import ENROLMENT_CODE_LIFETIME, reset_two_factor


def get_user(username):
    User = get_user_model()
    try:
        return User.objects.get(**{User.USERNAME_FIELD: username})
    except User.DoesNotExist as error:
        raise CommandError(f"No user called {username!r}.") from error


class Command(BaseCommand):
    help = (
        "Remove a user's authenticator and backup codes (e.g. a lost phone) and print a new "
        "enrolment code, which they need to set up a new authenticator at their next sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        user = get_user(options["username"])
        removed, code = reset_two_factor(user)
        hours = int(ENROLMENT_CODE_LIFETIME.total_seconds() // 3600)
        self.stdout.write(
            f"Removed {removed} two-factor device(s) for {user.get_username()}. Their enrolment "
            f"code, shown only now and valid once for {hours} hours, is: {code}"
        )
