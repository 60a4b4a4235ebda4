"""The `carereview` command: Django's management entry point.

`carereview migrate`, `carereview runserver` and every other management command, including the
project's own (`carereview workdays`, `carereview timescales`, ...), go through here.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carereview.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["carereview", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
