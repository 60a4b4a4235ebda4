"""A document of a kind, in a format, from the template in use: the authority's own if it uploaded
one, else the shipped default.  Plain data in, bytes out; nothing written."""

from __future__ import annotations

from typing import Any

from carereview.documents import engine
from carereview.documents.kinds import DOCX, HTML, KINDS
from carereview.documents.models import DocumentTemplate

#: WeasyPrint may load nothing but what the template carries inside it (engine.py's docstring).
ALLOWED_PROTOCOLS = ("data",)


def template_content(kind: str, fmt: str) -> tuple[bytes, bool]:
    """The template in use and whether it is the authority's own (True) or the default."""
    if kind not in KINDS:
        raise KeyError(kind)
    own = (
        DocumentTemplate.objects.filter(kind=kind, format=fmt, active=True)
        .values_list("content", flat=True)
        .first()
    )
    if own is not None:
        return bytes(own), True
    return KINDS[kind].default_path(fmt).read_bytes(), False


def _own(kind: str, fmt: str, problem: engine.TemplateProblem) -> engine.TemplateProblem:
    return engine.TemplateProblem(
        f"The authority's own template for “{KINDS[kind].title}” ({fmt}) could not be filled in "
        f"with this review's details. {problem} An administrator can correct it, or untick "
        "“active” in the admin site to go back to the shipped template."
    )


def html_document(kind: str, context: dict[str, Any]) -> str:
    content, own = template_content(kind, HTML)
    try:
        return engine.render_html(content.decode("utf-8"), context)
    except engine.TemplateProblem as problem:
        if not own:
            raise
        raise _own(kind, "PDF", problem) from problem


def pdf_from_html(markup: str) -> bytes:
    from weasyprint import HTML as WeasyHTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=ALLOWED_PROTOCOLS, allow_redirects=False)
    return WeasyHTML(string=markup, url_fetcher=fetcher).write_pdf()


def pdf_document(kind: str, context: dict[str, Any]) -> bytes:
    return pdf_from_html(html_document(kind, context))


def docx_document(kind: str, context: dict[str, Any]) -> bytes:
    content, own = template_content(kind, DOCX)
    try:
        return engine.render_docx(content, context)
    except engine.TemplateProblem as problem:
        if not own:
            raise
        raise _own(kind, "Word", problem) from problem


def document(kind: str, fmt: str, context: dict[str, Any]) -> bytes:
    """fmt: "pdf" or "docx"."""
    if fmt == "pdf":
        return pdf_document(kind, context)
    if fmt == "docx":
        return docx_document(kind, context)
    raise KeyError(fmt)
