"""Wagtail's page admin views, checked for members' papers (publications.publicity)."""

from wagtail.admin.views.pages.workflow import WorkflowActionView

from .publicity import members_papers_on_public, refused


class MembersPapersCheckedWorkflowActionView(WorkflowActionView):
    """ "Approve" from the dashboard, a listing or the approval modal (the
    editor's own "Approve and publish" is checked by a before_edit_page hook):
    a public page that links a members' paper is not approved. Nothing is
    typed here but the comment, which the message asks the Approver to give
    again when they approve."""

    def post(self, request, *args, **kwargs):
        if self.action_name == "approve":
            page = self.object.specific.get_latest_revision_as_object()
            papers = members_papers_on_public(page)
            if papers:
                kept = "The page is still awaiting approval."
                if request.POST.get("comment"):
                    kept += f" Your comment was not saved: “{request.POST['comment']}”."
                response = refused(request, page, papers, "not approved", kept)
                if request.headers.get("x-requested-with") == "XMLHttpRequest":
                    return self.render_modal_json(
                        request, {"step": "success", "redirect": response.url}
                    )
                return response
        return super().post(request, *args, **kwargs)
