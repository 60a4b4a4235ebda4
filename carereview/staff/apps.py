from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "carereview.staff"
    verbose_name = "Staff and allocation"
