from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SiteCoreConfig(AppConfig):
    name = "site_core"
    verbose_name = "Site"

    def ready(self):
        from . import cache, images
        from .roles import sync_roles_after_migrate

        cache.connect_signals()
        images.connect_signals()

        # After every migrate (and test-database flush), give the roles the
        # permissions of models added since, e.g. new governance records.
        post_migrate.connect(
            sync_roles_after_migrate, sender=self, dispatch_uid="site_core_sync_roles"
        )
