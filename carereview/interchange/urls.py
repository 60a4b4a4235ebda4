"""The ssda903 import and export pages (included at /import/)."""

from django.urls import path

from carereview.interchange import views

app_name = "interchange"

urlpatterns = [
    path("", views.start, name="start"),
    path("<int:pk>/", views.run_page, name="run"),
    path("<int:pk>/<str:kind>.csv", views.problems_csv, name="problems_csv"),
    path("export/", views.export, name="export"),
]
