from django.apps import AppConfig
from django.db.models.signals import pre_save
from wagtail.documents import get_document_model

from site_core.roles import Role


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"
    # Governance officers keep every record of the app (site_core.tenancy).
    role_permissions = {Role.GOVERNANCE_OFFICERS: None}

    def ready(self):
        # Imported here: models can be imported only once the app registry is ready.
        from .models.meetings import keep_document_private
        from .packs import connect_signals as rebuild_packs_on_change

        # A paper of a members-only meeting stays private however it is saved.
        pre_save.connect(
            keep_document_private,
            sender=get_document_model(),
            dispatch_uid="governance.papers.keep_document_private",
        )
        # Papers packs are rebuilt in the background when a meeting or paper changes.
        rebuild_packs_on_change()
