"""The domain core imports nothing from Django, so it runs and is tested without a database."""

from __future__ import annotations

import ast
from pathlib import Path

import carereview.domain

DOMAIN = Path(carereview.domain.__file__).parent


def test_the_domain_core_never_imports_django() -> None:
    offenders = []
    for path in DOMAIN.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.relative_to(DOMAIN)}: {n}"
                for n in names
                if n.split(".")[0] in {"django", "rest_framework"}
            ]
    assert offenders == []
