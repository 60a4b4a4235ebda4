"""Small builders for care histories in tests."""

from __future__ import annotations

from datetime import date

from carereview.domain.timescales import CareHistory, EarlyReviewEvent, Episode, HeldReview


def d(text: str) -> date:
    return date.fromisoformat(text)


def ep(
    decom: str,
    rne: str = "S",
    ls: str = "C2",
    place: str = "U4",
    dec: str | None = None,
    rec: str | None = None,
) -> Episode:
    return Episode(d(decom), rne, ls, place, d(dec) if dec else None, rec)


def history(
    *episodes: Episode,
    reviews: tuple[str, ...] = (),
    dob: str | None = None,
    events: tuple[EarlyReviewEvent, ...] = (),
    completed: dict[str, str] | None = None,
) -> CareHistory:
    completed = completed or {}
    return CareHistory(
        episodes=episodes,
        reviews=tuple(
            HeldReview(d(r), d(completed[r]) if r in completed else None) for r in reviews
        ),
        dob=d(dob) if dob else None,
        events=events,
    )
