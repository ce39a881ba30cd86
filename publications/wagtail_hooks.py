"""Admin wiring for publications: topics and accessible-format requests."""

from wagtail.admin.panels import FieldPanel
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from site_core.tenant_admin import PartnershipScopedViewSetMixin

from .models import AccessibleFormatRequest, Topic


class ReaderCreatedPolicy(ModelPermissionPolicy):
    """Requests come from readers' form; editors mark them handled, never add them."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)


register_permission_policy(AccessibleFormatRequest, ReaderCreatedPolicy(AccessibleFormatRequest))


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Topics"
    list_display = ["name", "slug", "description"]
    search_fields = ["name"]


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
