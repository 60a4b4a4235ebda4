"""Episodes into periods of care, and periods of short breaks into one series.

A period of care starts at an episode with RNE = S and ends at a DEC whose REC is not X1
(SSDA903 guide).  Placement moves and changes of legal status inside a period (RNE L, P, T, B, U)
do not restart the review timetable.

Short breaks (LS V3, V4) are reviewed on one timetable for the whole series (CPPCR 2010 reg 48,
IRO Handbook 4.1), though under V3 each break is its own period starting with RNE = S.  So
consecutive short-break periods are joined into one unit; the series ends when a period of
ordinary care begins or a break ends in a way that ends the arrangement (adoption, death, another
authority, adulthood: ENDS_SHORT_BREAK_SERIES).  Between breaks the series is still running.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carereview.domain.ssda903.codes import (
    CONTINUES_PERIOD,
    ENDS_SHORT_BREAK_SERIES,
    SHORT_BREAK_LS,
)
from carereview.domain.timescales.model import Episode


@dataclass(frozen=True, slots=True)
class Span:
    """A run of episodes making one period of care."""

    start: date
    end: date | None
    end_reason: str | None
    episodes: tuple[Episode, ...]

    @property
    def short_breaks(self) -> bool:
        return self.episodes[0].ls in SHORT_BREAK_LS


def split_periods(episodes: tuple[Episode, ...], warnings: list[str]) -> list[Span]:
    """Episodes (in date order) into periods of care."""
    spans: list[Span] = []
    current: list[Episode] = []

    def close(end: date | None, reason: str | None) -> None:
        spans.append(Span(current[0].decom, end, reason, tuple(current)))
        current.clear()

    for number, episode in enumerate(episodes, start=1):
        if current:
            previous = current[-1]
            if episode.rne == "S":
                warnings.append(
                    f"Episode {number} starts a new period of care (RNE S) on {episode.decom} "
                    f"although episode {number - 1} ended with X1; the earlier period is taken "
                    f"to end on {episode.decom}."
                )
                close(episode.decom, previous.rec)
            elif previous.dec is not None and previous.dec != episode.decom:
                warnings.append(
                    f"Episode {number} starts on {episode.decom} but episode {number - 1} ended "
                    f"on {previous.dec} with X1 (a new episode the same day); the timetable runs on."
                )
        elif spans and episode.rne != "S":
            warnings.append(
                f"Episode {number} starts a period of care on {episode.decom} with RNE "
                f"{episode.rne}, not S; it is treated as the start of the period."
            )
        elif not spans and episode.rne != "S":
            warnings.append(
                f"The history begins with RNE {episode.rne} on {episode.decom}, not S: the child "
                "was already looked after; the timetable is counted from this date, so the first "
                "review shown may not be the child's first."
            )
        current.append(episode)
        if episode.dec is not None and episode.rec != CONTINUES_PERIOD:
            close(episode.dec, episode.rec)
    if current:
        # The last episode is open, or ended with X1 and its successor is not in the history.
        close(None, None)
    return spans


@dataclass(frozen=True, slots=True)
class Unit:
    """What one review timetable runs over: a period of care, or a series of short breaks."""

    spans: tuple[Span, ...]
    regime: str  # "standard" or "short_breaks"
    end: date | None  # None while the timetable still runs
    end_reason: str | None

    @property
    def start(self) -> date:
        return self.spans[0].start

    @property
    def episodes(self) -> tuple[Episode, ...]:
        return tuple(e for span in self.spans for e in span.episodes)


def timetable_units(spans: list[Span]) -> list[Unit]:
    units: list[Unit] = []
    series: list[Span] = []

    def close_series(ended: bool) -> None:
        last = series[-1]
        end = last.end if ended else None
        units.append(Unit(tuple(series), "short_breaks", end, last.end_reason if ended else None))
        series.clear()

    for span in spans:
        if span.short_breaks and not _changes_to_ordinary_care(span):
            series.append(span)
            if span.end is not None and span.end_reason in ENDS_SHORT_BREAK_SERIES:
                close_series(ended=True)
            continue
        if series:
            close_series(ended=True)
        regime = "short_breaks" if span.short_breaks else "standard"
        units.append(Unit((span,), regime, span.end, span.end_reason))
    if series:
        # The last break has ended but nothing says the arrangement has: the series runs on.
        close_series(ended=False)
    return units


def _changes_to_ordinary_care(span: Span) -> bool:
    return any(e.ls not in SHORT_BREAK_LS for e in span.episodes)
