"""Help for the people who run a partnership's site: what each role group may
do (shown on the group's page under Settings → Groups, beside the groups on a
person's "Roles" tab under Settings → Users, and on the invitation form), and
the editors' guide in the admin menu."""

from django.forms import Media
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem

from .admin_pages import SiteAdminPageMixin
from .models import PartnershipGroup
from .roles import DESCRIPTIONS, Role


def role_of(group):
    """(partnership, Role) for a partnership's role group, else (None, None)."""
    link = getattr(group, "partnership_role", None) if group and group.pk else None
    if link is None:
        return None, None
    return link.partnership, Role(link.role)


def describe(group):
    """One sentence on what the group may do, or "" for other groups."""
    partnership, role = role_of(group)
    if role is None:
        return ""
    return f"{role.label} of {partnership}: {DESCRIPTIONS[role]}"


def role_descriptions(groups):
    """[(group name, partnership, role label, what it may do)] for the role
    groups among ``groups`` (a person's "Roles" tab offers every group)."""
    links = (
        PartnershipGroup.objects.filter(group__in=groups)
        .select_related("group", "partnership")
        .order_by("partnership__name", "group__name")
    )
    return [
        (link.group.name, link.partnership, Role(link.role).label, DESCRIPTIONS[Role(link.role)])
        for link in links
    ]


class RoleDescriptionPanel:
    """A read-only panel on the group's edit page (Wagtail's
    ``register_group_permission_panel`` protocol: nothing to validate or save)."""

    media = Media()

    def __init__(self, data=None, files=None, instance=None, prefix=None):
        self.instance = instance

    def is_valid(self):
        return True

    def save(self):
        return None

    def as_admin_panel(self):
        partnership, role = role_of(self.instance)
        return render_to_string(
            "site_core/admin/group_role.html",
            {
                "partnership": partnership,
                "role": role,
                "description": DESCRIPTIONS.get(role, "") if role else "",
            },
        )


class EditorsGuideView(SiteAdminPageMixin, TemplateView):
    page_title = "Editors' guide"
    header_icon = "help"
    template_name = "site_core/admin/editors_guide.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            roles=[(role.label, DESCRIPTIONS[role]) for role in Role], **kwargs
        )


def editors_guide_menu_item():
    return MenuItem(
        "Editors' guide",
        reverse("site_core_editors_guide"),
        name="editors-guide",
        icon_name="help",
        order=10000,  # last: help, after the work
    )
