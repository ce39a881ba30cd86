from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "caching"
    label = "caching"
    verbose_name = "Caching"

    def ready(self):
        from . import purge

        purge.connect()
