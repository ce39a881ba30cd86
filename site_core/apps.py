from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


class SiteCoreConfig(AppConfig):
    name = "site_core"
    verbose_name = "Site"

    def ready(self):
        # Imported here: they use the models, loaded only once the registry is ready.
        from . import boundary, images
        from .models import Partnership, SafeguardingContacts, reindex_contact_pages
        from .permissions import register_partnership_policies
        from .tenancy import provision_after_migrate, provision_new_partnership

        # Which records each user may see and change, for every tenant-owned model.
        register_partnership_policies()
        # No record refers outside its partnership, however it is saved.
        boundary.connect()
        images.connect_signals()

        # After every migrate, give each partnership's roles the permissions of
        # models added since, e.g. new governance records.
        post_migrate.connect(
            provision_after_migrate, sender=self, dispatch_uid="site_core_provision"
        )
        # The contact page shows the site's numbers: search must find the new ones.
        post_save.connect(
            reindex_contact_pages,
            sender=SafeguardingContacts,
            dispatch_uid="site_core_reindex_contact_pages",
        )
        post_save.connect(
            provision_new_partnership, sender=Partnership, dispatch_uid="site_core_new_partnership"
        )
