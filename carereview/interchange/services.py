"""SSDA903 import and export: the use cases the command, the web page and background tasks call.

`import_return` reads every file, checks every row, and either refuses the whole return (any
error: the database is left exactly as it was) or loads it in one transaction, listing the
warnings.  Importing the same files again changes nothing; a newer year's files update what
changed and add what is new; nothing is deleted.  Imported history raises no notifications or
alerts: rows are written in bulk, not through the services that send them, and the reviews
it creates are marked `Review.imported_from`, so that the work after a review (the record, the
decisions circulated...) is not chased for a review held before carereview held it.

The tables with one row per child (UASC, OC2, OC3, PrevPerm) are held per child and collection
year: `import_return` is told the year, or works it out from the return's dates
(`domain.ssda903.years.infer_year`).

`export_return` writes a collection year's return (or everything held) from the records, in the
form the import reads back byte for byte.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.core import clock
from carereview.domain.ssda903 import writer
from carereview.domain.ssda903.checks import check_return
from carereview.domain.ssda903.problems import Problem
from carereview.domain.ssda903.reader import ReturnRead, parse_return
from carereview.domain.ssda903.rows import EpisodeRow, HeaderRow, OtherRow, ReviewRow
from carereview.domain.ssda903.tables import PER_CHILD, TABLES
from carereview.domain.ssda903.years import (
    FIRST_COLLECTION_YEAR,
    LAST_COLLECTION_YEAR,
    infer_year,
    valid_year,
    year_label,
)
from carereview.domain.timescales.model import Episode as HistoryEpisode
from carereview.interchange.loading import Loader, batches
from carereview.interchange.models import HeldRow
from carereview.records.codes import Gender
from carereview.records.models import Child, Episode
from carereview.reviews.models import Review

Progress = Callable[[str, int, int], None]

#: Gender as the return's SEX (carereview.domain.ssda903.writer turns M/F into 1/2 for years
#: before 2024-25); "other" has no code of its own and is written U.
SEX_CODE = {Gender.MALE: "M", Gender.FEMALE: "F"}


@dataclass
class ImportResult:
    """How an import went: refused (`ok` False, `errors`) or loaded (`counts`), with warnings."""

    ok: bool
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    #: The collection year the return was read as (given, or worked out from its dates).
    year: int | None = None
    year_inferred: bool = False


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def _check_year(year: int | None) -> None:
    if year is not None and not valid_year(year):
        raise ValueError(
            f"{year} is not a collection year carereview takes "
            f"({FIRST_COLLECTION_YEAR} to {LAST_COLLECTION_YEAR})"
        )


def _username(by: Any | None) -> str:
    """The audit entry's name for who did it: the user's own, or the command line's."""
    return "" if getattr(by, "pk", None) else "command line"


def import_return(
    files: Mapping[str, bytes],
    *,
    by: Any | None,
    source: str,
    progress: Progress | None = None,
    year: int | None = None,
) -> ImportResult:
    """Read, check and (when nothing is wrong) load one SSDA903 return.  `year` is the
    collection year the return is for (2024 = 2024-25); worked out from its dates when not
    given."""
    _check_year(year)
    report = progress or _no_progress
    report("Reading files", 0, len(files))
    read = parse_return(files)
    report("Reading files", len(files), len(files))
    report("Checking", 0, 1)
    if read.ok:
        read = check_return(read, today=clock.today(), held=held_episodes(read))
    report("Checking", 1, 1)
    if not read.ok:
        return ImportResult(ok=False, errors=read.errors, warnings=read.warnings)
    inferred = year is None
    year = infer_year(read, clock.today()) if year is None else year
    loader = Loader(read, by=by, progress=report, year=year)
    with transaction.atomic():
        loader.load()
        report("Finishing", 0, 1)
        warnings = len(read.warnings) + len(loader.warnings)
        record(
            Action.IMPORT,
            _summary(source, year, loader.counts, warnings),
            user=by,
            username=_username(by),
            changes={
                "source": source,
                "year": year,
                "files": sorted(files),
                "counts": loader.counts,
                "warnings": warnings,
            },
        )
    report("Finishing", 1, 1)
    return ImportResult(
        ok=True,
        warnings=read.warnings + loader.warnings,
        counts=loader.counts,
        year=year,
        year_inferred=inferred,
    )


