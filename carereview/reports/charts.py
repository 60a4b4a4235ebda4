"""Charts drawn on the server as SVG, readable at a glance and by everyone.

Each chart is an image with a name (`role="img"`, `<title>`, `<desc>` summarising what it
shows); every bar and point carries its figure as text, and series differ by pattern, marker
and line style as well as colour (WCAG 2.2: 1.1.1 non-text content, 1.4.1 use of colour).  The
page puts the same figures in a table right after each chart.  Everything typed by people
(an IRO's name, a team's) is escaped; the result is `Markup`, safe to place in a template.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 720
FONT = 'font-family="Arial, sans-serif"'
TEXT = "#0b0c0c"
#: Colour and pattern for each series, in turn (GOV.UK colours, contrast 4.5:1 on white).
STYLES = [
    ("#1d70b8", "solid"),
    ("#d4351c", "hatch"),
    ("#505a5f", "dots"),
    ("#00703c", "cross"),
    ("#4c2c92", "hatch-back"),
    ("#b58840", "solid"),
]
MARKERS = ["circle", "square", "triangle", "diamond"]
DASHES = ["", "6 4", "2 3", "10 3 2 3"]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float


@dataclass(frozen=True)
class Stack:
    label: str
    values: tuple[float, ...]  # one per series


@dataclass(frozen=True)
class Line:
    name: str
    values: tuple[float | None, ...]  # one per point on the x-axis; None where not known


def number(value: float) -> str:
    """A figure as people write it: whole numbers without a decimal point."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


#: Arial's average character, as a share of the font size (generous: capitals are wider).
CHAR = 0.52


def fits(label: str, width: float, size: int = 14) -> str:
    """A label cut to fit `width` pixels; the table after the chart has it in full."""
    most = max(3, int(width / (size * CHAR) + 0.01))
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def label_room(labels: Sequence[str], share: float) -> float:
    """Room for the labels left of the bars: the longest label, up to `share` of the width."""
    longest = max([len(label) for label in labels] + [4])
    return min(longest * 14 * CHAR + 14, WIDTH * share)


def _defs(chart_id: str) -> str:
    """The patterns: white lines or dots over each series' colour."""
    parts = []
    for index, (colour, kind) in enumerate(STYLES):
        pid = f"{chart_id}-s{index}"
        marks = {
            "solid": "",
            "hatch": '<path d="M0,8 L8,0" stroke="#fff" stroke-width="2"/>',
            "hatch-back": '<path d="M0,0 L8,8" stroke="#fff" stroke-width="2"/>',
            "dots": '<circle cx="4" cy="4" r="1.6" fill="#fff"/>',
            "cross": '<path d="M0,4 L8,4 M4,0 L4,8" stroke="#fff" stroke-width="1.5"/>',
        }[kind]
        parts.append(
            f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="{colour}"/>{marks}</pattern>'
        )
    return "<defs>" + "".join(parts) + "</defs>"


def _fill(chart_id: str, index: int) -> str:
    return f"url(#{chart_id}-s{index % len(STYLES)})"


def _svg(chart_id: str, title: str, desc: str, height: float, body: str) -> Markup:
    cid = escape(chart_id)
    return Markup(
        f'<svg class="app-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="100%" '
        f'style="max-width:{WIDTH}px" aria-labelledby="{cid}-title {cid}-desc" {FONT}>'
        f'<title id="{cid}-title">{escape(title)}</title>'
        f'<desc id="{cid}-desc">{escape(desc)}</desc>{_defs(str(cid))}{body}</svg>'
    )


def _text(
    x: float, y: float, text: str, anchor: str = "start", size: int = 14, bold: bool = False
) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{TEXT}" '
        f'text-anchor="{anchor}"{weight}>{escape(text)}</text>'
    )


