"""The sandbox templates are filled in: Jinja's immutable sandbox, with nothing a template does
allowed to grow too large for the server's memory (see engine.py for the whole list of what a
template may and may not do).

`'x' * 10**9`, `9 ** 9 ** 9`, `"%999999999s"`, `"x"|center(10**9)`, a string doubled in a loop
and the like are refused before they are made (MAX_VALUE characters for any one value), and a
document is refused once it is longer than MAX_OUTPUT characters; the sandbox's own limit keeps
`range()` to 100,000 items.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from jinja2 import Environment, nodes
from jinja2.compiler import CodeGenerator
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

#: A Word template unpacks to no more than this (a letter with a logo is well under 1 MB)...
MAX_DOCX_UNPACKED = 20 * 1024 * 1024
#: ... and holds no more files than this (Word writes a few dozen).
MAX_DOCX_ENTRIES = 1000
#: The longest text (or list) one step of a template may make: a Cafcass bundle is far shorter.
MAX_VALUE = 5_000_000
#: The longest document a template may make, in characters.
MAX_OUTPUT = 20_000_000
#: The largest whole number a template may make, in bits (a 30,000-digit number).
MAX_NUMBER_BITS = 100_000


class TooLarge(Exception):
    """A template that would make text (or a number) too large to be a document."""


def _too_large(what: str, limit: int = MAX_VALUE) -> TooLarge:
    return TooLarge(f"{what} would be longer than the {limit:,} characters a template may make")


def _length(value: Any) -> int | None:
    return len(value) if isinstance(value, str | list | tuple) else None


def _check_times(left: Any, right: Any) -> None:
    """`'x' * 10**9`, `[1] * 10**9`, `10**5000 * 10**5000`, refused before they are made."""
    for seq, times in ((left, right), (right, left)):
        size = _length(seq)
        if size is not None and isinstance(times, int) and size * max(times, 0) > MAX_VALUE:
            raise _too_large(f"Repeating text {times:,} times")
    if (
        isinstance(left, int)
        and isinstance(right, int)
        and left.bit_length() + right.bit_length() > MAX_NUMBER_BITS
    ):
        raise TooLarge("Multiplying these numbers would make a number too large to print")


def _check_power(left: Any, right: Any) -> None:
    if (
        isinstance(left, int)
        and isinstance(right, int)
        and abs(left) > 1
        and right * left.bit_length() > MAX_NUMBER_BITS
    ):
        raise TooLarge(f"{left} ** {right} would be a number too large to print")


def _check_plus(left: Any, right: Any) -> None:
    a, b = _length(left), _length(right)
    if a is not None and b is not None and a + b > MAX_VALUE:
        raise _too_large("Adding these together")


#: A %-conversion's width and precision ("%10.2f"), or a "*" that takes them from the values.
_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")
#: A str.format field's width ("{:>10}", "{0:{width}}").
_FIELD = re.compile(r"\{[^{}]*:([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}")


def _check_percent(template: Any) -> None:
    """ "%999999999s" % x, refused; so is "%*s", whose width comes from the data."""
    if not isinstance(template, str):
        return
    for found in _PERCENT.finditer(template):
        for number in found.groups():
            if number == "*":
                raise TooLarge("A width taken from the data (“%*”) is not allowed")
            if number and int(number) > MAX_VALUE:
                raise _too_large(f"The width {int(number):,}")


def _check_format_string(template: Any) -> None:
    if not isinstance(template, str):
        return
    for found in _FIELD.finditer(template):
        spec = found.group(1)
        if "{" in spec:
            raise TooLarge("A width taken from the data (“{:{...}}”) is not allowed")
        for number in re.findall(r"\d+", spec):
            if int(number) > MAX_VALUE:
                raise _too_large(f"The width {int(number):,}")


def _check_width(width: Any, value: Any = "") -> None:
    if isinstance(width, int) and width > MAX_VALUE:
        raise _too_large(f"Padding to {width:,} characters")
    if (
        isinstance(width, str)
        and isinstance(value, str)
        and len(width) * (value.count("\n") + 1) > MAX_VALUE
    ):
        raise _too_large("Indenting every line by this text")


def _check_replace(value: Any, old: Any, new: Any) -> None:
    if isinstance(value, str) and isinstance(old, str) and isinstance(new, str):
        times = value.count(old) if old else len(value) + 1
        if len(value) + times * len(new) > MAX_VALUE:
            raise _too_large("Replacing this text")


def _check_join(items: Any, separator: Any) -> None:
    if (
        isinstance(separator, str)
        and isinstance(items, list | tuple | range | dict)
        and len(separator) * len(items) > MAX_VALUE
    ):
        raise _too_large("Joining these with this separator")


def _check_method(method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """A string's own methods that can make a long string from a short one."""
    wrapped = getattr(method, "__wrapped__", method)
    owner = getattr(wrapped, "__self__", None)
    if not isinstance(owner, str):
        return
    name = getattr(wrapped, "__name__", "")
    first = args[0] if args else next(iter(kwargs.values()), None)
    if name in ("ljust", "rjust", "center", "zfill"):
        _check_width(first)
    elif name == "expandtabs":
        size = first if isinstance(first, int) else 8
        if size * owner.count("\t") > MAX_VALUE:
            raise _too_large("Expanding these tabs")
    elif name == "replace" and len(args) >= 2:
        _check_replace(owner, args[0], args[1])
    elif name == "join":
        _check_join(first, owner)
    elif name in ("format", "format_map"):
        _check_format_string(owner)


