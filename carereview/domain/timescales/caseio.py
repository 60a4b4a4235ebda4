"""Reading a case (a child's care history as JSON) with messages that name what is wrong.

The format (dates ISO `YYYY-MM-DD`; SSDA903's `DD/MM/YYYY` is accepted too):

    {"profile": "statutory", "as_of": "2024-06-01", "dob": "2012-05-01",
     "episodes": [{"decom": "2024-01-08", "rne": "S", "ls": "C2", "place": "U4",
                   "dec": null, "rec": null}],
     "reviews": ["2024-01-30"],
     "events": [{"kind": "iro_request", "date": "2024-03-01", "review_by": "2024-03-20"}],
     "closure_days": ["2024-12-27"]}

`profile`, `as_of` (default: today), `dob`, `dec`, `rec`, `events` and `closure_days` are optional.
A review may also be an object `{"date": ..., "completed": ...}` for an adjourned review.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from carereview.domain.ssda903.codes import (
    LEGAL_STATUS,
    PLACEMENT,
    REASON_EPISODE_CEASED,
    REASON_NEW_EPISODE,
)
from carereview.domain.timescales.model import CareHistory, EarlyReviewEvent, Episode, HeldReview
from carereview.domain.timescales.profiles import (
    BUILT_IN,
    PolicyProfile,
    ProfileError,
    resolve_profile,
)
from carereview.domain.timescales.rules import EARLY_REVIEW_EVENTS


class CaseError(ValueError):
    """The case cannot be read.  `problems` lists every fault found, each naming its field."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Case:
    history: CareHistory
    as_of: date
    profile: PolicyProfile
    closure_days: tuple[date, ...] = ()


_TOP_LEVEL = {
    "profile",
    "as_of",
    "dob",
    "episodes",
    "reviews",
    "events",
    "closure_days",
    "child",
    "name",
}
_EPISODE_KEYS = {"decom", "rne", "ls", "place", "dec", "rec"}
#: Other SSDA903 Episodes columns, accepted and ignored, so an export can be passed as it is.
_EPISODE_EXTRA = {
    "child",
    "cin",
    "place_provider",
    "reason_place_change",
    "home_post",
    "pl_post",
    "urn",
}
_EVENT_KEYS = {"kind", "date", "review_by", "change_on", "note"}
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UK = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")


class _Reader:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, message: str) -> None:
        self.problems.append(message)

    def date(self, value: Any, where: str, required: bool = True) -> date | None:
        if value is None or value == "":
            if required:
                self.problem(f"{where}: a date is required")
            return None
        if isinstance(value, str):
            text = value.strip()
            try:
                if _ISO.match(text):
                    return date.fromisoformat(text)
                if _UK.match(text):
                    return datetime.strptime(text, "%d/%m/%Y").date()
            except ValueError:
                pass
        self.problem(f"{where}: {value!r} is not a date (use YYYY-MM-DD)")
        return None

    def code(
        self, value: Any, where: str, codes: Mapping[str, str], what: str, required: bool = True
    ) -> str | None:
        if value is None or value == "":
            if required:
                self.problem(f"{where}: a {what} code is required")
            return None
        text = str(value).strip().upper()
        if text not in codes:
            self.problem(
                f"{where}: {value!r} is not a known {what} code (known: {', '.join(codes)})"
            )
            return None
        return text

    def keys(self, data: Mapping[str, Any], allowed: set[str], where: str) -> None:
        for key in data:
            if key not in allowed:
                self.problem(
                    f"{where}.{key}: unknown field (expected: {', '.join(sorted(allowed))})"
                )


def parse_date(value: Any, where: str) -> date:
    """One date, as a case would give it; CaseError naming `where` if it is not one."""
    reader = _Reader()
    day = reader.date(value, where)
    if day is None:
        raise CaseError(reader.problems)
    return day