def _legend(chart_id: str, names: Sequence[str], y: float) -> tuple[str, float]:
    """A key to the series: a swatch with the same pattern, then the name, in rows."""
    x, parts = 0.0, []
    for index, name in enumerate(names):
        width = 24 + len(name) * 14 * CHAR + 20
        if x and x + width > WIDTH:
            x, y = 0.0, y + 24
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 13:.1f}" width="18" height="18" '
            f'fill="{_fill(chart_id, index)}" stroke="{TEXT}" stroke-width="1"/>'
        )
        parts.append(_text(x + 24, y + 1, name))
        x += width
    return "".join(parts), y + 24


def hbar(chart_id: str, title: str, desc: str, bars: Sequence[Bar], unit: str = "") -> Markup:
    """One bar per label, longest figure widest, each with its figure written after it."""
    label_width = label_room([b.label for b in bars], 0.5)
    top, row = 8, 34
    height = top + row * max(len(bars), 1) + 8
    most = max([b.value for b in bars] + [0])
    room = WIDTH - label_width - 90
    parts = []
    if not bars:
        parts.append(_text(0, top + 20, "Nothing to show for this period"))
    for index, bar in enumerate(bars):
        y = top + index * row
        width = room * bar.value / most if most else 0
        parts.append(_text(label_width - 10, y + 19, fits(bar.label, label_width - 12), "end"))
        parts.append(
            f'<rect x="{label_width:.1f}" y="{y + 4}" width="{max(width, 1):.1f}" height="22" '
            f'fill="{_fill(chart_id, 0)}"/>'
        )
        figure = number(bar.value) + (f" {unit}" if unit else "")
        parts.append(_text(label_width + width + 6, y + 20, figure, bold=True))
    parts.append(
        f'<line x1="{label_width:.1f}" y1="{top}" x2="{label_width:.1f}" '
        f'y2="{height - 8}" stroke="{TEXT}"/>'
    )
    return _svg(chart_id, title, desc, height, "".join(parts))


def stacked(
    chart_id: str,
    title: str,
    desc: str,
    series: Sequence[str],
    stacks: Sequence[Stack],
    unit: str = "",
) -> Markup:
    """Horizontal bars split into parts (e.g. on time and late), each part in its own pattern
    with its figure written in it (or after the bar when the part is too narrow), and a key."""
    label_width = label_room([s.label for s in stacks], 0.38)
    legend, after_legend = _legend(chart_id, series, 18)
    top, row = after_legend + 4, 36
    height = top + row * max(len(stacks), 1) + 8
    most = max([sum(s.values) for s in stacks] + [0])
    room = WIDTH - label_width - 200  # the total, and any figure too narrow to go inside
    parts = [legend]
    if not stacks:
        parts.append(_text(0, top + 20, "Nothing to show for this period"))
    for index, stack in enumerate(stacks):
        y = top + index * row
        parts.append(_text(label_width - 10, y + 21, fits(stack.label, label_width - 12), "end"))
        x = label_width
        narrow = []
        for part, value in enumerate(stack.values):
            width = room * value / most if most else 0
            if width <= 0:
                continue
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 4}" width="{width:.1f}" height="26" '
                f'fill="{_fill(chart_id, part)}" stroke="#fff" stroke-width="1"/>'
            )
            figure = number(value)
            if width >= len(figure) * 9 + 10:
                parts.append(
                    f'<text x="{x + width / 2:.1f}" y="{y + 22}" font-size="14" fill="#fff" '
                    f'stroke="{TEXT}" stroke-width="3" paint-order="stroke" font-weight="bold" '
                    f'text-anchor="middle">{escape(figure)}</text>'
                )
            else:
                narrow.append(f"{series[part]} {figure}")
            x += width
        total = number(sum(stack.values))
        note = f"{total}{f' {unit}' if unit else ''}" + (
            f" ({'; '.join(narrow)})" if narrow else ""
        )
        parts.append(_text(x + 6, y + 22, fits(note, WIDTH - x - 8), bold=True))
    return _svg(chart_id, title, desc, height, "".join(parts))


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    shapes = {
        "triangle": [(x, y - 5), (x + 5, y + 4), (x - 5, y + 4)],
        "diamond": [(x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y)],
    }
    if kind in shapes:
        corners = " L".join(f"{px:.1f},{py:.1f}" for px, py in shapes[kind])
        return f'<path d="M{corners} Z" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>'


