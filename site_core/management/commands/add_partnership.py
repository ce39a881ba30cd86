from django.core.management.base import BaseCommand, CommandError

from site_core.partnerships import add_partnership


class Command(BaseCommand):
    help = (
        "Add a partnership: its site for a host name, home page, settings, groups, "
        "collections, approval workflow and standard pages (as drafts). Running it again "
        "with the same host name changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--name", required=True, help="e.g. Testshire Safeguarding Children Partnership"
        )
        parser.add_argument("--short-name", required=True, help="e.g. TSCP")
        parser.add_argument(
            "--host", required=True, help="the host name readers use, e.g. www.tscp.org.uk"
        )
        parser.add_argument(
            "--port", type=int, default=80, help="80 behind a proxy that serves HTTPS"
        )
        parser.add_argument("--area", default="", help="the local authority area, e.g. Testshire")
        parser.add_argument("--default", action="store_true", help="answer for unknown host names")

    def handle(self, *args, **options):
        if not options["short_name"].strip() or not options["name"].strip():
            raise CommandError("Give the partnership a --name and a --short-name.")
        added = add_partnership(
            name=options["name"].strip(),
            short_name=options["short_name"].strip(),
            hostname=options["host"].strip().lower(),
            port=options["port"],
            area=options["area"].strip(),
            is_default=options["default"],
        )
        if not added.created:
            self.stdout.write(
                f"{added.partnership} is already set up at {added.site.hostname}: nothing to do."
            )
            return
        self.stdout.write(f"{added.partnership} at {added.site.hostname}:{added.site.port}:")
        for thing in added.created:
            self.stdout.write(f"  + {thing}")
        groups = ", ".join(
            link.group.name for link in added.partnership.role_groups.select_related("group")
        )
        self.stdout.write(
            f"Next: put staff in its groups ({groups}) under Settings → Users, fill in its "
            "safeguarding contacts and settings, add its accessibility statement, then write and "
            "submit its pages."
        )
