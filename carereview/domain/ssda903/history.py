"""A child's episodes as periods of care, and what the timescale engine says is odd about them.

The review timetable is worked out from periods of care (`domain.timescales.periods`): a
period starts at an episode with RNE S and ends at a DEC whose REC is not X1.  The engine reads
whatever history it is given and says, in words, where it had to assume something - most often
a history that begins part-way through a period ("begins with RNE P, not S"), where the review
timetable is counted from the first episode given and the first review shown may not be the
child's first.  The import passes those on as warnings with a rule, naming the file's row, so a
council knows to import from the start of each child's period of care.

The history judged is the child's episodes already held (from an earlier year's return) with the
file's on top: a newer year's file, which holds only the episodes open in its year, is not
warned about for starting mid-period when the earlier return gave the start.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from carereview.domain.ssda903.cells import format_date
from carereview.domain.ssda903.problems import Problem
from carereview.domain.ssda903.rows import EpisodeRow, ReviewRow
from carereview.domain.timescales.model import Episode
from carereview.domain.timescales.periods import Span, split_periods

_NUMBER = re.compile(r"Episode (\d+) ")
_EARLIER = re.compile(r"\bepisode \d+\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def as_episode(row: EpisodeRow) -> Episode:
    return Episode(row.decom, row.rne, row.ls, row.place, row.dec, row.rec or None)


def file_spans(rows: Sequence[EpisodeRow]) -> list[Span]:
    """The periods of care the file's own episodes (in date order) make."""
    return split_periods(tuple(as_episode(e) for e in rows), [])


def _rule(message: str) -> tuple[str, str]:
    """The rule and the column an engine warning is about."""
    if message.startswith("The history begins"):
        return "not S at start", "RNE"
    if "(RNE S)" in message:
        return "S after X1", "RNE"
    if "not S;" in message:
        return "no S", "RNE"
    return "gap after X1", "DECOM"


def period_problems(
    name: str, child: str, rows: Sequence[EpisodeRow], held: Sequence[Episode] = ()
) -> list[Problem]:
    """Warnings about the periods of care of one child's episodes in the file (in date order),
    judged with the episodes already `held` for the child; only those about the file's rows."""
    in_file = {row.decom: row for row in rows}
    history = sorted(
        [e for e in held if e.decom not in in_file] + [as_episode(r) for r in rows],
        key=lambda e: e.decom,
    )
    messages: list[str] = []
    split_periods(tuple(history), messages)
    problems = []
    for message in messages:
        found = _NUMBER.match(message)
        index = int(found.group(1)) - 1 if found else 0
        row = in_file.get(history[index].decom)
        if row is None:
            continue  # about an episode held already, not one of this file's rows
        rule, column = _rule(message)
        before = history[index - 1] if index else None
        if rule == "gap after X1" and before and before.dec and before.dec > row.decom:
            continue  # the episodes overlap: the "overlap" warning says so already
        start = format_date(row.decom)
        value = row.rne if column == "RNE" else start
        # The engine counts episodes in the whole history; the file's reader knows rows.
        words = _NUMBER.sub("The episode ", _ISO.sub(r"\3/\2/\1", message), count=1)
        words = _EARLIER.sub("the episode before it", words)
        problems.append(
            Problem(
                name,
                row.line,
                column,
                value,
                rule,
                f"Episodes row {row.line} (child '{child}', starting {start}): {words}",
            )
        )
    return problems


def in_care_problems(name: str, row: ReviewRow, spans: Sequence[Span]) -> list[Problem]:
    """A review for a child looked after only under short breaks (validator 399), or outside
    any period of care the file gives the child."""
    where = f"Reviews row {row.line}, column REVIEW"
    held = format_date(row.review)
    if spans and all(span.short_breaks for span in spans):
        return [
            Problem(
                name,
                row.line,
                "REVIEW",
                held,
                "399",
                f"{where}: child '{row.child}' is looked after only under short breaks (V3/V4), "
                "for whom the return holds no reviews",
            )
        ]
    if any(s.start <= row.review and (s.end is None or row.review <= s.end) for s in spans):
        return []
    why = "has no episodes in the return" if not spans else "was not looked after that day"
    return [
        Problem(
            name,
            row.line,
            "REVIEW",
            held,
            "outside care",
            f"{where}: the review on {held} is outside any period of care "
            f"(child '{row.child}' {why})",
        )
    ]
