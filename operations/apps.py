from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = "Operations"

    def ready(self):
        # Imported here: the check registers itself on import, and the
        # receivers need the kernel's models, loaded only once the registry is ready.
        from . import checks, outage  # noqa: F401 - checks registers itself

        # The 503 page's contacts, rewritten whenever they could change.
        outage.connect()
