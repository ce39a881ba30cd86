import logging

from django.apps import AppConfig
from django.db.models.signals import post_migrate

logger = logging.getLogger(__name__)


class CachingConfig(AppConfig):
    name = "caching"
    label = "caching"
    verbose_name = "Caching"

    def ready(self):
        # Imported here: the receivers use the page and record models, loaded
        # only once the app registry is ready.
        from . import purge

        purge.connect()
        post_migrate.connect(renew_after_migrate, sender=self, dispatch_uid="caching-migrate")


def renew_after_migrate(**kwargs):
    """Every site's fragments are renewed after each migrate (a deploy's release
    step), so no fragment rendered by the previous release's templates is served."""
    # Imported here: generation reads the Site model, loaded only once the
    # app registry is ready.
    from .generation import bump_all

    try:
        bump_all()
    except Exception:  # a database cache table not created yet: nothing is kept in it either
        logger.info("Cache generations not renewed after migrate", exc_info=True)
