from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "carereview.reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        # Register this app's deadlines with the reminder run.
        from carereview.reviews import deadlines  # noqa: F401
