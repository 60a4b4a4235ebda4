"""The reports' SVG charts: well-formed, named images whose figures are written on them, series
told apart by more than colour, and people's names escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import pairwise

from carereview.reports import charts

NS = {"svg": "http://www.w3.org/2000/svg"}


def parsed(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]


def named_image(root: ET.Element, chart_id: str) -> tuple[str, str]:
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title is not None and title.get("id") == f"{chart_id}-title"
    assert desc is not None and desc.get("id") == f"{chart_id}-desc"
    return title.text or "", desc.text or ""


def test_a_bar_chart_is_a_named_image_with_each_figure_written_on_it() -> None:
    svg = charts.hbar(
        "c1",
        "Reasons",
        "Bar chart. Unwell: 3; Report late: 12.",
        [charts.Bar("Unwell", 3), charts.Bar("Report late", 12)],
    )
    root = parsed(svg)
    assert named_image(root, "c1") == ("Reasons", "Bar chart. Unwell: 3; Report late: 12.")
    assert {"Unwell", "Report late", "3", "12"} <= set(texts(root))
    bars = root.findall("svg:rect", NS)  # not the patterns' swatches
    widths = [float(r.get("width")) for r in bars]
    assert widths[1] == max(widths) and abs(widths[0] * 4 - widths[1]) < 1  # to scale


def test_names_are_escaped_never_markup() -> None:
    svg = charts.hbar("c2", "<b>Title</b>", "A & B", [charts.Bar("<script>alert(1)</script>", 1)])
    assert "<script>" not in str(svg) and "&lt;script&gt;" in str(svg)
    root = parsed(svg)  # still well-formed
    assert named_image(root, "c2") == ("<b>Title</b>", "A & B")


def test_an_empty_chart_says_so() -> None:
    root = parsed(charts.hbar("c3", "Nothing", "Nothing", []))
    assert "Nothing to show for this period" in texts(root)


def test_stacked_parts_differ_by_pattern_and_carry_their_figures() -> None:
    svg = charts.stacked(
        "c4",
        "Records",
        "Stacked.",
        ["On time", "Late"],
        [charts.Stack("Ann Iro", (30, 10)), charts.Stack("Ben Iro", (40, 1))],
        unit="reviews",
    )
    root = parsed(svg)
    patterns = root.findall("svg:defs/svg:pattern", NS)
    assert len({p.get("id") for p in patterns}) == len(patterns) >= 2
    # Each series' pattern has its own marks, not only its own colour.
    assert len({ET.tostring(p[1]) if len(p) > 1 else b"" for p in patterns[:2]}) == 2
    written = texts(root)
    assert {"On time", "Late", "30", "10", "40"} <= set(written)  # the key and the figures
    assert "40 reviews" in written and "41 reviews (Late 1)" in written  # too narrow: after


def test_columns_have_their_figures_labels_and_a_labelled_guide_line() -> None:
    svg = charts.columns(
        "c5", "Caseload", "Columns.", ["Apr 24", "May 24"], [55, 72], guide=(70, "Guide: 70")
    )
    root = parsed(svg)
    assert {"55", "72", "Apr 24", "May 24", "Guide: 70"} <= set(texts(root))
    assert any(
        line.get("stroke-dasharray") for line in root.iter("{http://www.w3.org/2000/svg}line")
    )


def test_lines_are_named_at_their_ends_with_their_own_markers_and_dashes() -> None:
    svg = charts.lines(
        "c6",
        "Per IRO",
        "Lines.",
        ["Apr", "May", "Jun"],
        [charts.Line("Ann", (50, 52, 51)), charts.Line("Ben", (60, None, 64))],
    )
    root = parsed(svg)
    assert {"Ann: 51", "Ben: 64"} <= set(texts(root))
    paths = [p for p in root.iter("{http://www.w3.org/2000/svg}path") if p.get("fill") == "none"]
    assert len(paths) == 2 and paths[0].get("stroke-dasharray") != paths[1].get("stroke-dasharray")
    assert root.find("svg:circle", NS) is not None and root.find("svg:rect", NS) is not None


def test_end_labels_of_lines_ending_together_do_not_overlap() -> None:
    svg = charts.lines(
        "c7",
        "Per IRO",
        "Lines.",
        ["Apr", "May"],
        [charts.Line(name, (10, 10)) for name in ["Ann", "Ben", "Cat"]],
    )
    ys = sorted(
        float(t.get("y"))
        for t in parsed(svg).iter("{http://www.w3.org/2000/svg}text")
        if re.match(r"^(Ann|Ben|Cat): ", "".join(t.itertext()))
    )
    assert len(ys) == 3 and all(b - a >= 16 for a, b in pairwise(ys))


def test_long_labels_are_shortened_on_the_chart_only() -> None:
    label = "Not resolved - referred to Cafcass after a very long dispute"
    assert charts.fits(label, 100).endswith("…") and len(charts.fits(label, 100)) < len(label)
    assert charts.fits("Short", 100) == "Short"
    assert (
        charts.number(3.0) == "3"
        and charts.number(2.25) == "2.2"
        and charts.number(1200) == "1,200"
    )
