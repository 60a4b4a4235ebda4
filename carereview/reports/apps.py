from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "carereview.reports"
    verbose_name = "Reports and indicators"