def columns(
    chart_id: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    values: Sequence[float],
    guide: tuple[float, str] | None = None,
) -> Markup:
    """A column for each month (or other step), its figure above it; a dashed guide line
    with its own label when one is given (e.g. the caseload guide, IRO Handbook 7.15)."""
    left, top, plot = 8, 24, 200
    most = max([*values, guide[0] if guide else 0, 1])
    step = (WIDTH - left - 8) / max(len(values), 1)
    width = min(step * 0.7, 60)
    parts = []
    base = top + plot
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + index * step + (step - width) / 2
        height = plot * value / most
        parts.append(
            f'<rect x="{x:.1f}" y="{base - height:.1f}" width="{width:.1f}" '
            f'height="{max(height, 0.5):.1f}" fill="{_fill(chart_id, 0)}"/>'
        )
        parts.append(_text(x + width / 2, base - height - 6, number(value), "middle", 13, True))
        parts.append(_text(x + width / 2, base + 18, fits(label, step), "middle", 12))
    parts.append(f'<line x1="{left}" y1="{base}" x2="{WIDTH - 8}" y2="{base}" stroke="{TEXT}"/>')
    if guide:
        y = base - plot * guide[0] / most
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - 8}" y2="{y:.1f}" stroke="{TEXT}" '
            f'stroke-dasharray="8 5" stroke-width="1.5"/>'
        )
        parts.append(_text(WIDTH - 10, y - 6, guide[1], "end", 13))
    return _svg(chart_id, title, desc, base + 30, "".join(parts))


def lines(
    chart_id: str, title: str, desc: str, labels: Sequence[str], series: Sequence[Line]
) -> Markup:
    """One line per series over the months, each with its own marker and dash, named at its
    right-hand end with its last figure (direct labels, so no key needs matching by colour);
    every point's figure is in the table after the chart."""
    left, top, plot, right = 36, 16, 220, 190
    known = [v for s in series for v in s.values if v is not None]
    most = max([*known, 1])
    span = WIDTH - left - right
    step = span / max(len(labels) - 1, 1)
    base = top + plot
    parts = [
        f'<line x1="{left}" y1="{base}" x2="{left + span:.1f}" y2="{base}" stroke="{TEXT}"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{base}" stroke="{TEXT}"/>',
        _text(left - 6, base + 4, "0", "end", 12),
        _text(left - 6, top + 4, number(most), "end", 12),
    ]
    every = max(1, len(labels) // 12)
    for index, label in enumerate(labels):
        if index % every == 0:
            parts.append(
                _text(left + index * step, base + 18, fits(label, step * every), "middle", 12)
            )
    ends: list[tuple[float, str]] = []
    for number_, line in enumerate(series):
        colour = STYLES[number_ % len(STYLES)][0]
        marker = MARKERS[number_ % len(MARKERS)]
        dash = DASHES[number_ % len(DASHES)]
        points = [
            (left + i * step, base - plot * v / most)
            for i, v in enumerate(line.values)
            if v is not None
        ]
        if not points:
            continue
        path = " ".join(
            f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(points)
        )
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
        )
        parts.extend(_marker(marker, x, y, colour) for x, y in points)
        last = next(v for v in reversed(line.values) if v is not None)
        ends.append((points[-1][1], f"{line.name}: {number(last)}"))
    # End labels kept apart so none overlaps another.
    placed: list[float] = []
    for y, text in sorted(ends):
        y = max(y + 4, (placed[-1] + 16) if placed else top)
        placed.append(y)
        parts.append(_text(left + span + 10, y, fits(text, right - 14), "start", 13))
    height = max(base + 30, (placed[-1] + 10) if placed else 0)
    return _svg(chart_id, title, desc, height, "".join(parts))
