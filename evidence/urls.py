"""Open data for the evidence (mounted in config.urls): this site's partnership only."""

from django.urls import path

from . import views

urlpatterns = [
    path("open-data/evidence/<slug:name>.<slug:fmt>", views.open_data, name="evidence_open_data"),
]
