from django.apps import AppConfig


class AuthorityConfig(AppConfig):
    name = "carereview.authority"
    verbose_name = "The authority's settings"
