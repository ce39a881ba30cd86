from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = "Evidence"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        # Imported here: the purge module imports models, which load after the app configs.
        from site_core.caching.purge import purge_all

        def changed(sender, instance, **kwargs):
            # The import saves many rows and purges once at the end.
            if not getattr(instance, "_in_import", False):
                purge_all()

        for name in ("Indicator", "IndicatorValue", "RecommendationUpdate", "KeyFigureIndicator"):
            model = self.get_model(name)
            for signal in (post_save, post_delete):
                signal.connect(changed, sender=model, dispatch_uid=f"evidence-purge-{name}")
