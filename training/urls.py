"""Routes outside the page tree for training (mounted in config.urls): the
attendee's and manager's signed links, the certificate check, open data."""

from django.urls import path

from . import views

urlpatterns = [
    path("bookings/<str:token>/", views.booking_page, name="training_booking"),
    path("bookings/<str:token>/booked/", views.booked, name="training_booked"),
    path("bookings/<str:token>/confirm/", views.confirm, name="training_confirm"),
    path(
        "bookings/<str:token>/certificate/",
        views.certificate,
        name="training_certificate",
    ),
    path("bookings/<str:token>/evaluation/", views.evaluation, name="training_evaluation"),
    path("bookings/manager/<str:token>/", views.manager, name="training_manager"),
    path("certificates/<uuid:reference>/", views.verify, name="training_verify"),
    path("open-data/training.csv", views.open_data, name="training_open_data"),
]
