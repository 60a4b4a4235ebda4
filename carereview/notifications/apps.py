from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "carereview.notifications"
    verbose_name = "Alerts and reminders"

    def ready(self) -> None:
        from carereview.notifications import checks  # noqa: F401  (registers the checks)
