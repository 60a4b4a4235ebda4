"""The indicators as the JSON the issue specifies and as a short summary for people."""

from __future__ import annotations

from typing import Any

from carereview.domain.indicators.participation import Participation
from carereview.domain.indicators.timeliness import NOT_LOOKED_AFTER, SHORT_BREAKS, Timeliness
from carereview.domain.years import year_label


def as_json(timeliness: Timeliness, participation: Participation) -> dict[str, Any]:
    """{"year": "2024-25", "timeliness": {...}, "participation": {...}} (issue 5, item 3)."""
    return {
        "year": year_label(timeliness.year),
        "timeliness": {
            "children": timeliness.children,
            "children_all_on_time": timeliness.children_all_on_time,
            "percent": timeliness.percent,
            "reviews": timeliness.reviews,
            "reviews_on_time": timeliness.reviews_on_time,
            "reviews_late": timeliness.reviews_late,
            "not_held": timeliness.not_held,
        },
        "participation": {
            "children": participation.children,
            "participated": participation.participated,
            "percent": participation.percent,
            "by_code": dict(participation.by_code),
        },
    }


def percent_text(value: float | None) -> str:
    """A percentage for people to read, or why there is none."""
    return "no children to count" if value is None else f"{value:.1f}%"


def _day(value: object) -> str:
    return f"{value:%d/%m/%Y}"


def summary(timeliness: Timeliness, participation: Participation) -> list[str]:
    """Lines a person can read at the command line."""
    t, p = timeliness, participation
    label = year_label(t.year)
    lines = [f"Indicators for {label} (1 April {t.year} to 31 March {t.year + 1})"]
    if t.measured_to < t.end:
        lines.append(f"The year is not over: figures to {_day(t.measured_to)}.")
    lines += [
        "",
        "Reviews on time (C68)",
        f"  Children counted: {t.children}",
        f"  Children whose every review was on time: {t.children_all_on_time} "
        f"({percent_text(t.percent)})",
        f"  Reviews held in the year: {t.reviews}",
        f"    on time: {t.reviews_on_time}",
        f"    late: {t.reviews_late}",
        f"  Reviews due and not held: {t.not_held}",
    ]
    breaks = sum(1 for item in t.left_out if item.reason == SHORT_BREAKS)
    outside = sum(1 for item in t.left_out if item.reason == NOT_LOOKED_AFTER)
    if breaks:
        lines.append(f"  Not counted: {breaks} reviews held under short breaks (V3/V4)")
    if outside:
        lines.append(
            f"  Not counted: {outside} reviews held on days the episodes show the child was not "
            "looked after"
        )
    lines += [
        "",
        "Participation in reviews, children aged 4 or over (C69)",
        f"  Children counted: {p.children}",
        f"  Children who took part in every review (PN1-PN6): {p.participated} "
        f"({percent_text(p.percent)})",
        "  Reviews held in the year by code:",
        *(f"    {code}: {count}" for code, count in p.by_code.items()),
    ]
    if p.not_recorded:
        lines.append(f"    no code recorded: {p.not_recorded}")
    return lines