def _checked_filter(name: str, function: Any) -> Any:
    """The filter, refusing a result too long, and for those that pad, repeat or replace,
    refusing before the result is made."""

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        # Filters that take the environment or context get it first; the value comes next.
        values = [a for a in args if not _passed(a)]
        value = values[0] if values else None
        rest = values[1:]
        if name == "center":
            _check_width(rest[0] if rest else kwargs.get("width"))
        elif name == "indent":
            _check_width(rest[0] if rest else kwargs.get("width", 4), value)
        elif name == "format":
            _check_percent(value)
        elif name == "replace" and len(rest) >= 2:
            _check_replace(value, rest[0], rest[1])
        elif name == "join" and not kwargs.get("attribute"):
            _check_join(value, rest[0] if rest else kwargs.get("d", ""))
        result = function(*args, **kwargs)
        size = _length(result)
        if size is not None and size > MAX_VALUE:
            raise _too_large(f"The “{name}” filter")
        return result

    return checked


def _passed(value: Any) -> bool:
    """What Jinja hands a filter before its value (pass_environment, pass_context...)."""
    return isinstance(value, Environment | Context | nodes.EvalContext)


class _Generator(CodeGenerator):
    """Jinja's own, with each `~` (joining text) checked for length."""

    def visit_Concat(self, node: nodes.Concat, frame: Any) -> None:
        self.write("environment.checked_join(")
        super().visit_Concat(node, frame)
        self.write(")")


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with nothing a template does allowed to grow too large."""

    code_generator_class = _Generator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.filters = {
            name: _checked_filter(name, function) for name, function in self.filters.items()
        }

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        if operator_ == "*":
            _check_times(left, right)
        elif operator_ == "**":
            _check_power(left, right)
        elif operator_ == "+":
            _check_plus(left, right)
        elif operator_ == "%":
            _check_percent(left)
        return super().call_binop(context, operator_, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        # The double underscores, as Jinja's own: a template's keyword may be called "context".
        _check_method(__obj, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        size = _length(result)
        if size is not None and size > MAX_VALUE:
            raise _too_large("This")
        return result

    def checked_join(self, text: Any) -> Any:
        if _length(text) is not None and len(text) > MAX_VALUE:
            raise _too_large("Joining text with “~”")
        return text

    def concat(self, chunks: Iterable[str]) -> str:  # type: ignore[override]
        """The document (or a block, a macro's output) as Jinja joins it, refused once it is
        longer than MAX_OUTPUT, before it is all in memory."""
        parts: list[str] = []
        total = 0
        for chunk in chunks:
            total += len(chunk)
            if total > MAX_OUTPUT:
                raise TooLarge(
                    f"The document would be longer than the {MAX_OUTPUT:,} characters a "
                    "template may make"
                )
            parts.append(chunk)
        return "".join(parts)
