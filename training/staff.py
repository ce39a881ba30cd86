"""Who may see attendees' personal details: the partnership's training
officers (and superusers), never its other staff. A person who is a training
officer in one partnership and an editor in another sees the bookings of the
first only."""

from site_core.models import Partnership
from site_core.permissions import PartnershipPermissionPolicy
from site_core.roles import Role


def officer_partnerships(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Partnership.objects.none()
    if user.is_superuser:
        return Partnership.objects.all()
    return Partnership.objects.filter(
        role_groups__role=Role.TRAINING_OFFICERS, role_groups__group__user=user
    ).distinct()


def is_officer(user, partnership):
    return officer_partnerships(user).filter(pk=partnership.pk).exists()


class TrainingOfficersPolicy(PartnershipPermissionPolicy):
    """The partnership policy, narrowed to the partnerships where the user is
    a training officer. ``adds`` False: records that only the public forms
    create (a booking goes through the locked count of places)."""

    def __init__(self, model, adds=True):
        super().__init__(model)
        self.adds = adds

    def within(self, user, queryset):
        if user.is_superuser:
            return queryset
        ids = officer_partnerships(user).values_list("pk", flat=True)
        return queryset.filter(**{f"{self.lookup}__in": list(ids)})

    def user_has_permission(self, user, action):
        if action == "add" and not self.adds:
            return False
        return super().user_has_permission(user, action)
