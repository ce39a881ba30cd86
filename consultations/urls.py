from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path(
        "consultations/<int:page_id>/<slug:audience>/answer/",
        views.answer,
        name="answer",
    ),
]
