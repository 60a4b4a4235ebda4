"""An import's report in plain text (for the command) and its problems as a CSV file.

Problems are grouped by the rule broken, most frequent first, each group with its total and its
first few rows, so that 5,000 warnings of one kind do not hide the one row of another.

The CSV quotes values from the uploaded files: `safe_cell` (core.spreadsheet) keeps a spreadsheet from running one
as a formula, for the command's file and the web page's download alike.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable

from carereview.core.spreadsheet import safe_cell
from carereview.domain.ssda903.problems import Problem, rule_heading
from carereview.domain.ssda903.years import year_label
from carereview.interchange.services import ImportResult

SHOWN_PER_RULE = 20
COLUMNS = ("kind", "file", "row", "column", "value", "rule", "message")


def grouped(problems: Iterable[Problem]) -> list[tuple[str, list[Problem]]]:
    """(rule, its problems), the most frequent rule first."""
    by_rule: dict[str, list[Problem]] = defaultdict(list)
    for problem in problems:
        by_rule[problem.rule].append(problem)
    return sorted(by_rule.items(), key=lambda item: (-len(item[1]), item[0]))


def _problems_text(title: str, problems: list[Problem], shown: int) -> list[str]:
    lines = [f"{title}: {len(problems)}"]
    for rule, group in grouped(problems):
        lines.append(f"  {rule_heading(rule)} [{rule}]: {len(group)}")
        for problem in group[:shown]:
            lines.append(
                f"    {problem.file}: {problem.message}"
                if problem.file
                else f"    {problem.message}"
            )
        if len(group) > shown:
            lines.append(f"    ... and {len(group) - shown} more")
    return lines


def report_text(result: ImportResult, *, shown: int = SHOWN_PER_RULE) -> str:
    """What the import did: the counts, or why it was refused; then the problems by rule."""
    lines: list[str] = []
    if result.ok:
        lines.append("The return was imported.")
        width = max((len(kind) for kind in result.counts), default=8)
        lines.append(f"  {'':{width}}  {'new':>8} {'updated':>8} {'unchanged':>10}")
        for kind, count in result.counts.items():
            lines.append(
                f"  {kind:{width}}  {count['created']:>8} {count['updated']:>8} "
                f"{count['unchanged']:>10}"
            )
        if result.year is not None:
            how = (
                "worked out from its dates; give the year to say otherwise"
                if result.year_inferred
                else "as given"
            )
            lines.append(
                f"Read as the {year_label(result.year)} return ({how}): the UASC, OC2, OC3 and "
                "PrevPerm rows are held as that year's."
            )
    else:
        lines.append(
            f"The return was refused: {len(result.errors)} errors. Nothing was loaded; put the "
            "files right and import them again."
        )
        lines += _problems_text("Errors", result.errors, shown)
    if result.warnings:
        lines += _problems_text(
            "Warnings (imported anyway)" if result.ok else "Warnings", result.warnings, shown
        )
    return "\n".join(lines) + "\n"


def problems_csv(result: ImportResult) -> bytes:
    """Every error and warning in full, one a row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for kind, problems in (("error", result.errors), ("warning", result.warnings)):
        for p in problems:
            cells = [kind, p.file, "" if p.row is None else p.row, p.column, p.value, p.rule]
            writer.writerow([safe_cell(cell) for cell in [*cells, p.message]])
    return out.getvalue().encode("utf-8")
