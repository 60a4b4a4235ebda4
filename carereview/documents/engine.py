"""Filling a template in: HTML (for the PDF) and Word (.docx, with docxtpl), in a sandbox.

The templates are written by the authority's staff, not by the service's developers, so:
- they run in Jinja's immutable sandbox (no `__class__`, no calling into Python's internals, no
  changing the data); the only files they can `{% extends %}` or `{% include %}` are the shipped
  layouts (`_base.html`, in carereview/documents/defaults/), nothing else on the server;
- a name that is not in the data is an error, not an empty space (StrictUndefined): a misspelt
  `{{ child.frist_name }}` must not produce a letter with a gap in it;
- the PDF is made with resource fetching limited to `data:` URLs, so a template cannot read files
  on the server or reach other machines (a logo goes in as a data: URL);
- nothing a template does can fill the server's memory: an uploaded Word file is refused when it
  would unpack to more than MAX_DOCX_UNPACKED bytes or holds more than MAX_DOCX_ENTRIES files (a
  "zip bomb"); `'x' * 10**9`, `9 ** 9 ** 9`, `"%999999999s"`, `"x"|center(10**9)`, a string
  doubled in a loop and the like are refused before they are made (MAX_VALUE characters for any
  one value, in sandbox.py), and a document is refused once it is longer than MAX_OUTPUT characters (the
  sandbox's own limit keeps `range()` to 100,000 items);
- every failure comes back as a TemplateProblem that names the problem and where it is (the line
  of an HTML template, the paragraph of a Word one), never a traceback.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

from docx import Document
from docxtpl import DocxTemplate
from jinja2 import (
    FunctionLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    meta,
    nodes,
)
from jinja2.sandbox import SecurityError

from carereview.documents.kinds import DEFAULTS
from carereview.documents.sandbox import (
    MAX_DOCX_ENTRIES,
    MAX_DOCX_UNPACKED,
    Sandbox,
    TooLarge,
)

TEMPLATE_FILENAME = "<template>"


class TemplateProblem(Exception):
    """A template that cannot be used, said so that the person who wrote it can put it right."""


def _finalize(value: Any) -> Any:
    """Nothing printed for a missing optional value (None), rather than the word "None"."""
    return "" if value is None else value


def _shipped_layout(name: str) -> str | None:
    """A shipped layout (a file in defaults/ whose name starts with "_"), and nothing else."""
    if not re.fullmatch(r"_[a-z_]+\.html", name):
        return None
    path = DEFAULTS / name
    return path.read_text("utf-8") if path.is_file() else None


@cache
def environment() -> Sandbox:
    return Sandbox(
        loader=FunctionLoader(_shipped_layout),
        undefined=StrictUndefined,
        autoescape=True,
        finalize=_finalize,
        keep_trailing_newline=True,
    )


def _template_line(error: BaseException) -> int | None:
    if isinstance(error, TemplateSyntaxError):
        return error.lineno
    line = None
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == TEMPLATE_FILENAME:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _what(error: BaseException) -> str:
    """The problem in the words of someone editing a letter, not of a programmer."""
    message = str(error)
    if isinstance(error, TooLarge):
        return message
    if isinstance(error, MemoryError | OverflowError | RecursionError):
        return (
            f"the template would make something too large to be a document ({type(error).__name__})"
        )
    if isinstance(error, TemplateSyntaxError):
        return f"the template cannot be read: {error.message}"
    if isinstance(error, TemplateNotFound):
        return f"there is no shipped layout called “{error.name}” (the layouts: _base.html)"
    if isinstance(error, SecurityError):
        return f"not allowed: {message.rstrip('.')}. A template may only use the document's data"
    if isinstance(error, UndefinedError):
        found = re.search(r"'([^']+)' is undefined", message)
        if found:
            return f"unknown name “{found.group(1)}”"
        found = re.search(r"'None' has no attribute '([^']+)'", message)
        if found:
            return (
                f"“{found.group(1)}” is read from something that can be empty: check it first "
                "with {% if ... %}"
            )
        found = re.search(r"has no attribute '([^']+)'", message)
        if found:
            return f"unknown name “{found.group(1)}”"
        return f"unknown name ({message})"
    return f"the template fails: {type(error).__name__}: {message}"


def unknown_names(source: str, known: Iterable[str]) -> list[tuple[str, int]]:
    """Top-level names the template uses that the data does not have, each with its first line,
    found by reading the template (so also inside an `{% if %}` the samples never enter)."""
    env = environment()
    tree = env.parse(source)
    missing = meta.find_undeclared_variables(tree) - set(known) - set(env.globals)
    lines: dict[str, int] = {}
    for node in tree.find_all(nodes.Name):
        if node.name in missing and node.ctx == "load":
            lines.setdefault(node.name, node.lineno)
    return sorted(lines.items(), key=lambda item: item[1])


# HTML ------------------------------------------------------------------------------------------


def _html_problem(source: str, error: BaseException) -> TemplateProblem:
    line = _static_line(error) or _template_line(error)
    if line is None:
        what = _what(error).rstrip(".")
        return TemplateProblem(what[:1].upper() + what[1:] + ".")
    lines = source.splitlines()
    shown = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    near = f" (“{shown[:90]}”)" if shown else ""
    return TemplateProblem(f"Line {line}{near}: {_what(error).rstrip('.')}.")


@lru_cache(maxsize=32)
def _compiled(source: str) -> Any:
    return environment().from_string(source)


def render_html(source: str, context: dict[str, Any]) -> str:
    try:
        return _compiled(source).render(context)
    except Exception as error:  # anything a template can do wrong becomes a message
        raise _html_problem(source, error) from error


def check_html(source: str, contexts: list[dict[str, Any]]) -> None:
    try:
        names = unknown_names(source, contexts[0])
    except TemplateSyntaxError as error:
        raise _html_problem(source, error) from error
    if names:
        name, line = names[0]
        raise _html_problem(source, _Unknown(name, line))
    for context in contexts:
        render_html(source, context)


class _Unknown(UndefinedError):
    def __init__(self, name: str, line: int) -> None:
        super().__init__(f"'{name}' is undefined")
        self.lineno = line


def _static_line(error: BaseException) -> int | None:
    return getattr(error, "lineno", None) if isinstance(error, _Unknown) else None


# Word ------------------------------------------------------------------------------------------


def _check_unpacked(content: bytes) -> None:
    """Refuse a "zip bomb": a small file that unpacks to gigabytes, or to a great many files.
    The sizes are those the file declares, which is also the most Python will unpack of each."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip at all: _open_docx says it is not a Word document
    if len(entries) > MAX_DOCX_ENTRIES:
        raise TemplateProblem(
            f"This Word document holds {len(entries):,} files inside it; a template may hold "
            f"up to {MAX_DOCX_ENTRIES:,}. Save it again from Word as a “Word Document (.docx)”."
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_DOCX_UNPACKED:
        raise TemplateProblem(
            f"This Word document unpacks to {unpacked // (1024 * 1024):,} MB; a template may "
            f"unpack to up to {MAX_DOCX_UNPACKED // (1024 * 1024)} MB. Make its pictures "
            "smaller, or save it again from Word."
        )


def _open_docx(content: bytes) -> DocxTemplate:
    _check_unpacked(content)
    try:
        template = DocxTemplate(io.BytesIO(content))
        template.init_docx()
    except Exception as error:
        raise TemplateProblem(
            "This is not a Word document (.docx) that can be opened: save it from Word as a "
            f"“Word Document (.docx)” ({type(error).__name__})."
        ) from error
    return template


def _paragraph_source(xml: str) -> str:
    """The XML as docxtpl renders it: each paragraph on its own line (its line numbers)."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


def _docx_parts(template: DocxTemplate) -> list[tuple[str, Any, str]]:
    """Each part with Jinja in it: (where, part, source as rendered)."""
    parts = [("the document", template.docx._part, template.get_xml())]
    for label, uri in (
        ("a page header", template.HEADER_URI),
        ("a page footer", template.FOOTER_URI),
    ):
        for _key, part in template.get_headers_footers(uri):
            parts.append((label, part, template.get_part_xml(part)))
    return [(where, part, _paragraph_source(template.patch_xml(xml))) for where, part, xml in parts]


def _docx_problem(where: str, source: str, error: BaseException) -> TemplateProblem:
    line = _static_line(error) or _template_line(error)
    if line is None:
        return TemplateProblem(f"In {where}: {_what(error).rstrip('.')}.")
    lines = source.splitlines()
    text = re.sub(r"<[^>]+>", "", lines[line - 1]) if 0 < line <= len(lines) else ""
    text = " ".join(text.split())
    # The words of the paragraph, not its number: docxtpl's {%p %} tags remove paragraphs, so
    # a count would not match what the author sees in Word.
    near = f", in the paragraph “{text[:90]}”" if text else ""
    return TemplateProblem(f"In {where}{near}: {_what(error).rstrip('.')}.")


def render_docx(content: bytes, context: dict[str, Any]) -> bytes:
    template = _open_docx(content)
    sources = {id(part): (where, source) for where, part, source in _docx_parts(template)}
    try:
        template.render(context, jinja_env=environment(), autoescape=True)
        out = io.BytesIO()
        template.save(out)
    except Exception as error:
        where, source = sources.get(
            id(getattr(template, "current_rendering_part", None)), ("the document", "")
        )
        raise _docx_problem(where, source, error) from error
    data = out.getvalue()
    try:
        Document(io.BytesIO(data))
    except Exception as error:
        raise TemplateProblem(
            "The Word document this template makes cannot be opened: a tag probably breaks a "
            f"table or a paragraph in two ({type(error).__name__})."
        ) from error
    return data


def check_docx(content: bytes, contexts: list[dict[str, Any]]) -> None:
    template = _open_docx(content)
    for where, _part, source in _docx_parts(template):
        try:
            names = unknown_names(source, contexts[0])
        except TemplateSyntaxError as error:
            raise _docx_problem(where, source, error) from error
        if names:
            name, line = names[0]
            raise _docx_problem(where, source, _Unknown(name, line))
    for context in contexts:
        render_docx(content, context)


def docx_text(document: bytes) -> str:
    """All the words of a Word document, tables and page headers included (checks and tests)."""
    doc = Document(io.BytesIO(document))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in doc.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)
