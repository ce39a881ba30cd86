"""The page editor's rows fit a 1280 px screen: the publications' "Dates" row
of four put "Period end" off-screen; no row is that wide any more."""

from wagtail.admin.panels import FieldRowPanel
from wagtail.models import get_page_models

from publications.models import AnnualReportPage


def rows(panel):
    if isinstance(panel, FieldRowPanel):
        yield panel
    for child in getattr(panel, "children", []):
        yield from rows(child)


def test_no_row_of_the_page_editor_is_four_fields_wide():
    wide = {
        model.__name__: [child.field_name for child in row.children]
        for model in get_page_models()
        if model.__module__.split(".")[0] in {"publications", "governance", "evidence", "site_core"}
        for row in rows(model.get_edit_handler())
        if len(row.children) > 3
    }
    assert wide == {}


def test_a_publications_dates_are_two_rows_of_two():
    [dates] = [
        panel
        for panel in AnnualReportPage.get_edit_handler().children[0].children
        if panel.heading == "Dates"
    ]
    assert [[child.field_name for child in row.children] for row in rows(dates)] == [
        ["publication_date", "publication_date_precision"],
        ["period_start", "period_end"],
    ]
