from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"

    def ready(self):
        from . import papers

        # A paper of a members-only meeting stays private however it is saved.
        papers.connect_signals()
