"""The admin's consultation pages: the list, each one's results, its export
and the review of its free-text answers (who may do what: access.py)."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from evidence.models import small_number_threshold
from site_core.admin_pages import SiteAdminPageMixin

from . import access, exports
from .models import Answer
from .results import BAR_WIDTH, results


class ConsultationListView(SiteAdminPageMixin, TemplateView):
    template_name = "consultations/admin/index.html"
    page_title = "Consultations"
    header_icon = "form"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        consultations = (
            access.readable_consultations(user)
            .annotate(response_count=Count("responses"))
            .order_by("-closes_on")
        )
        # Administrators read results without editing pages: link the editor
        # only for those it would open for.
        context["rows"] = [
            (page, page.permissions_for_user(user).can_edit()) for page in consultations
        ]
        return context


class ResultsView(SiteAdminPageMixin, TemplateView):
    template_name = "consultations/admin/results.html"
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        self.page, self.partnership = access.consultation_for(request.user, kwargs["page_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Results: {self.page.title}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            {
                "consultation": self.page,
                "versions": results(self.page),
                "bar_width": BAR_WIDTH,
                "may_export": access.may(user, self.partnership, access.EXPORTERS),
                "threshold": small_number_threshold(),
            }
        )
        return context


def export(request, page_id, fmt):
    page, partnership = access.consultation_for(request.user, page_id)
    if not access.may(request.user, partnership, access.EXPORTERS):
        return access.refused("Only the partnership's Approvers and Administrators export answers.")
    if fmt == "csv":
        return exports.as_csv(page)
    if fmt == "xlsx":
        return exports.as_xlsx(page)
    raise Http404("No such format.")


class FreeTextView(SiteAdminPageMixin, TemplateView):
    """Every free-text answer, and (for Approvers) whether it may be quoted."""

    template_name = "consultations/admin/free_text.html"
    header_icon = "openquote"

    def dispatch(self, request, *args, **kwargs):
        self.page, self.partnership = access.consultation_for(request.user, kwargs["page_id"])
        self.may_clear = access.may(request.user, self.partnership, access.QUOTE_CLEARERS)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Free-text answers: {self.page.title}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "consultation": self.page,
                "answers": Answer.objects.filter(
                    response__consultation=self.page, kind="text"
                ).select_related("response"),
                "may_clear": self.may_clear,
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.may_clear:
            return access.refused("Only the partnership's Approvers clear answers for quoting.")
        chosen = request.POST.get("answer", "")
        answer = get_object_or_404(
            Answer,
            pk=int(chosen) if chosen.isascii() and chosen.isdecimal() else 0,
            response__consultation=self.page,
            kind="text",
        )
        answer.approved_for_quoting = request.POST.get("approved") == "1"
        answer.save(update_fields=["approved_for_quoting"])
        messages.success(
            request,
            "Cleared for quoting: it is shown on the page once the outcome is published."
            if answer.approved_for_quoting
            else "No longer cleared for quoting.",
        )
        return redirect(reverse("consultations_free_text", args=[self.page.pk]))
