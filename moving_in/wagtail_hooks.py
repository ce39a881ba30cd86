"""Admin wiring for moving in: the import, its reports, and "HTML first"."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from publications.models import PublicationPage
from site_core import tenancy

from . import urls, views
from .models import ImportedFile


@hooks.register("register_admin_urls")
def moving_in_urls():
    return [path("moving-in/", include(urls, namespace="moving_in"))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_import(request.user)


class AccessibilityReportMenuItem(MenuItem):
    def is_shown(self, request):
        return tenancy.partnerships_for(request.user).exists()


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return ImportMenuItem(
        "Import publications", reverse("moving_in:index"), icon_name="upload", order=260
    )


@hooks.register("register_reports_menu_item")
def accessibility_report_menu_item():
    return AccessibilityReportMenuItem(
        "Document accessibility", reverse("moving_in:accessibility"), icon_name="warning"
    )


@hooks.register("register_page_header_buttons")
def html_first_button(page, user, view_name, next_url=None):
    if not isinstance(page.specific_deferred, PublicationPage):
        return
    if not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        "Use the PDF's text as the body",
        reverse("moving_in:html_first", args=[page.pk]),
        icon_name="doc-full",
        priority=80,
    )


@hooks.register("before_edit_page")
def say_what_the_import_left_to_check(request, page):
    """An imported draft that needs a person's eye says so where the person
    works on it, not only in the import's report: the notes of the import
    that made it, until the page is first published."""
    if request.method != "GET" or page.first_published_at:
        return None
    from django.contrib import messages

    imported = (
        ImportedFile.objects.filter(page_id=page.pk, outcome=ImportedFile.Outcome.NEEDS_ATTENTION)
        .order_by("-pk")
        .first()
    )
    if imported is not None:
        messages.warning(
            request,
            f"Imported from {imported.file_name}. Check before submitting: "
            + " ".join(imported.notes),
        )
    return None
