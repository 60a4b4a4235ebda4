from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "carereview.notifications"
    verbose_name = "Alerts and reminders"
