"""Admin wiring for publications: topics and accessible-format requests, and
which collection documents sit in (document_privacy)."""

from django.contrib import messages
from django.urls import path
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from governance.models import Meeting
from governance.papers import moved_message
from site_core.permissions import PartnershipPermissionPolicy
from site_core.tenant_admin import PartnershipScopedViewSetMixin

from . import document_privacy, plan_rows, publicity
from .document_text import search_documents
from .models import (
    AccessibleFormatRequest,
    LearningFromReviewsPage,
    PlanPage,
    PublicationIndexPage,
    Topic,
)
from .models.listing import current_picture
from .plan_import import PlanImportView


class ReaderCreatedPolicy(PartnershipPermissionPolicy):
    """Requests come from readers' form; editors mark them handled, never add them
    (and only their own partnerships' requests)."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)


register_permission_policy(
    AccessibleFormatRequest, ReaderCreatedPolicy(AccessibleFormatRequest), exact_class=True
)


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Topics"
    list_display = ["name", "slug", "description"]
    search_fields = ["name"]
    search_backend_name = None  # as the scoped listings (site_core.tenant_admin)


class AccessibleFormatRequestViewSet(PartnershipScopedViewSetMixin, SnippetViewSet):
    model = AccessibleFormatRequest
    icon = "mail"
    menu_label = "Accessible format requests"
    list_display = ["document", "format", "name", "email", "received_at", "handled"]
    list_filter = ["handled", "format"]
    search_fields = ["name", "email", "details"]
    panels = [
        FieldPanel("document", read_only=True),
        FieldPanel("page", read_only=True),
        FieldPanel("name", read_only=True),
        FieldPanel("email", read_only=True),
        FieldPanel("format", read_only=True),
        FieldPanel("details", read_only=True),
        FieldPanel("handled"),
    ]


class PublicationsGroup(SnippetViewSetGroup):
    menu_label = "Publications"
    menu_icon = "doc-full-inverse"
    menu_order = 250
    items = (TopicViewSet, AccessibleFormatRequestViewSet)


register_snippet(PublicationsGroup)


# --- Members-only by construction (publications.document_privacy, governance.papers) ---


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def tell_editor_about_moved_papers(request, instance):
    """ "2 papers were moved to Members' papers ...", after saving a meeting."""

    if isinstance(instance, Meeting) and instance.papers_moved:
        messages.warning(request, moved_message(len(instance.papers_moved)))


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
@hooks.register("after_publish_page")
def tell_editor_about_moved_page_documents(request, page):
    if getattr(request, "_sscp_page_documents_told", False):
        return  # after_edit_page and after_publish_page both run on publishing
    count = document_privacy.moved_for_page_in_this_request(page)
    if count:
        request._sscp_page_documents_told = True
        messages.warning(request, document_privacy.page_moved_message(count))


@hooks.register("register_log_actions")
def register_document_privacy_log_actions(actions):
    document_privacy.register_log_actions(actions)


hooks.register("before_bulk_action", document_privacy.guard_bulk_move)
hooks.register("after_bulk_action", document_privacy.log_bulk_move)
hooks.register("before_serve_document", document_privacy.refuse_members_papers)
hooks.register("before_serve_document", publicity.refuse_unpublished_document, order=50)
hooks.register("before_publish_page", publicity.refuse_members_papers_on_public_page)
hooks.register("after_create_page", publicity.refuse_submitting_members_papers)
hooks.register("after_edit_page", publicity.refuse_submitting_members_papers)
hooks.register("before_edit_page", publicity.refuse_approving_members_papers)
hooks.register(
    "construct_document_chooser_queryset", publicity.offer_only_public_documents_on_public_pages
)


@hooks.register("register_admin_urls", order=-1)
def default_collection_multiple_uploaders():
    """Wagtail's multiple uploaders, preselecting the partnership's public
    documents instead of the first collection in the list (Root). Registered
    before wagtaildocs/wagtailimages so these paths resolve here; the URL names
    stay Wagtail's."""
    documents_view, images_view = document_privacy.multiple_add_views()
    return [
        path("documents/multiple/add/", documents_view.as_view(), name="sscp_documents_add"),
        path("images/multiple/add/", images_view.as_view(), name="sscp_images_add"),
    ]


