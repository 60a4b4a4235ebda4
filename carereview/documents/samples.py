"""Made-up contexts that an uploaded template is test-rendered against before it is accepted.

They are built from the dataclasses' field types alone, so they always have the shape real data
has (a test compares the two).  Two of each: a full one (every list has items, every optional
value is there, every flag is on) and a sparse one (lists empty, optional values missing, flags
off), so that both sides of a template's `{% if %}` and `{% for %}...{% else %}` are tried.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from functools import cache
from typing import Any

from carereview.documents.context import bundle_constants, plain
from carereview.documents.context_types import ReviewDocument
from carereview.documents.kinds import KINDS
from carereview.escalation.bundle_types import Bundle

SAMPLE_DAY = date(2025, 4, 1)


def _example(hint: Any, name: str, full: bool) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        return _example(rest[0], name, full) if full or len(rest) == len(args) else None
    if origin is list:
        return [_example(args[0], name, full) for _ in range(2)] if full else []
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_example(args[0], name, full) for _ in range(2 if full else 0))
        return tuple(_example(a, f"{name}{i}", full) for i, a in enumerate(args))
    if dataclasses.is_dataclass(hint):
        return example(hint, full)
    if hint is bool:
        return full
    if hint is int:
        return 12 if full else 0
    if hint is date:
        return SAMPLE_DAY
    if hint is str:
        return f"Sample {name.replace('_', ' ')}" if full else ""
    return None


def example(cls: type, full: bool = True) -> Any:
    """A made-up instance of a context dataclass."""
    hints = typing.get_type_hints(cls)
    return cls(**{f.name: _example(hints[f.name], f.name, full) for f in dataclasses.fields(cls)})


@cache
def _contexts(kind: str, full: bool) -> dict[str, Any]:
    if KINDS[kind].per == "referral":
        return {"bundle": plain(example(Bundle, full)), **bundle_constants("Sample authority")}
    return plain(example(ReviewDocument, full))


def sample_contexts(kind: str) -> list[dict[str, Any]]:
    """The full sample, then the sparse one."""
    return [_contexts(kind, True), _contexts(kind, False)]


def names_available(kind: str) -> dict[str, Any]:
    """What a template for this kind can use: each name with its fields (for the admin's help
    and docs/documents.md)."""

    def shape(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: shape(v) for k, v in value.items()}
        if isinstance(value, list):
            return [shape(value[0])] if value else []
        return type(value).__name__

    return shape(_contexts(kind, True))