def parse_case(
    data: Any, today: date | None = None, profiles: Mapping[str, PolicyProfile] = BUILT_IN
) -> Case:
    """Read and check a case; raise CaseError listing every problem found."""
    r = _Reader()
    if not isinstance(data, Mapping):
        raise CaseError([f"case: expected a JSON object, got {type(data).__name__}"])
    r.keys(data, _TOP_LEVEL, "case")
    as_of = r.date(data["as_of"], "as_of") if data.get("as_of") else (today or date.today())
    dob = r.date(data.get("dob"), "dob", required=False)
    try:
        profile = resolve_profile(data.get("profile"), profiles)
    except ProfileError as error:
        r.problem(str(error))
        profile = BUILT_IN["statutory"]

    episodes = _episodes(r, data.get("episodes"))
    reviews = _reviews(r, data.get("reviews", []))
    events = _events(r, data.get("events", []))
    closures = _dates(r, data.get("closure_days", []), "closure_days")
    if as_of is not None and not r.problems:
        _check_consistency(r, episodes, reviews, events, dob, as_of)
    if r.problems:
        raise CaseError(r.problems)
    assert as_of is not None
    history = CareHistory(
        episodes=tuple(episodes), reviews=tuple(reviews), dob=dob, events=tuple(events)
    )
    return Case(history, as_of, profile, tuple(closures))


