"""The Cafcass referral bundle as a document a person can read and send: HTML for the browser,
PDF (A4, page numbers and the security marking on every page) and Word.

bundle.py assembles it from the records; carereview/documents fills in the authority's template
for it (the shipped ones are documents/defaults/cafcass_bundle.html and .docx), as it does for
every other document, so an authority can change the bundle's layout as it changes its letters.
The page view checks access and audits; these functions only make the document and write nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from carereview.documents.context import format_day
from carereview.documents.services import referral_bundle

__all__ = [
    "filename",
    "format_day",
    "render_bundle_docx",
    "render_bundle_html",
    "render_bundle_pdf",
]


def filename(referral: Any, extension: str, as_of: date) -> str:
    """e.g. cafcass-referral-T00001-2025-06-02.pdf"""
    return f"cafcass-referral-{referral.child.reference}-{as_of:%Y-%m-%d}.{extension}"


def render_bundle_html(referral: Any, as_of: date | None = None) -> str:
    return referral_bundle(referral, "html", as_of).decode("utf-8")


def render_bundle_pdf(referral: Any, as_of: date | None = None) -> bytes:
    return referral_bundle(referral, "pdf", as_of)


def render_bundle_docx(referral: Any, as_of: date | None = None) -> bytes:
    return referral_bundle(referral, "docx", as_of)
