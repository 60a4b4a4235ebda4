"""Loading a checked SSDA903 return into the records, idempotently and in batches.

Each table is matched to what is held by its key (a child by CHILD = Child.reference, an episode
by child and DECOM, a review by child and date held, another table's row by child, table and its
key columns), looked up per batch, never per row; new rows are created and changed ones updated
with bulk queries; rows that are the same are left alone, so that importing the same files again
changes nothing, not even a timestamp.  Nothing is deleted: a return only speaks of its own year.
Runs inside the caller's transaction.  Progress is reported a batch at a time while the rows are
matched and again while they are written ("Saving ..."), where most of the time goes.

Reviews the import creates are marked `imported_from = "ssda903"`: held before carereview held
them, so the work after a review (its record, the decisions circulated, the care plan updated)
is not chased as missed.  A review already held in carereview keeps its own marking: one
recorded in the app stays the app's, whatever a return later says of its code.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any, TypeVar

from django.db.models import Model, QuerySet

from carereview.core import clock
from carereview.domain.ssda903.checks import held_key, show
from carereview.domain.ssda903.problems import Problem
from carereview.domain.ssda903.reader import ReturnRead
from carereview.domain.ssda903.rows import EpisodeRow
from carereview.interchange.models import HeldRow
from carereview.records.codes import Gender
from carereview.records.models import Child, Episode
from carereview.reviews.models import Review

BATCH = 500
Progress = Callable[[str, int, int], None]
#: What `Review.imported_from` says of the reviews this import creates.
IMPORTED_FROM = "ssda903"
T = TypeVar("T")
M = TypeVar("M", bound=Model)

#: SEX 1/M male, 2/F female, U not stated or recorded (which also fits "other" held already).
GENDER = {"1": Gender.MALE, "M": Gender.MALE, "2": Gender.FEMALE, "F": Gender.FEMALE}
EPISODE_FIELDS = (
    "rne",
    "ls",
    "place",
    "dec",
    "rec",
    "cin",
    "place_provider",
    "reason_place_change",
    "home_post",
    "pl_post",
    "urn",
)


def batches(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _fetch(query: Callable[[Sequence[Any]], QuerySet[M]], keys: Sequence[Any]) -> Iterable[M]:
    """Rows for many keys, a batch of keys per query (SQLite limits the parameters in one)."""
    for chunk in batches(keys):
        yield from query(chunk)


def _tally() -> dict[str, int]:
    return {"created": 0, "updated": 0, "unchanged": 0}


def save_in_batches(
    model: type[M],
    new: Sequence[M],
    changed: Sequence[M],
    fields: Sequence[str],
    what: str,
    progress: Progress,
) -> None:
    """New rows created and changed ones updated a batch at a time, with progress after each
    (the writing is where a large import spends its time)."""
    total = len(new) + len(changed)
    done = 0
    progress(f"Saving {what}", 0, total)
    for chunk in batches(new, BATCH):
        model.objects.bulk_create(chunk)  # type: ignore[attr-defined]
        done += len(chunk)
        progress(f"Saving {what}", done, total)
    for chunk in batches(changed, BATCH):
        model.objects.bulk_update(chunk, list(fields))  # type: ignore[attr-defined]
        done += len(chunk)
        progress(f"Saving {what}", done, total)


class Loader:
    """Loads one checked return; `counts` says what happened to each kind of row.  `year` is
    the collection year the return is for: the key of the rows of the tables with one row per
    child (UASC, OC2, OC3, PrevPerm)."""

    def __init__(
        self, read: ReturnRead, *, by: Any, progress: Progress, year: int | None = None
    ) -> None:
        self.read, self.by, self.progress, self.year = read, by, progress, year
        self.now = clock.now()
        self.children: dict[str, Child] = {}
        self.warnings: list[Problem] = []
        # The latest date the file's episodes speak of (the end of the return's year, near
        # enough): an open episode in the file is known to be open up to this day, not beyond.
        self.reach: date | None = max((r.dec or r.decom for r in read.episodes), default=None)
        self.counts = {
            "children": _tally(),
            "episodes": _tally(),
            "reviews": _tally(),
            "other rows": _tally(),
        }

    def load(self) -> None:
        self.load_children()
        self.load_episodes()
        self.load_reviews()
        self.load_others()

    # -- children ------------------------------------------------------------------------------

    def load_children(self) -> None:
        header = self.read.header
        uasc = {row.child for row in self.read.others if row.table == "UASC"}
        held = {
            c.reference: c
            for c in _fetch(
                lambda refs: Child.objects.filter(reference__in=refs), [h.child for h in header]
            )
        }
        new: list[Child] = []
        changed: list[Child] = []
        for done, row in enumerate(header, start=1):
            child = held.get(row.child)
            values: dict[str, Any] = {
                "date_of_birth": row.dob,
                "ethnicity": row.ethnic,
                "upn": row.upn,
                "mother": row.mother,
                "mc_dob": row.mc_dob,
            }
            gender = GENDER.get(row.sex)
            if (
                gender is not None
                or child is None
                or child.gender not in (Gender.NOT_STATED, Gender.OTHER)
            ):
                values["gender"] = gender or Gender.NOT_STATED
            if row.child in uasc:
                values["uasc"] = True  # a newer year without the UASC row leaves it as held
            if child is None:
                child = Child(reference=row.child, first_name="", last_name="", **values)
                new.append(child)
            elif any(getattr(child, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(child, name, value)
                child.updated, child.version = self.now, child.version + 1
                changed.append(child)
            self.children[row.child] = child
            if done % BATCH == 0:
                self.progress("Loading children", done, len(header))
        self.progress("Loading children", len(header), len(header))
        fields = ["date_of_birth", "gender", "ethnicity", "upn", "mother", "mc_dob", "uasc"]
        save_in_batches(
            Child, new, changed, [*fields, "updated", "version"], "children", self.progress
        )
        # bulk_create gives back primary keys on PostgreSQL and SQLite, not on every database.
        if new:
            for child in _fetch(
                lambda refs: Child.objects.filter(reference__in=refs), [c.reference for c in new]
            ):
                self.children[child.reference] = child
        self._count("children", len(new), len(changed), len(header))

    def _count(self, kind: str, created: int, updated: int, total: int) -> None:
        self.counts[kind] = {
            "created": created,
            "updated": updated,
            "unchanged": total - created - updated,
        }

    def _child_ids(self) -> list[int]:
        return [child.pk for child in self.children.values()]

    # -- episodes ------------------------------------------------------------------------------

    def load_episodes(self) -> None:
        rows = self.read.episodes
        held: dict[tuple[int, date], Episode] = {
            (e.child_id, e.decom): e
            for e in _fetch(lambda ids: Episode.objects.filter(child_id__in=ids), self._child_ids())
        }
        new, changed = [], []
        for done, row in enumerate(rows, start=1):
            child = self.children[row.child]
            values = {name: getattr(row, name) for name in EPISODE_FIELDS}
            episode = held.get((child.pk, row.decom))
            if episode is not None and self._ended_after_this_return(row, episode):
                values["dec"], values["rec"] = episode.dec, episode.rec
            if episode is None:
                new.append(Episode(child=child, decom=row.decom, **values))
            elif any(getattr(episode, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(episode, name, value)
                episode.updated = self.now
                changed.append(episode)
            if done % BATCH == 0:
                self.progress("Loading episodes", done, len(rows))
        self.progress("Loading episodes", len(rows), len(rows))
        save_in_batches(
            Episode, new, changed, [*EPISODE_FIELDS, "updated"], "episodes", self.progress
        )
        self._count("episodes", len(new), len(changed), len(rows))
        self._warn_missing_episodes(held, rows)

    def _ended_after_this_return(self, row: EpisodeRow, episode: Episode) -> bool:
        """An episode open in the file but held as ended after the file's last date: the file is
        an older return than the one that closed it, and does not reopen it."""
        reach = self.reach
        if row.dec is not None or episode.dec is None or reach is None or episode.dec <= reach:
            return False
        self.warnings.append(
            Problem(
                self.read.files.get("Episodes", ""),
                row.line,
                "DEC",
                "",
                "ended later",
                f"Episodes row {row.line}: the episode of child '{row.child}' starting "
                f"{show(row.decom)} is open in this file but held as ended on "
                f"{show(episode.dec)} ({episode.rec}), after the latest date in this file: "
                "it is kept ended (an older return does not reopen it)",
            )
        )
        return True

    def _warn_missing_episodes(
        self, held: dict[tuple[int, date], Episode], rows: list[EpisodeRow]
    ) -> None:
        """An episode held for a child but missing from a file whose episodes for that child
        cover its dates: kept (a return never deletes), and said."""
        in_file: dict[int, list[EpisodeRow]] = defaultdict(list)
        for row in rows:
            in_file[self.children[row.child].pk].append(row)
        reach = self.reach or clock.today()
        name = self.read.files.get("Episodes", "")
        references = {child.pk: ref for ref, child in self.children.items()}
        for (child_id, decom), episode in sorted(held.items(), key=lambda item: item[0]):
            covering = in_file.get(child_id)
            if not covering or any(r.decom == decom for r in covering):
                continue
            first = min(r.decom for r in covering)
            last = max((r.dec or reach) for r in covering)
            # Adjacent is not covered: an episode ending the day the file's first one starts is
            # simply the one before it.
            if (episode.dec is None or episode.dec > first) and decom < last:
                self.warnings.append(
                    Problem(
                        name,
                        None,
                        "DECOM",
                        show(decom),
                        "not in newer file",
                        f"The episode of child '{references[child_id]}' starting "
                        f"{show(decom)} is held but not in {name or 'the Episodes file'}, "
                        "whose episodes for the child cover its dates; it is kept (an import "
                        "never deletes): correct or remove it on the child's record if the "
                        "newer return is right",
                    )
                )

    # -- reviews -------------------------------------------------------------------------------

    def load_reviews(self) -> None:
        rows = self.read.reviews
        held: dict[tuple[int, date], Review] = {
            (r.child_id, r.held_on): r
            for r in _fetch(
                lambda ids: Review.objects.filter(child_id__in=ids, held_on__isnull=False),
                self._child_ids(),
            )
        }
        new, changed = [], []
        for done, row in enumerate(rows, start=1):
            child = self.children[row.child]
            review = held.get((child.pk, row.review))
            if review is None:
                new.append(
                    Review(
                        child=child,
                        held_on=row.review,
                        participation=row.review_code,
                        created_by=self.by if getattr(self.by, "pk", None) else None,
                        imported_from=IMPORTED_FROM,
                    )
                )
            elif review.participation != row.review_code:
                review.participation = row.review_code
                review.updated, review.version = self.now, review.version + 1
                changed.append(review)
            if done % BATCH == 0:
                self.progress("Loading reviews", done, len(rows))
        self.progress("Loading reviews", len(rows), len(rows))
        save_in_batches(
            Review, new, changed, ["participation", "updated", "version"], "reviews", self.progress
        )
        self._count("reviews", len(new), len(changed), len(rows))

    # -- the other tables ----------------------------------------------------------------------

    def load_others(self) -> None:
        rows = self.read.others
        held: dict[tuple[int, str, str], HeldRow] = {
            (h.child_id, h.table, h.key): h
            for h in _fetch(lambda ids: HeldRow.objects.filter(child_id__in=ids), self._child_ids())
        }
        new, changed = [], []
        for done, row in enumerate(rows, start=1):
            child = self.children[row.child]
            key = held_key(row, self.year)
            cells = dict(row.cells)
            existing = held.get((child.pk, row.table, key))
            if existing is None:
                new.append(HeldRow(child=child, table=row.table, key=key, cells=cells))
            elif existing.cells != cells:
                existing.cells, existing.updated = cells, self.now
                changed.append(existing)
            if done % BATCH == 0:
                self.progress("Loading other tables", done, len(rows))
        self.progress("Loading other tables", len(rows), len(rows))
        save_in_batches(HeldRow, new, changed, ["cells", "updated"], "other tables", self.progress)
        self._count("other rows", len(new), len(changed), len(rows))
