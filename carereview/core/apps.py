from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "carereview.core"
    verbose_name = "Site"
