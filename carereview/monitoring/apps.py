from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "carereview.monitoring"
    verbose_name = "Monitoring between reviews"

    def ready(self) -> None:
        # Register this app's deadlines with the reminder run.
        from carereview.monitoring import deadlines  # noqa: F401
