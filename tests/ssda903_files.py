"""Synthetic SSDA903 returns for the tests: made-up children, written the way carereview writes
(columns in the standard order, dates dd/mm/yyyy, codes upper case, CRLF, rows by child then date).

`year_2023()` is a clean return for the collection year 2023-24: every episode open at some time
in the year, every review held in it, and no inconsistency, so it reads without a warning and a
2023 export gives it back byte for byte.  `year_2024()` is the same children's next return: an
open episode closed, a corrected code, a new child, new reviews.
"""

from __future__ import annotations

import copy

from carereview.domain.ssda903.tables import TABLES
from carereview.domain.ssda903.writer import FILE_NAMES

Tables = dict[str, list[list[str]]]


def rows(text: str) -> list[list[str]]:
    """Rows written as CSV lines, one a line."""
    return [line.strip().split(",") for line in text.strip().splitlines()]


def year_2023() -> Tables:
    return {
        "Header": rows(
            """
            87,2,14/07/2006,BAFR,A100000000087,1,02/11/2023
            1001,2,03/05/2012,WBRI,A100000001001,,
            1002,1,21/09/2020,MWBC,A100000001002,,
            1010,1,30/01/2009,AIND,UN2,,
            """
        ),
        "Episodes": rows(
            """
            87,20/03/2022,S,V2,N1,U6,PR1,02/06/2023,X1,,AB1 2CD,AB3 4EF,SC123456
            87,02/06/2023,L,C2,N1,U6,PR1,,,,AB1 2CD,AB3 4EF,SC123456
            1001,10/01/2023,S,C1,N1,U4,PR1,14/08/2023,X1,,XY1 1AA,XY2 2BB,SC100001
            1001,14/08/2023,P,C2,N1,U6,PR4,,,CARPL,XY1 1AA,XY3 3CC,SC100002
            1002,15/04/2023,S,V2,N4,U3,PR1,20/09/2023,E4A,,ZZ1 9ZZ,ZZ2 8YY,SC100003
            1010,05/05/2023,S,J1,N6,K2,PR4,25/05/2023,E14,,CD4 5EF,CD6 7GH,SC100004
            1010,01/12/2023,S,C1,N5,R1,PR5,,,,CD4 5EF,CD8 9IJ,SC100005
            """
        ),
        "Reviews": rows(
            """
            87,14/07/2006,10/10/2023,PN6
            87,14/07/2006,28/03/2024,PN1
            1001,03/05/2012,04/05/2023,PN3
            1001,03/05/2012,02/11/2023,PN1
            1002,21/09/2020,12/05/2023,PN0
            1010,30/01/2009,19/05/2023,PN7
            1010,30/01/2009,28/12/2023,PN5
            """
        ),
        "UASC": rows(
            """
            87,2,14/07/2006,14/07/2024
            """
        ),
        "OC2": rows(
            """
            87,14/07/2006,12,,0,1,1,1,1,0,0,0
            """
        ),
        "Missing": rows(
            """
            87,14/07/2006,A,01/09/2023,02/09/2023
            1010,30/01/2009,M,10/12/2023,12/12/2023
            """
        ),
    }


def year_2024() -> Tables:
    """The next year: 87's episode gets a corrected CIN; 1001's open episode closes (E4A);
    1002 and 1010's first period are not in it; a new child 1020; SEX now M/F."""
    return {
        "Header": rows(
            """
            87,F,14/07/2006,BAFR,A100000000087,1,02/11/2023
            1001,F,03/05/2012,WBRI,A100000001001,,
            1010,M,30/01/2009,AIND,UN2,,
            1020,M,11/11/2011,WOTH,A100000001020,,
            """
        ),
        "Episodes": rows(
            """
            87,02/06/2023,L,C2,N2,U6,PR1,,,,AB1 2CD,AB3 4EF,SC123456
            1001,14/08/2023,P,C2,N1,U6,PR4,30/06/2024,E4A,CARPL,XY1 1AA,XY3 3CC,SC100002
            1010,01/12/2023,S,C1,N5,R1,PR5,,,,CD4 5EF,CD8 9IJ,SC100005
            1020,02/09/2024,S,V2,N3,U6,PR1,,,,EF1 2GH,EF3 4IJ,SC100006
            """
        ),
        "Reviews": rows(
            """
            87,14/07/2006,20/09/2024,PN1
            1001,03/05/2012,01/05/2024,PN2
            1010,30/01/2009,27/03/2024,PN5
            1010,30/01/2009,20/09/2024,PN6
            1020,11/11/2011,30/09/2024,PN1
            """
        ),
        "UASC": rows(
            """
            87,F,14/07/2006,14/07/2024
            """
        ),
    }


def csv_text(table: str, rows: list[list[str]], *, line_end: str = "\r\n") -> str:
    lines = [",".join(TABLES[table].columns)] + [",".join(row) for row in rows]
    return "".join(line + line_end for line in lines)


def as_files(tables: Tables, *, line_end: str = "\r\n") -> dict[str, bytes]:
    """The tables as the return's files, named as carereview names them."""
    return {
        FILE_NAMES[table]: csv_text(table, rows, line_end=line_end).encode("utf-8")
        for table, rows in tables.items()
    }


def with_cell(tables: Tables, table: str, index: int, column: str, value: str) -> Tables:
    """A copy with one cell changed (`index` counts data rows from 0: file row index + 2)."""
    changed = copy.deepcopy(tables)
    changed[table][index][TABLES[table].columns.index(column)] = value
    return changed


def with_row(tables: Tables, table: str, row: list[str] | str) -> Tables:
    """A copy with a row added (given as cells, or as a CSV line)."""
    changed = copy.deepcopy(tables)
    changed.setdefault(table, []).append(rows(row)[0] if isinstance(row, str) else row)
    return changed
