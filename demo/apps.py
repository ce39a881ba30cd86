from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = "Demo content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import illustrative

        illustrative.connect_signals()
