from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Consultations"
    # Nothing through Django's model permissions, which hold for every
    # partnership at once: who may read a consultation's results, export its
    # answers or clear a quote is decided by role in the consultation's own
    # partnership (consultations/access.py). Its pages use the partnership's
    # page permissions like any other page.
    role_permissions = {}
