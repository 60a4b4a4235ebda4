"""SSDA903 import and export: the use cases the command, the web page and background tasks call.

`import_return` reads every file, checks every row, and either refuses the whole return (any
error: the database is left exactly as it was) or loads it in one transaction, listing the
warnings.  Importing the same files again changes nothing; a newer year's files update what
changed and add what is new; nothing is deleted.  Imported history raises no notifications or
alerts: rows are written in bulk, not through the services that send them.

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
from carereview.domain.ssda903.reader import parse_return
from carereview.domain.ssda903.rows import EpisodeRow, HeaderRow, OtherRow, ReviewRow
from carereview.domain.ssda903.tables import TABLES
from carereview.interchange.loading import Loader
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


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def import_return(
    files: Mapping[str, bytes],
    *,
    by: Any | None,
    source: str,
    progress: Progress | None = None,
) -> ImportResult:
    """Read, check and (when nothing is wrong) load one SSDA903 return."""
    report = progress or _no_progress
    report("Reading files", 0, len(files))
    read = parse_return(files)
    report("Reading files", len(files), len(files))
    report("Checking", 0, 1)
    if read.ok:
        read = check_return(read, today=clock.today())
    report("Checking", 1, 1)
    if not read.ok:
        return ImportResult(ok=False, errors=read.errors, warnings=read.warnings)
    loader = Loader(read, by=by, progress=report)
    with transaction.atomic():
        loader.load()
        report("Finishing", 0, 1)
        record(
            Action.IMPORT,
            _summary(source, loader.counts, len(read.warnings) + len(loader.warnings)),
            user=by,
            username="" if getattr(by, "pk", None) else "command line",
            changes={
                "source": source,
                "files": sorted(files),
                "counts": loader.counts,
                "warnings": len(read.warnings) + len(loader.warnings),
            },
        )
    report("Finishing", 1, 1)
    return ImportResult(ok=True, warnings=read.warnings + loader.warnings, counts=loader.counts)


def _summary(source: str, counts: dict[str, dict[str, int]], warnings: int) -> str:
    parts = ", ".join(
        f"{kind} {c['created']} new, {c['updated']} updated, {c['unchanged']} unchanged"
        for kind, c in counts.items()
    )
    return f"SSDA903 return imported from {source}: {parts}; {warnings} warnings"


# -- export ------------------------------------------------------------------------------------


def held_rows() -> writer.ReturnRows:
    """Everything held, as the return's rows (reviews without a participation code left out:
    the return needs one with every review, rule 167).  One query per table, whole tables at
    once, so that the number of children does not matter."""
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
    held = Review.objects.order_by().filter(held_on__isnull=False).exclude(participation="")
    for child_id, held_on, code in held.values_list("child_id", "held_on", "participation"):
        ref, dob = refs[child_id]
        rows.reviews.append(ReviewRow(ref, dob, held_on, code))
    for child_id, table, cells in HeldRow.objects.order_by().values_list(
        "child_id", "table", "cells"
    ):
        if table in TABLES:
            row = tuple((c, str(cells.get(c, ""))) for c in TABLES[table].columns[1:])
            rows.others.append(OtherRow(table, refs[child_id][0], row))
    return rows


def year_label(year: int | None) -> str:
    return "everything held" if year is None else f"{year}-{(year + 1) % 100:02d}"


def export_return(year: int | None, *, by: Any | None) -> dict[str, bytes]:
    """The collection year's return (1 April `year` to 31 March), or everything held when
    `year` is None, as file name -> CSV bytes."""
    files = writer.export_return(held_rows(), year=year)
    children = max(files[writer.FILE_NAMES["Header"]].count(b"\r\n") - 1, 0)
    record(
        Action.EXPORT,
        f"SSDA903 return exported ({year_label(year)}): {children} children",
        user=by,
        username="" if getattr(by, "pk", None) else "command line",
        changes={"year": year, "files": sorted(files), "children": children},
    )
    return files
