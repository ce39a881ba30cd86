"""The demo in the admin: a list of the records the loader invented, each with
why and a link to it, and the "Demo person" label on the demo site's
governance pages (site_core/labels.py)."""

from wagtail import hooks
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet

from site_core.labels import HOOK as RECORD_LABELS_HOOK

from .illustrative import public_labels
from .models import Illustrative


def _edit_url(illustrative):
    record = illustrative.record
    return AdminURLFinder().get_edit_url(record) if record is not None else None


class IllustrativeViewSet(ModelViewSet):
    """Superusers only: no role is given the demo's permissions."""

    model = Illustrative
    icon = "help"
    menu_label = "Illustrative records"
    menu_order = 9000
    add_to_admin_menu = True
    list_display = [
        TitleColumn("record_name", label="Record", get_url=_edit_url),
        Column("kind", label="Kind"),
        Column("note", label="Why it is illustrative"),
    ]
    form_fields = ["note"]


@hooks.register("register_admin_viewset")
def register_illustrative_viewset():
    return IllustrativeViewSet("illustrative")


hooks.register(RECORD_LABELS_HOOK, public_labels)