def held_episodes(read: ReturnRead) -> dict[str, list[HistoryEpisode]]:
    """The episodes already held for the return's children, by reference: the periods of care
    are judged with them (a newer year's file holds only the episodes open in its year)."""
    held: dict[str, list[HistoryEpisode]] = {}
    references = sorted({row.child for row in read.episodes})
    columns = ("child__reference", "decom", "rne", "ls", "place", "dec", "rec")
    for chunk in batches(references):
        for ref, decom, rne, ls, place, dec, rec in (
            Episode.objects.order_by().filter(child__reference__in=chunk).values_list(*columns)
        ):
            held.setdefault(ref, []).append(HistoryEpisode(decom, rne, ls, place, dec, rec or None))
    return held


def _summary(source: str, year: int, counts: dict[str, dict[str, int]], warnings: int) -> str:
    parts = ", ".join(
        f"{kind} {c['created']} new, {c['updated']} updated, {c['unchanged']} unchanged"
        for kind, c in counts.items()
    )
    return (
        f"SSDA903 return for {year_label(year)} imported from {source}: {parts}; "
        f"{warnings} warnings"
    )


# -- export ------------------------------------------------------------------------------------


def held_rows() -> writer.ReturnRows:
    """Everything held, as the return's rows (reviews without a participation code kept aside:
    the return needs one with every review, rule 167, and the export lists them).  One query per
    table, whole tables at once, so that the number of children does not matter."""
    rows = writer.ReturnRows()
    refs: dict[int, tuple[str, Any]] = {}
    for pk, ref, gender, dob, ethnic, upn, mother, mc_dob in Child.objects.order_by().values_list(
        "pk", "reference", "gender", "date_of_birth", "ethnicity", "upn", "mother", "mc_dob"
    ):
        refs[pk] = (ref, dob)
        rows.header.append(
            HeaderRow(ref, SEX_CODE.get(gender, "U"), dob, ethnic, upn, mother, mc_dob)
        )
    # In EpisodeRow's order.  An episode's REC is written only with its DEC.
    columns = ["decom", "rne", "ls", "cin", "place", "place_provider", "dec", "rec"]
    columns += ["reason_place_change", "home_post", "pl_post", "urn"]
    for child_id, *cells in Episode.objects.order_by().values_list("child_id", *columns):
        episode = EpisodeRow(refs[child_id][0], *cells)
        rows.episodes.append(episode if episode.dec else dataclasses.replace(episode, rec=""))
    held = Review.objects.order_by().filter(held_on__isnull=False)
    for child_id, held_on, code in held.values_list("child_id", "held_on", "participation"):
        ref, dob = refs[child_id]
        (rows.reviews if code else rows.uncoded).append(ReviewRow(ref, dob, held_on, code))
    for child_id, table, key, cells in HeldRow.objects.order_by().values_list(
        "child_id", "table", "key", "cells"
    ):
        if table in TABLES:
            row = tuple((c, str(cells.get(c, ""))) for c in TABLES[table].columns[1:])
            # One row per child and year: the key is the year (blank: held before it was).
            year = int(key) if table in PER_CHILD and key.isdigit() else None
            rows.others.append(OtherRow(table, refs[child_id][0], row, year=year))
    return rows


def export_return(year: int | None, *, by: Any | None) -> writer.Exported:
    """The collection year's return (1 April `year` to 31 March), or everything held when
    `year` is None: the files (name -> CSV bytes) and what was left out, as warnings."""
    _check_year(year)
    exported = writer.export_return(held_rows(), year=year)
    files = exported.files
    children = max(files[writer.FILE_NAMES["Header"]].count(b"\r\n") - 1, 0)
    record(
        Action.EXPORT,
        f"SSDA903 return exported ({year_label(year)}): {children} children",
        user=by,
        username=_username(by),
        changes={
            "year": year,
            "files": sorted(files),
            "children": children,
            "warnings": len(exported.warnings),
        },
    )
    return exported
