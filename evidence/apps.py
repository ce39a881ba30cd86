from django.apps import AppConfig

from site_core.roles import Role


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = "Evidence"
    # What the roles may do with the app's records (site_core.tenancy).
    role_permissions = {
        Role.EDITORS: ["add", "change", "view"],
        Role.APPROVERS: ["add", "change", "delete", "view"],
    }
