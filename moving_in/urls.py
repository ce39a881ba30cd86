from django.urls import path

from . import views

app_name = "moving_in"
urlpatterns = [
    path("", views.ImportListView.as_view(), name="index"),
    path("<int:pk>/", views.RunView.as_view(), name="run"),
    path("<int:pk>/report.csv", views.RunCSVView.as_view(), name="run_csv"),
    path("accessibility/", views.AccessibilityReportView.as_view(), name="accessibility"),
    path("pages/<int:page_id>/html-first/", views.HtmlFirstView.as_view(), name="html_first"),
]
