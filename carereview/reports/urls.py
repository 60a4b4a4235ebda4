"""The reports and indicators pages (IRO managers only)."""

from django.urls import path

from carereview.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.report, name="report"),
    path("<slug:slug>/<slug:table>.csv", views.report_csv, name="csv"),
    path("<slug:slug>/children/<str:figure>/", views.figure_children, name="children"),
]
