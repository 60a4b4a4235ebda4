"""The annual report's charts made ready for print: inline SVG for the PDF, PNG for Word.

The charts are `reports.charts`' SVG.  Word takes pictures, not SVG, so each chart is drawn to PNG
by the same renderer that draws it in the PDF: WeasyPrint lays the charts out one to a page, each
page the chart's own size, and PDFium (pypdfium2) turns each page into pixels.  That needs no
system library beyond WeasyPrint's own (Pango) - no Cairo, no librsvg - and the Word document's
charts look exactly like the PDF's.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from markupsafe import Markup

#: Pixels per CSS pixel in the PNGs: sharp when printed (about 190 dots per inch).
SCALE = 2.0

_TITLE_ID = re.compile(r'<title id="([^"]+)-title">')
_VIEWBOX = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')
_HALO_TEXT = re.compile(r'<text ([^>]*?) stroke="[^"]*" stroke-width="[^"]*" paint-order="stroke"'
                        r'([^>]*)>(.*?)</text>', re.S)  # fmt: skip


def for_print(svg: str, prefix: str) -> Markup:
    """A chart ready to sit in a document beside others.

    - Its ids (title, description, patterns) get `prefix`, so two charts in one document never
      share an id (two reports may both call a chart "chart-reasons").
    - Figures drawn with a dark halo behind white text (`paint-order="stroke"`, which WeasyPrint
      does not follow, painting the outline over the letters) are drawn as the browser draws
      them: the outlined text first, then the plain white text on top."""
    found = _TITLE_ID.search(svg)
    if found:
        chart_id = found.group(1)
        svg = svg.replace(f'"{chart_id}-', f'"{prefix}{chart_id}-')
        svg = svg.replace(f" {chart_id}-desc", f" {prefix}{chart_id}-desc")
        svg = svg.replace(f"url(#{chart_id}-", f"url(#{prefix}{chart_id}-")
    svg = _HALO_TEXT.sub(
        lambda m: (
            f'<text {m.group(1)} stroke="#0b0c0c" stroke-width="3"{m.group(2)}>{m.group(3)}</text>'
            f"<text {m.group(1)}{m.group(2)}>{m.group(3)}</text>"
        ),
        svg,
    )
    # The chart's own markup: everything people typed in it was escaped by reports.charts.
    return Markup(svg)


def size_of(svg: str) -> tuple[float, float]:
    """The chart's width and height in CSS pixels, from its viewBox."""
    found = _VIEWBOX.search(svg)
    if not found:
        raise ValueError("a chart without a viewBox")
    return float(found.group(1)), float(found.group(2))


def to_png(svgs: Sequence[str]) -> list[bytes]:
    """Each chart as a PNG, in one WeasyPrint layout and one PDFium pass."""
    if not svgs:
        return []
    import pypdfium2
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    styles, pages = [], []
    for index, svg in enumerate(svgs):
        width, height = size_of(svg)
        styles.append(
            f"@page chart{index} {{ size: {width}px {height}px; margin: 0 }} "
            f".chart{index} {{ page: chart{index} }}"
        )
        pages.append(f'<div class="chart chart{index}">{svg}</div>')
    markup = (
        "<!DOCTYPE html><html><head><style>"
        + " ".join(styles)
        + " body { margin: 0 } .chart { break-after: page }"
        " .chart svg { display: block; width: 100%; max-width: none !important }"
        "</style></head><body>" + "".join(pages) + "</body></html>"
    )
    fetcher = URLFetcher(allowed_protocols=("data",), allow_redirects=False)
    pdf = HTML(string=markup, url_fetcher=fetcher).write_pdf()
    document = pypdfium2.PdfDocument(pdf)
    images = []
    try:
        # 1 PDF point is 4/3 CSS pixels: scale so that one CSS pixel is SCALE image pixels.
        for page in document:
            bitmap = page.render(scale=SCALE * 96 / 72)
            out = io.BytesIO()
            bitmap.to_pil().save(out, format="PNG", optimize=True)
            images.append(out.getvalue())
    finally:
        document.close()
    return images
