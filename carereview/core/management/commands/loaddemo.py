"""`carereview loaddemo`: load the demo data (made-up people only); safe to run again."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load demo data for every part of the service that has some (idempotent)."

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        loaded: list[str] = []
        for config in apps.get_app_configs():
            if not config.name.startswith("carereview."):
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
                continue
            loaded.extend(module.load())
        if loaded:
            for item in loaded:
                self.stdout.write(f"Loaded {item}")
        else:
            self.stdout.write("Demo data already loaded.")
