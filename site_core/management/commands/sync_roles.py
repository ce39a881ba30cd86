from django.core.management.base import BaseCommand

from site_core.roles import Role
from site_core.tenancy import provision_all


class Command(BaseCommand):
    help = (
        "Give every partnership's roles (Editors, Approvers, Governance officers, Board "
        "members) any permissions, collections or workflow they are missing, e.g. for "
        "models added since. Never removes any. Also runs after every `migrate`."
    )

    def handle(self, *args, **options):
        provision_all(verbosity=options["verbosity"])
        self.stdout.write(f"Roles up to date: {', '.join(Role.labels)}.")
