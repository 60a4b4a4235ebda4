"""The tables of the SSDA903 return: their columns in the standard order, and how a CSV file is
recognised as one of them.

A file is recognised by its set of columns, not its name (councils' case systems name the files
as they like): the header cells are compared without regard to letter case or surrounding spaces.
Layouts: DfE "Children looked after return: technical specification" (summarised in
shared/docs/ssda903.md); SWEpisodes from 2023-24, DoLo from 2026-27.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Table:
    """One table of the return.  `dates` are the columns holding dd/mm/yyyy dates; `required`
    those that must have a value; `key` the columns that make a row of one of the other tables
    the same row in another year's file (empty: one row per child)."""

    name: str
    columns: tuple[str, ...]
    required: frozenset[str]
    dates: frozenset[str]
    key: tuple[str, ...] = ()


def _table(
    name: str, columns: str, required: str, dates: str = "", key: str = ""
) -> tuple[str, Table]:
    return name, Table(
        name,
        tuple(columns.split()),
        frozenset(required.split()),
        frozenset(dates.split()),
        tuple(key.split()),
    )


#: Every table, in the order the return lists them.
TABLES: dict[str, Table] = dict(
    [
        _table(
            "Header",
            "CHILD SEX DOB ETHNIC UPN MOTHER MC_DOB",
            "CHILD SEX DOB ETHNIC",
            "DOB MC_DOB",
        ),
        _table(
            "Episodes",
            "CHILD DECOM RNE LS CIN PLACE PLACE_PROVIDER DEC REC REASON_PLACE_CHANGE "
            "HOME_POST PL_POST URN",
            "CHILD DECOM RNE LS PLACE",
            "DECOM DEC",
        ),
        _table("Reviews", "CHILD DOB REVIEW REVIEW_CODE", "CHILD REVIEW REVIEW_CODE", "DOB REVIEW"),
        _table("UASC", "CHILD SEX DOB DUC", "CHILD", "DOB DUC"),
        _table(
            "OC2",
            "CHILD DOB SDQ_SCORE SDQ_REASON CONVICTED HEALTH_CHECK IMMUNISATIONS TEETH_CHECK "
            "HEALTH_ASSESSMENT SUBSTANCE_MISUSE INTERVENTION_RECEIVED INTERVENTION_OFFERED",
            "CHILD",
            "DOB",
        ),
        _table("OC3", "CHILD DOB IN_TOUCH ACTIV ACCOM", "CHILD", "DOB"),
        _table(
            "AD1",
            "CHILD DOB DATE_INT DATE_MATCH FOSTER_CARE NB_ADOPTR SEX_ADOPTR LS_ADOPTR",
            "CHILD",
            "DOB DATE_INT DATE_MATCH",
            "DATE_INT",
        ),
        _table(
            "PlacedAdoption",
            "CHILD DOB DATE_PLACED DATE_PLACED_CEASED REASON_PLACED_CEASED",
            "CHILD",
            "DOB DATE_PLACED DATE_PLACED_CEASED",
            "DATE_PLACED",
        ),
        # DATE_PERM may be only partly known (the validator allows zz/zz/yyyy): kept as written.
        _table("PrevPerm", "CHILD DOB PREV_PERM LA_PERM DATE_PERM", "CHILD", "DOB"),
        _table(
            "Missing",
            "CHILD DOB MISSING MIS_START MIS_END",
            "CHILD",
            "DOB MIS_START MIS_END",
            "MIS_START",
        ),
        _table(
            "SWEpisodes",
            "CHILD DOB SW_ID SW_DECOM SW_DEC SW_REASON",
            "CHILD",
            "DOB SW_DECOM SW_DEC",
            "SW_DECOM",
        ),
        _table(
            "DoLo",
            "CHILD DOB DOLO_START DOLO_END",
            "CHILD",
            "DOB DOLO_START DOLO_END",
            "DOLO_START",
        ),
    ]
)

#: The tables carereview reads into its own records; the rest are held as rows (OtherRow).
MAIN_TABLES = ("Header", "Episodes", "Reviews")
OTHER_TABLES = tuple(name for name in TABLES if name not in MAIN_TABLES)

#: For the tables held as rows whose rows cover a stretch of time, the columns where it starts
#: and ends (end blank: still going): a collection year's export holds the rows overlapping the
#: year.  The rows of the other tables (UASC, OC2, OC3, AD1, PrevPerm) go with their child's
#: Header row.
SPANS: dict[str, tuple[str, str]] = {
    "PlacedAdoption": ("DATE_PLACED", "DATE_PLACED_CEASED"),
    "Missing": ("MIS_START", "MIS_END"),
    "SWEpisodes": ("SW_DECOM", "SW_DEC"),
    "DoLo": ("DOLO_START", "DOLO_END"),
}

#: What a row says about how its stretch of time ended: the end date first, then the reason.
#: A collection year's return describes things as they stood on 31 March, so an end after it
#: is left blank in that year's file (as DEC and REC in Episodes: validator rule 385).
ENDS: dict[str, tuple[str, ...]] = {
    "PlacedAdoption": ("DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
    "Missing": ("MIS_END",),
    "SWEpisodes": ("SW_DEC", "SW_REASON"),
    "DoLo": ("DOLO_END",),
}

#: The other tables with no key of their own (UASC, OC2, OC3, PrevPerm): one row per child in
#: each year's return, so carereview holds one row per child and collection year.
PER_CHILD = tuple(name for name in OTHER_TABLES if not TABLES[name].key)


def clean_column(name: str) -> str:
    """A header cell as the return spells it: spaces and a byte-order mark trimmed, upper case."""
    return name.replace("\ufeff", "").strip().upper()


@dataclass(frozen=True, slots=True)
class Recognised:
    """What a file's header row says: the table it is (or None), and, when it is none, the
    nearest table and the columns the file lacks for it; `ignored` are extra columns; `also`
    other tables whose every column the file has too (a file holding two tables)."""

    table: Table | None
    nearest: Table | None = None
    lacking: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()
    also: tuple[Table, ...] = ()


def recognise(columns: list[str]) -> Recognised:
    """The table whose columns the file has.  Exactly that set, or that set and columns of no
    table (an export tool's extra column, reported and ignored).  Otherwise: no table, with the
    nearest one (most columns in common) so the message can say what is missing."""
    have = {clean_column(c) for c in columns if clean_column(c)}
    for table in TABLES.values():
        wanted = set(table.columns)
        if wanted <= have:
            extra = tuple(c for c in (clean_column(c) for c in columns) if c and c not in wanted)
            # No table's columns are all inside another's, so a second table whose every
            # column is here means the file holds two tables, not one with extra columns.
            also = tuple(t for t in TABLES.values() if t is not table and set(t.columns) <= have)
            return Recognised(table, ignored=extra, also=also)
    nearest = max(
        TABLES.values(),
        key=lambda t: (len(have & set(t.columns)), -len(set(t.columns) - have)),
    )
    lacking = tuple(c for c in nearest.columns if c not in have)
    return Recognised(None, nearest=nearest, lacking=lacking)
