from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "carereview.audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from carereview.audit import signals  # noqa: F401
