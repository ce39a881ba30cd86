from django.core.management.base import BaseCommand

from site_core.roles import ROLES, sync_roles


class Command(BaseCommand):
    help = (
        "Give the admin roles (Editors, Approvers, Governance officers, Board members) any "
        "permissions they are missing, e.g. for models added since. Never removes any."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        sync_roles(using=options["database"], verbosity=options["verbosity"])
        self.stdout.write(f"Roles up to date: {', '.join(ROLES)}.")
