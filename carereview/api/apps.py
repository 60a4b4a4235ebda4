from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "carereview.api"
    verbose_name = "Open API"
