"""The IRO annual report (IRO managers only), to be included at /reports/annual/ ahead of
reports/urls.py (whose `<slug>/` would otherwise take "annual")."""

from django.urls import path

from carereview.reports import views_annual

app_name = "annual_report"

urlpatterns = [
    path("", views_annual.annual_page, name="page"),
    path("<int:year>/report.<str:fmt>", views_annual.annual_file, name="file"),
]
