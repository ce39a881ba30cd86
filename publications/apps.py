from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = "Publications"

    def ready(self):
        # Imported here: these modules import models, which load after the app configs.
        from . import document_privacy, document_text, publicity

        # Documents on a members-only page move to members' papers on publishing.
        document_privacy.connect_signals()
        # A document's words are read after each upload, for site search.
        document_text.connect_signals()
        # Which documents are public follows the pages and meetings using them.
        publicity.connect_signals()
