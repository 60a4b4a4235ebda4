from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "carereview.records"
    verbose_name = "Children's records"
