"""Errors in plain words, field by field, as JSON - never a traceback.

The case system's developers read these when a message is refused, and often pass them on to
the person who typed the record: "Must be a date written YYYY-MM-DD" helps both, pydantic's
"Input should be a valid date or datetime, input is too short" helps neither.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: Where ninja says a value came from; the field is what follows.
_SOURCES = {"body", "query", "path", "header", "cookie", "form"}

_DATE = "Must be a date written YYYY-MM-DD, e.g. 2025-03-31"
_MOMENT = "Must be a date and time in ISO 8601, e.g. 2025-03-31T09:00:00Z"

_PLAIN = {
    "missing": "This is required",
    "string_type": "Must be text",
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "datetime_type": _MOMENT,
    "datetime_parsing": _MOMENT,
    "datetime_from_date_parsing": _MOMENT,
    "datetime_object_invalid": _MOMENT,
    "bool_type": "Must be true or false",
    "bool_parsing": "Must be true or false",
    "int_type": "Must be a whole number",
    "int_parsing": "Must be a whole number",
    "int_from_float": "Must be a whole number",
    "extra_forbidden": "carereview does not know this field: check its spelling, or leave it out",
    "dict_type": "Must be a JSON object",
    "model_type": "Must be a JSON object",
    "model_attributes_type": "Must be a JSON object",
    "list_type": "Must be a list",
    "json_invalid": "The body is not valid JSON",
    "string_pattern_mismatch": "Must be 1 to 20 letters or digits (also . _ -), starting with "
    "a letter or digit",
}


def _field(loc: Iterable[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
        # A body is read into one named parameter (`data`): its name means nothing to a caller.
        if parts and parts[0] == "data":
            parts = parts[1:]
    return ".".join(parts)


def plain(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in _PLAIN:
        return _PLAIN[kind]
    if kind == "string_too_short":
        return (
            "Must not be empty"
            if ctx.get("min_length") == 1
            else (f"Must be at least {ctx.get('min_length')} characters")
        )
    if kind == "string_too_long":
        return f"Must be at most {ctx.get('max_length')} characters"
    if kind == "too_long":
        return f"Must have at most {ctx.get('max_length')} items"
    if kind in ("greater_than_equal", "greater_than"):
        return f"Must be at least {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"Must be at most {ctx.get('le', ctx.get('lt'))}"
    if kind in ("enum", "literal_error"):
        return f"Must be one of {ctx.get('expected', '')}"
    message = str(error.get("msg", "Not accepted"))
    return message.removeprefix("Value error, ")


def field_problems(errors: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"field": _field(e.get("loc", ())), "message": plain(e)} for e in errors]
