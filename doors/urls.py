"""The guided "Worried about a child?" route (mounted in config.urls)."""

from django.urls import path

from . import views

urlpatterns = [
    path("worried/", views.worried_route, name="doors_route"),
    path("worried/<slug:step>/", views.worried_route, name="doors_route_step"),
]