def _list(r: _Reader, value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        r.problem(f"{where}: expected a list, got {type(value).__name__}")
        return []
    return value


def _dates(r: _Reader, value: Any, where: str) -> list[date]:
    found = []
    for i, item in enumerate(_list(r, value, where)):
        day = r.date(item, f"{where}[{i}]")
        if day is not None:
            found.append(day)
    return found


def _episodes(r: _Reader, value: Any) -> list[Episode]:
    items = _list(r, value, "episodes")
    if not items and not r.problems:
        r.problem("episodes: at least one episode is required")
    found: list[Episode] = []
    for i, item in enumerate(items):
        where = f"episodes[{i}]"
        if not isinstance(item, Mapping):
            r.problem(f"{where}: expected an object, got {item!r}")
            continue
        r.keys({k.lower(): v for k, v in item.items()}, _EPISODE_KEYS | _EPISODE_EXTRA, where)
        item = {k.lower(): v for k, v in item.items()}
        before = len(r.problems)
        decom = r.date(item.get("decom"), f"{where}.decom")
        dec = r.date(item.get("dec"), f"{where}.dec", required=False)
        rne = r.code(
            item.get("rne"), f"{where}.rne", REASON_NEW_EPISODE, "RNE (reason for new episode)"
        )
        ls = r.code(item.get("ls"), f"{where}.ls", LEGAL_STATUS, "LS (legal status)")
        place = r.code(item.get("place"), f"{where}.place", PLACEMENT, "PLACE (placement)")
        rec = r.code(
            item.get("rec"),
            f"{where}.rec",
            REASON_EPISODE_CEASED,
            "REC (reason episode ceased)",
            required=False,
        )
        if decom and dec and dec < decom:
            r.problem(f"{where}.dec: {dec} is before the episode starts ({where}.decom {decom})")
        if dec and not rec:
            r.problem(f"{where}.rec: the episode ended on {dec} so a reason (REC) is required")
        if rec and not dec:
            r.problem(f"{where}.dec: REC is {rec} so the date the episode ended (DEC) is required")
        if len(r.problems) == before:
            assert decom and rne and ls and place
            found.append(Episode(decom, rne, ls, place, dec, rec))
    return found


def _reviews(r: _Reader, value: Any) -> list[HeldReview]:
    found = []
    for i, item in enumerate(_list(r, value, "reviews")):
        where = f"reviews[{i}]"
        if isinstance(item, Mapping):
            r.keys(item, {"date", "completed"}, where)
            held = r.date(item.get("date"), f"{where}.date")
            completed = r.date(item.get("completed"), f"{where}.completed", required=False)
            if held and completed and completed < held:
                r.problem(f"{where}.completed: {completed} is before the first meeting ({held})")
        else:
            held, completed = r.date(item, where), None
        if held:
            found.append(HeldReview(held, completed))
    seen: dict[date, int] = {}
    for i, review in enumerate(found):
        if review.date in seen:
            r.problem(
                f"reviews[{i}]: {review.date} is listed twice (also reviews[{seen[review.date]}])"
            )
        seen.setdefault(review.date, i)
    return found


def _events(r: _Reader, value: Any) -> list[EarlyReviewEvent]:
    found = []
    for i, item in enumerate(_list(r, value, "events")):
        where = f"events[{i}]"
        if not isinstance(item, Mapping):
            r.problem(f"{where}: expected an object, got {item!r}")
            continue
        r.keys(item, _EVENT_KEYS, where)
        kind = item.get("kind")
        if kind not in EARLY_REVIEW_EVENTS:
            r.problem(
                f"{where}.kind: {kind!r} is not a known event (known: "
                f"{', '.join(EARLY_REVIEW_EVENTS)})"
            )
            continue
        day = r.date(item.get("date"), f"{where}.date")
        review_by = r.date(item.get("review_by"), f"{where}.review_by", required=False)
        change_on = r.date(item.get("change_on"), f"{where}.change_on", required=False)
        _, before = EARLY_REVIEW_EVENTS[kind]
        if review_by is None and change_on is not None and before:
            review_by = change_on - timedelta(days=1)
        if review_by is None:
            needed = "review_by or change_on" if before else "review_by"
            r.problem(f"{where}: a {kind} event needs {needed}")
        if day and review_by and review_by < day:
            r.problem(f"{where}.review_by: {review_by} is before the event ({day})")
        if day and review_by:
            found.append(EarlyReviewEvent(kind, day, review_by, str(item.get("note", ""))))
    return found


def _check_consistency(
    r: _Reader,
    episodes: list[Episode],
    reviews: list[HeldReview],
    events: list[EarlyReviewEvent],
    dob: date | None,
    as_of: date,
) -> None:
    ordered = sorted(range(len(episodes)), key=lambda i: episodes[i].decom)
    if ordered != list(range(len(episodes))):
        r.problem("episodes: list them in date order (by decom)")
        return
    for i, episode in enumerate(episodes):
        where = f"episodes[{i}]"
        if episode.decom > as_of:
            r.problem(f"{where}.decom: {episode.decom} is after as_of ({as_of})")
        if episode.dec and episode.dec > as_of:
            r.problem(f"{where}.dec: {episode.dec} is after as_of ({as_of})")
        if i + 1 < len(episodes):
            following = episodes[i + 1]
            if episode.dec is None:
                r.problem(
                    f"{where}.dec: the episode has no end date but episodes[{i + 1}] "
                    f"starts on {following.decom}; only the last episode may be open"
                )
            elif following.decom < episode.dec:
                r.problem(
                    f"episodes[{i + 1}].decom: {following.decom} is before the previous "
                    f"episode ended ({where}.dec {episode.dec})"
                )
    first = episodes[0].decom if episodes else None
    if dob and first and dob > first:
        r.problem(f"dob: {dob} is after the first episode starts ({first})")
    if dob and dob > as_of:
        r.problem(f"dob: {dob} is after as_of ({as_of})")
    for i, review in enumerate(reviews):
        if first and review.date < first:
            r.problem(f"reviews[{i}]: {review.date} is before the first episode starts ({first})")
        if review.date > as_of:
            r.problem(f"reviews[{i}]: {review.date} is after as_of ({as_of})")
        if review.completed and review.completed > as_of:
            r.problem(f"reviews[{i}].completed: {review.completed} is after as_of ({as_of})")
    for i, event in enumerate(events):
        if first and event.date < first:
            r.problem(
                f"events[{i}].date: {event.date} is before the first episode starts ({first})"
            )
        if event.date > as_of:
            r.problem(f"events[{i}].date: {event.date} is after as_of ({as_of})")
