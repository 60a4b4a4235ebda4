"""`carereview ssda903 import DIR` and `carereview ssda903 export`: the report, the files and
the exit status that scripts rely on."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from carereview.cli import main
from carereview.records.models import Child
from carereview.reviews.models import Review
from tests.ssda903_files import as_files, with_cell, with_row, year_2023

# The real entry point closes database connections when a command ends (see test_cli).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _today(clock):
    clock.set_to(date(2025, 4, 1))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def write_dir(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir()
    for name, content in files.items():
        (folder / name).write_bytes(content)
    return folder


def test_import_prints_what_was_created_updated_and_left_unchanged(tmp_path, capsys):
    folder = write_dir(tmp_path / "2023", as_files(year_2023()))
    code, out, _ = run(capsys, "ssda903", "import", str(folder))
    assert code == 0
    assert out.startswith("The return was imported.\n")
    lines = out.splitlines()
    assert lines[2].split() == ["children", "4", "0", "0"]
    assert lines[3].split() == ["episodes", "7", "0", "0"]
    assert lines[4].split() == ["reviews", "7", "0", "0"]
    assert lines[5].split() == ["other", "rows", "4", "0", "0"]
    code, out, _ = run(capsys, "ssda903", "import", str(folder))
    assert code == 0 and out.splitlines()[2].split() == ["children", "0", "0", "4"]


def test_a_refused_import_lists_the_errors_by_rule_and_exits_non_zero(tmp_path, capsys):
    tables = year_2023()
    for index in range(7):  # every review date unreadable, and one review for an unknown child
        tables = with_cell(tables, "Reviews", index, "REVIEW", f"{index + 1}/13/2023")
    tables = with_row(tables, "Reviews", ["4242", "", "01/06/2023", "PN1"])
    folder = write_dir(tmp_path / "bad", as_files(tables))
    code, out, err = run(
        capsys, "ssda903", "import", str(folder), "--warnings-csv", str(tmp_path / "all.csv")
    )
    assert code == 1
    assert "refused (8 errors); nothing was loaded" in err
    assert out.startswith("The return was refused: 8 errors. Nothing was loaded")
    assert "  A date that cannot be read (dd/mm/yyyy) [date]: 7\n" in out
    assert (
        "    reviews.csv: Reviews row 2, column REVIEW: '1/13/2023' is not a date (dd/mm/yyyy)\n"
        in out
    )
    assert "  A row for a child who is not in the Header table [child not in Header]: 1\n" in out
    assert Child.objects.count() == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "all.csv").read_text())))
    assert len(rows) == 8 and rows[0]["kind"] == "error" and rows[0]["row"] == "2"


def test_warnings_are_grouped_with_the_first_twenty_of_each_and_a_total(tmp_path, capsys):
    tables = year_2023()
    for day in range(1, 26):  # 25 reviews dated after today: listed, not loaded
        tables = with_row(tables, "Reviews", ["1001", "03/05/2012", f"{day:02d}/05/2025", "PN1"])
    folder = write_dir(tmp_path / "2023", as_files(tables))
    warnings_file = tmp_path / "warnings.csv"
    code, out, _ = run(
        capsys, "ssda903", "import", str(folder), "--warnings-csv", str(warnings_file)
    )
    assert code == 0
    assert "Warnings (imported anyway): 25\n" in out
    assert "  A review dated after the day of the import (not loaded) [future review]: 25\n" in out
    assert out.count("is after today (01/04/2025)") == 20
    assert "    ... and 5 more\n" in out
    assert len(warnings_file.read_text().splitlines()) == 1 + 25


def test_export_writes_the_years_files_that_import_reads_back(tmp_path, capsys):
    files = as_files(year_2023())
    run(capsys, "ssda903", "import", str(write_dir(tmp_path / "in", files)))
    code, out, _ = run(capsys, "ssda903", "export", "--year", "2023", str(tmp_path / "out"))
    assert code == 0
    assert f"{tmp_path / 'out' / 'reviews.csv'}: 7 rows" in out
    assert "SSDA903 return exported (2023-24)." in out
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == files
    code, out, _ = run(capsys, "ssda903", "export", "--all", str(tmp_path / "all"))
    assert code == 0 and "(everything held)" in out


def test_a_directory_that_cannot_be_read_exits_with_status_2(tmp_path, capsys):
    code, _, err = run(capsys, "ssda903", "import", str(tmp_path / "nowhere"))
    assert code == 2 and "is not a directory" in err
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "ssda903", "import", str(tmp_path / "empty"))
    assert code == 2 and "has no .csv files" in err
    code, _, err = run(capsys, "ssda903", "export", str(tmp_path / "out"))
    assert code == 2 and "one of the arguments --year --all is required" in err


def test_an_unwritable_warnings_file_is_found_before_anything_is_imported(tmp_path, capsys):
    folder = write_dir(tmp_path / "2023", as_files(year_2023()))
    nowhere = tmp_path / "no such folder" / "warnings.csv"
    code, out, err = run(capsys, "ssda903", "import", str(folder), "--warnings-csv", str(nowhere))
    assert code == 2
    assert f"cannot write the warnings file {nowhere}" in err and "nothing was imported" in err
    assert "Traceback" not in err and out == ""
    assert Child.objects.count() == 0


def test_the_warnings_file_keeps_a_spreadsheet_from_running_a_value_as_a_formula(tmp_path, capsys):
    tables = with_cell(year_2023(), "Header", 0, "ETHNIC", '=HYPERLINK("x")')
    tables = with_cell(tables, "Header", 1, "ETHNIC", "-1+1")
    folder = write_dir(tmp_path / "bad", as_files(tables))
    code, _, _ = run(
        capsys, "ssda903", "import", str(folder), "--warnings-csv", str(tmp_path / "all.csv")
    )
    assert code == 1
    rows = list(csv.DictReader(io.StringIO((tmp_path / "all.csv").read_text())))
    assert [row["value"] for row in rows] == ['\'=HYPERLINK("x")', "'-1+1"]


@pytest.mark.parametrize("year", ["9999", "20244", "1999", "next"])
def test_a_year_that_is_not_a_collection_year_is_refused_plainly(tmp_path, capsys, year):
    code, _, err = run(capsys, "ssda903", "export", "--year", year, str(tmp_path / "out"))
    assert code == 2
    assert f"'{year}' is not a collection year: give the year it starts, 2000 to 2100" in err
    assert "Traceback" not in err and not (tmp_path / "out").exists()


def test_import_can_be_told_the_year_of_the_return(tmp_path, capsys):
    folder = write_dir(tmp_path / "2023", as_files(year_2023()))
    code, out, _ = run(capsys, "ssda903", "import", str(folder), "--year", "2023")
    assert code == 0 and "Read as the 2023-24 return (as given)" in out
    code, out, _ = run(capsys, "ssda903", "import", str(folder))
    assert "Read as the 2023-24 return (worked out from its dates" in out


def test_export_refuses_a_directory_with_files_in_it_unless_told_to_replace(tmp_path, capsys):
    run(capsys, "ssda903", "import", str(write_dir(tmp_path / "in", as_files(year_2023()))))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "sw_episodes.csv").write_bytes(b"CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\r\n")
    (out_dir / "header.csv").write_bytes(b"old")
    code, _, err = run(capsys, "ssda903", "export", "--year", "2023", str(out_dir))
    assert code == 2 and f"{out_dir} is not empty" in err and "--replace" in err
    assert (out_dir / "header.csv").read_bytes() == b"old"
    code, _, _ = run(capsys, "ssda903", "export", "--year", "2023", "--replace", str(out_dir))
    assert code == 0
    # The old SWEpisodes file (a table this year does not have) went with the rest.
    assert {p.name: p.read_bytes() for p in out_dir.iterdir()} == as_files(year_2023())
    (out_dir / "Header 2019.csv").write_bytes(b"someone else's")
    code, _, err = run(capsys, "ssda903", "export", "--year", "2023", "--replace", str(out_dir))
    assert code == 2 and "holds other CSV files (Header 2019.csv)" in err


def test_export_into_a_place_that_cannot_be_written_says_so(tmp_path, capsys):
    (tmp_path / "a file").write_text("")
    code, _, err = run(capsys, "ssda903", "export", "--all", str(tmp_path / "a file" / "out"))
    assert code == 2 and "cannot write into" in err and "Traceback" not in err


def test_export_lists_what_it_left_out(tmp_path, capsys):
    run(capsys, "ssda903", "import", str(write_dir(tmp_path / "in", as_files(year_2023()))))
    Review.objects.create(
        child=Child.objects.get(reference="87"), held_on=date(2024, 1, 5), participation=""
    )
    code, out, _ = run(capsys, "ssda903", "export", "--year", "2023", str(tmp_path / "out"))
    assert code == 0
    assert "Left out or to check: 1\n" in out
    assert "  Child '87': the review held on 05/01/2024 has no participation code" in out
