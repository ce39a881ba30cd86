from django.apps import AppConfig

from site_core.roles import Role


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training and events"
    # Sessions, bookings and evaluations hold attendees' personal details:
    # only the partnership's training officers keep them (site_core.tenancy).
    # Course and event pages are pages, edited by Editors and approved by
    # Approvers like any other.
    role_permissions = {Role.TRAINING_OFFICERS: None}