@hooks.register("add_partnership_pages")
def add_publication_pages(partnership, home, make_page):
    """A new partnership's publications index and its "Learning from reviews"."""

    index = make_page(
        home,
        PublicationIndexPage,
        "publications",
        title="Publications",
        show_in_menus=True,
        summary="Annual reports, plans, what reviews found and agreements between boards.",
    )
    make_page(
        index,
        LearningFromReviewsPage,
        "learning-from-reviews",
        title="Learning from reviews",
        summary="What reviews, audits and inspections found and recommended.",
    )


@hooks.register("home_page_features")
def latest_annual_report_and_plan(request, home):
    """The home page leads with what is current (annual report, plan and its
    progress, the latest review learning, frameworks in force), then the
    report's key figures and the priorities for the year ahead."""
    from django.template.loader import render_to_string

    # Which sections are members-only, read once for the picture and the index.
    members_only = Page.objects.private_q()
    picture = current_picture(home, members_only=members_only)
    report = picture["report"]
    index = PublicationIndexPage.objects.live().child_of(home).exclude(members_only).first()
    if index is None and not any(picture.values()):
        return ""  # a site that publishes nothing yet: nothing to lead with
    priorities = figures = []
    if report:
        priorities = list(report.next_priorities.all())
        figures = list(report.key_figures.all()[:3])
    return render_to_string(
        "publications/includes/home_features.html",
        {
            **picture,
            "index_url": index.url if index else "",
            "priorities": priorities,
            "figures": figures,
        },
        request=request,
    )


# --- A plan's indicators and activities: one at a time (publications.plan_rows)
# --- or in bulk from a spreadsheet (publications.plan_import) -----------------


@hooks.register("register_admin_urls")
def register_plan_import_url():
    return [
        path(
            "plans/<int:page_id>/spreadsheet/",
            PlanImportView.as_view(),
            name="publications_plan_import",
        ),
        *plan_rows.urls(),
    ]


@hooks.register("register_log_actions")
def register_plan_row_log_actions(actions):
    plan_rows.register_log_actions(actions)


@hooks.register("register_page_header_buttons")
def plan_spreadsheet_button(page, user, view_name, next_url=None):
    from django.urls import reverse
    from wagtail.admin.widgets.button import Button

    if page.specific_class is PlanPage and page.permissions_for_user(user).can_edit():
        yield Button(
            "Projects, indicators and activities",
            reverse("publications_plan_rows", args=[page.pk]),
            icon_name="list-ol",
            priority=39,
        )
        yield Button(
            "Spreadsheet: projects, indicators and activities",
            reverse("publications_plan_import", args=[page.pk]),
            icon_name="table",
            priority=40,
        )


@hooks.register("search_records")
def document_search_records(request, site, words):
    """Public documents, on their titles and the words inside them."""

    return search_documents(request, site, words)


@hooks.register("before_workflow_action")
def refuse_approving_members_papers_on_public_pages(request, view):
    """ "Approve" from the dashboard, a listing or the approval modal (the
    editor's own "Approve and publish" is checked by a before_edit_page hook):
    a public page that links a members' paper is not approved. Nothing is
    typed here but the comment, which the message asks the Approver to give
    again when they approve."""
    if view.action_name != "approve":
        return None
    page = view.object.specific.get_latest_revision_as_object()
    papers = publicity.members_papers_on_public(page)
    if not papers:
        return None
    kept = "The page is still awaiting approval."
    if request.POST.get("comment"):
        kept += f" Your comment was not saved: “{request.POST['comment']}”."
    response = publicity.refused(request, page, papers, "not approved", kept)
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return view.render_modal_json(request, {"step": "success", "redirect": response.url})
    return response


@hooks.register("register_public_records")
def public_publication_records():
    """Topics, shared by every partnership's publications: a change renews every site."""
    return [Topic]
