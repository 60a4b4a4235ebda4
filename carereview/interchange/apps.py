from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "carereview.interchange"
    verbose_name = "SSDA903 import and export"
