"""The training officer's pages in the admin: sessions at a glance, each
session's register (attendance, non-attendance, charges, its evaluations),
evaluation summaries per course, and the year's figures with "send to the
evidence".

Only the partnership's training officers reach them (training.staff): a
session of another partnership is a 404, as if it did not exist.
"""

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.db.models import Avg, Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin import messages

from evidence.periods import PeriodError, parse_period
from site_core.admin_pages import SiteAdminPageMixin

from . import booking as bookings
from .figures import to_evidence, year_figures, years_with_sessions
from .models.records import HOLDS_PLACE, CourseSession, Evaluation, Status
from .staff import officer_partnerships


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Not marked"),
            (Status.ATTENDED, "Attended"),
            (Status.DID_NOT_ATTEND, "Did not attend"),
        ],
    )
    charge = forms.DecimalField(
        required=False,
        min_value=Decimal(0),
        max_digits=8,
        decimal_places=2,
        error_messages={"invalid": "Enter an amount in pounds, such as 50 or 50.00."},
    )
    charge_note = forms.CharField(required=False, max_length=200)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("charge") and not cleaned.get("attendance"):
            self.add_error("attendance", "Mark attendance before recording a charge.")
        return cleaned


def current_year():
    today = timezone.localdate()
    first = today.year if today.month >= 4 else today.year - 1
    return f"{first}-{str(first + 1)[-2:]}"


def evaluation_summary(evaluations):
    return evaluations.aggregate(
        count=Count("pk"), before=Avg("confidence_before"), after=Avg("confidence_after")
    )


class OverviewView(SiteAdminPageMixin, TemplateView):
    template_name = "training/admin/overview.html"
    page_title = "Training registers and figures"
    header_icon = "calendar-alt"

    def dispatch(self, request, *args, **kwargs):
        self.partnerships = list(officer_partnerships(request.user))
        if not self.partnerships:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def year(self):
        raw = self.request.GET.get("year") or self.request.POST.get("year") or current_year()
        try:
            return parse_period(raw).label, ""
        except PeriodError as error:
            return current_year(), str(error)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, year_error = self.year()
        since = timezone.now() - timedelta(days=90)
        blocks = []
        for partnership in self.partnerships:
            sessions = (
                CourseSession.objects.filter(partnership=partnership)
                .filter(Q(starts_at__gte=since) | Q(starts_at=None))
                .annotate(
                    taken=Count("bookings", filter=Q(bookings__status__in=HOLDS_PLACE)),
                    waiting=Count("bookings", filter=Q(bookings__status=Status.WAITING)),
                )
                .select_related("course")
                .order_by("starts_at")
            )
            courses = (
                Evaluation.objects.filter(partnership=partnership)
                .values("booking__session__course__title")
                .annotate(
                    count=Count("pk"),
                    before=Avg("confidence_before"),
                    after=Avg("confidence_after"),
                )
                .order_by("booking__session__course__title")
            )
            blocks.append(
                {
                    "partnership": partnership,
                    "sessions": sessions,
                    "courses": courses,
                    "figures": year_figures(partnership, year),
                    "years": years_with_sessions(partnership),
                }
            )
        context.update({"blocks": blocks, "year": year, "year_error": year_error})
        return context

    def post(self, request, *args, **kwargs):
        """Send the year's figures to the partnership's evidence indicators."""
        year, error = self.year()
        partnership = next(
            (p for p in self.partnerships if str(p.pk) == request.POST.get("partnership")), None
        )
        if partnership is None or error:
            raise Http404
        written = to_evidence(partnership, year)
        messages.success(
            request,
            f"{len(written)} training figures for {year} are now in "
            f"{partnership.short_name or partnership.name}'s evidence.",
        )
        return redirect(f"{reverse('training_admin')}?year={year}")


class RegisterView(SiteAdminPageMixin, TemplateView):
    template_name = "training/admin/register.html"
    header_icon = "tasks"

    def dispatch(self, request, pk, *args, **kwargs):
        self.session = (
            CourseSession.objects.filter(partnership__in=officer_partnerships(request.user))
            .select_related("course", "partnership")
            .filter(pk=pk)
            .first()
        )
        if self.session is None:
            raise Http404
        return super().dispatch(request, pk, *args, **kwargs)

    def get_page_title(self):
        return f"Register: {self.session}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("training_admin"), "label": "Training registers and figures"},
            {"url": "", "label": self.get_page_title()},
        ]

    def rows(self, data=None):
        rows = []
        for booking in self.session.bookings.select_related("agency").order_by(
            "status", "created_at"
        ):
            form = None
            if booking.status in (Status.CONFIRMED, Status.ATTENDED, Status.DID_NOT_ATTEND):
                initial = {
                    "attendance": booking.status if booking.status != Status.CONFIRMED else "",
                    "charge": booking.charge,
                    "charge_note": booking.charge_note,
                }
                form = AttendanceForm(data, prefix=f"b{booking.pk}", initial=initial)
            rows.append((booking, form))
        return rows

    def get_context_data(self, rows=None, **kwargs):
        context = super().get_context_data(**kwargs)
        evaluations = Evaluation.objects.filter(booking__session=self.session)
        context.update(
            {
                "session": self.session,
                "rows": rows or self.rows(),
                "summary": evaluation_summary(evaluations),
                "comments": [e.comments for e in evaluations if e.comments],
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        rows = self.rows(request.POST)
        forms_ = [(b, f) for b, f in rows if f is not None]
        if not all(f.is_valid() for _, f in forms_):
            context = self.get_context_data(rows=rows, has_errors=True)
            return self.render_to_response(context, status=400)
        marked = 0
        for booking, form in forms_:
            choice = form.cleaned_data["attendance"]
            if not choice:
                continue
            changed = (
                booking.status != choice
                or booking.charge != form.cleaned_data["charge"]
                or booking.charge_note != form.cleaned_data["charge_note"]
            )
            if changed:
                bookings.record_attendance(
                    booking,
                    choice == Status.ATTENDED,
                    form.cleaned_data["charge"],
                    form.cleaned_data["charge_note"],
                )
                marked += 1
        messages.success(request, f"Register saved: {marked} change{'s' if marked != 1 else ''}.")
        return redirect(request.path)


# The register lists a session's bookings: counted here, for the viewset's column.
def register_url(session):
    return reverse("training_register", args=[session.pk])
