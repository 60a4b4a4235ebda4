from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "carereview.monitoring"
    verbose_name = "Monitoring between reviews"
