"""Routes outside the page tree for the governance app (mounted in config.urls)."""

from django.urls import path

from . import views

urlpatterns = [
    path("governance.json", views.governance_json, name="governance_json"),
    path("governance.csv", views.governance_csv, name="governance_csv"),
    path("members/sign-out/", views.sign_out, name="governance_sign_out"),
]
