from django.apps import AppConfig


class EscalationConfig(AppConfig):
    name = "carereview.escalation"
    verbose_name = "Dispute resolution and escalation"

    def ready(self) -> None:
        from carereview.escalation import deadlines  # noqa: F401  (registers the sources)
