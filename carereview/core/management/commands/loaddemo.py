"""`carereview loaddemo`: load the demo data (made-up people only); safe to run again.

Demo accounts share a published password, so the command refuses to run unless the site is in
development mode (DJANGO_DEBUG) or `--force` is given.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction


class Command(BaseCommand):
    help = "Load demo data for every part of the service that has some (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--children", type=int, default=250, help="How many made-up children (default 250)."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even though DJANGO_DEBUG is off (never on a live service).",
        )

    def handle(self, *args: object, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Demo data has published passwords: it loads only with DJANGO_DEBUG=1 "
                "(or --force on a machine nobody else uses).",
                returncode=2,
            )
        if options["children"] < 0:
            raise CommandError("--children: give a number of 0 or more", returncode=2)
        with transaction.atomic():
            loaded = self._load(children=options["children"])
        for item in loaded:
            self.stdout.write(f"Loaded {item}")
        if not loaded:
            self.stdout.write("Demo data already loaded.")
        from carereview.staff.demo import DEMO_PASSWORD, logins

        self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD}):")
        for role, username in logins():
            self.stdout.write(f"  {role:<18} {username}")

    def _load(self, **options: Any) -> list[str]:
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
            loaded.extend(module.load(**options))
        return loaded
