from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets.button import Button

from .importer import IndicatorImportView
from .models import ThresholdGuidePage


@hooks.register("register_admin_urls")
def register_indicator_import_url():
    return [
        path(
            "thresholds/<int:page_id>/spreadsheet/",
            IndicatorImportView.as_view(),
            name="thresholds_indicator_import",
        )
    ]


@hooks.register("register_page_header_buttons")
def indicator_spreadsheet_button(page, user, view_name, next_url=None):
    if page.specific_class is ThresholdGuidePage and page.permissions_for_user(user).can_edit():
        yield Button(
            "Spreadsheet: indicators",
            reverse("thresholds_indicator_import", args=[page.pk]),
            icon_name="table",
            priority=40,
        )
