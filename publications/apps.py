from django.apps import AppConfig

from site_core.roles import Role


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = "Publications"
    # What the roles may do with the app's records (site_core.tenancy).
    role_permissions = {
        Role.EDITORS: ["add", "change", "view"],
        Role.APPROVERS: ["add", "change", "delete", "view"],
    }

    def ready(self):
        # Imported here: these modules import models, which load after the app configs.
        from . import document_privacy, document_text, publicity

        # Documents on a members-only page move to members' papers on publishing.
        document_privacy.connect_signals()
        # A document's words are read after each upload, for site search.
        document_text.connect_signals()
        # Which documents are public follows the pages and meetings using them.
        publicity.connect_signals()
