"""Which records a user may see and change: one permission policy for every
record that belongs to a partnership.

Django's model permissions say *what* a role may do to a kind of record (an
Editor may change accessible-format requests); the record's partnership says
*which* (only those of the partnerships the user works for,
site_core.tenancy.partnerships_for). A model is tenant-owned when it names the
ORM path to its partnership as ``partnership_lookup`` (e.g.
``"body__partnership"``); ``register_partnership_policies`` gives every such
model this policy, so Wagtail's listings, one-record views, choosers, bulk
actions, history and exports ask it, and a model added later is covered
without anyone remembering.
"""

from django.apps import apps
from django.db.models import Q
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from .tenancy import partnership_ids_for

# Every action a policy may be asked about in the admin (pages and media
# policies name a few of their own): "may the user reach this record at all".
ANY_ACTION = ("add", "change", "delete", "view", "choose", "publish", "lock", "unlock")


class PartnershipPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to the records of the user's partnerships."""

    def __init__(self, model, lookup=None):
        super().__init__(model)
        self.lookup = lookup or model.partnership_lookup

    def within(self, user, queryset):
        """``queryset`` narrowed to the records of ``user``'s partnerships
        (whatever the user's model permissions: choosers need no more)."""
        if user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.lookup}__in": partnership_ids_for(user)})

    def is_theirs(self, user, instance):
        """Whether ``instance`` belongs to one of ``user``'s partnerships."""
        if user.is_superuser:
            return True
        if instance.pk is None:  # not saved: its form's choices are scoped instead
            return True
        return self.within(user, self.model._default_manager.filter(pk=instance.pk)).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.within(user, self.model._default_manager.all())

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self.is_theirs(user, instance)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def users_with_any_permission_for_instance(self, actions, instance):
        partnership = self.model._default_manager.filter(pk=instance.pk).values(self.lookup)
        return (
            self.users_with_any_permission(actions)
            .filter(Q(is_superuser=True) | Q(groups__partnership_role__partnership__in=partnership))
            .distinct()
        )


def tenant_policy(model):
    """The partnership policy of a tenant-owned model, or None for any other."""
    policy = policy_registry.get_by_type(model, fallback=False)
    return policy if isinstance(policy, PartnershipPermissionPolicy) else None


def reachable(user, model):
    """The records of ``model`` the user may reach in the admin, by its policy:
    their partnerships' records, pages under their sites, media in their
    collections. A user with no permission on the model reaches none."""
    return policy_registry.get_by_type(model).instances_user_has_any_permission_for(
        user, ANY_ACTION
    )


def register_partnership_policies():
    """Give every tenant-owned model the partnership policy (SiteCoreConfig.ready:
    before any admin code asks, and before an app's own subclass replaces it)."""
    for model in apps.get_models():
        if issubclass(model, BaseSiteSetting):
            # Wagtail's own policy for site settings already asks per Site
            # (GroupSitePermission), which is per partnership.
            continue
        if getattr(model, "partnership_lookup", None) and not tenant_policy(model):
            register_permission_policy(model, PartnershipPermissionPolicy(model), exact_class=True)
