"""Routes outside the page tree for the governance app (mounted in config.urls)."""

from django.urls import path

from . import views

urlpatterns = [
    path("governance.json", views.governance_json, name="governance_json"),
    path("governance.csv", views.governance_csv, name="governance_csv"),
    path("members/sign-out/", views.sign_out, name="governance_sign_out"),
    # The public sign-in page's landing place when it was given no ``next``.
    path("members/signed-in/", views.signed_in, name="governance_signed_in"),
    # A member's private calendar: the secret in the address is the only key.
    path(
        "members/calendar/<str:token>.ics",
        views.private_feed,
        name="governance_member_calendar",
    ),
]
