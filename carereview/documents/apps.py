from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "carereview.documents"
    verbose_name = "Documents"
