from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"

    def ready(self):
        from . import packs, papers

        # A paper of a members-only meeting stays private however it is saved.
        papers.connect_signals()
        # Papers packs are rebuilt in the background when a meeting or paper changes.
        packs.connect_signals()
