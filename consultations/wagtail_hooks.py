"""Admin wiring for consultations (the list, results, exports, free-text
review), and what consultations add to other pages: the annual report's
"voice of children and families" section (the "publication_sections" hook,
so publications never imports this app)."""

from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from publications.models import AnnualReportPage

from . import access, admin_views
from .models import Answer, ConsultationPage

# Where the annual report template asks for it.
VOICE_PLACE = "annual_report_voice"


@hooks.register("register_admin_urls")
def consultation_admin_urls():
    return [
        path("consultations/", admin_views.ConsultationListView.as_view(), name="consultations"),
        path(
            "consultations/<int:page_id>/results/",
            admin_views.ResultsView.as_view(),
            name="consultations_results",
        ),
        path(
            "consultations/<int:page_id>/export.<slug:fmt>",
            admin_views.export,
            name="consultations_export",
        ),
        path(
            "consultations/<int:page_id>/free-text/",
            admin_views.FreeTextView.as_view(),
            name="consultations_free_text",
        ),
    ]


class ConsultationsMenuItem(MenuItem):
    def is_shown(self, request):
        return access.reads_any_results(request.user)


@hooks.register("register_admin_menu_item")
def consultations_menu_item():
    return ConsultationsMenuItem(
        "Consultations", reverse("consultations"), icon_name="form", order=270
    )


@hooks.register("register_public_records")
def public_consultation_records():
    """A free-text answer cleared for quoting is shown on its consultation's
    page: clearing it, or taking it back, renews that partnership's pages."""
    return [(Answer, lambda answer: answer.approved_for_quoting)]


@hooks.register("home_page_features")
def have_your_say(request, home):
    """The home page's "Have your say": the site's open and upcoming
    consultations, with their dates (the home page is kept for a while, so it
    gives the dates rather than a status that could pass meanwhile)."""
    today = timezone.localdate()
    consultations = list(
        ConsultationPage.objects.live()
        .descendant_of(home)
        .public()
        .filter(closes_on__gte=today)
        .order_by("closes_on", "pk")[:5]
    )
    if not consultations:
        return ""
    return render_to_string(
        "consultations/includes/have_your_say.html",
        {"consultations": consultations, "request": request},
    )


def consultations_in_year(page):
    """The live, public consultations of ``page``'s site that ran during its
    reporting period (open on at least one of its days), earliest first."""
    site = page.get_site()
    if site is None or page.period_start is None or page.period_end is None:
        return []
    return list(
        (
            ConsultationPage.objects.live()
            .descendant_of(site.root_page)
            .filter(opens_on__lte=page.period_end, closes_on__gte=page.period_start)
        )
        .public()
        .prefetch_related("changes")
        .order_by("opens_on", "pk")
    )


@hooks.register("publication_sections")
def voice_of_children_and_families(request, page, place):
    """The annual report's "voice of children and families": the year's
    consultations, their status, and what each changed once concluded."""
    if place != VOICE_PLACE or not isinstance(page, AnnualReportPage):
        return ""
    consultations = consultations_in_year(page)
    if not consultations:
        return ""
    return render_to_string(
        "consultations/includes/annual_report_voice.html",
        {"consultations": consultations, "report": page, "request": request},
    )
