"""Importing an SSDA903 return into the records and exporting it back (interchange.services)."""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps

from carereview.audit.models import Action, AuditEvent
from carereview.interchange.models import HeldRow
from carereview.interchange.services import export_return, import_return
from carereview.records.models import Child, Episode
from carereview.reviews.models import Review
from tests.ssda903_files import as_files, year_2023, year_2024

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(clock):
    clock.set_to(date(2025, 4, 1))


def table_counts() -> dict[str, int]:
    """Rows in every table of the project."""
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def import_files(files: dict[str, bytes], by=None):
    return import_return(files, by=by, source="test")


def test_a_return_imported_then_exported_for_its_year_gives_back_the_same_bytes(staff):
    files = as_files(year_2023())
    result = import_files(files, by=staff["manager"])
    assert result.ok, result.errors
    assert result.warnings == []
    assert export_return(2023, by=staff["manager"]) == files


def test_the_imported_children_episodes_reviews_and_other_rows_are_held_as_the_return_says():
    result = import_files(as_files(year_2023()))
    assert result.counts == {
        "children": {"created": 4, "updated": 0, "unchanged": 0},
        "episodes": {"created": 7, "updated": 0, "unchanged": 0},
        "reviews": {"created": 7, "updated": 0, "unchanged": 0},
        "other rows": {"created": 4, "updated": 0, "unchanged": 0},
    }
    girl = Child.objects.get(reference="87")
    # The return carries no names; SEX 2 is female; UASC because the UASC table names her.
    assert (girl.first_name, girl.last_name, girl.gender) == ("", "", "female")
    assert (girl.date_of_birth, girl.ethnicity, girl.upn) == (
        date(2006, 7, 14),
        "BAFR",
        "A100000000087",
    )
    assert (girl.mother, girl.mc_dob, girl.uasc) == ("1", date(2023, 11, 2), True)
    assert Child.objects.get(reference="1002").gender == "male"
    assert Child.objects.get(reference="1001").uasc is False
    moved = Episode.objects.get(child__reference="1001", decom=date(2023, 8, 14))
    assert (moved.rne, moved.ls, moved.cin, moved.place, moved.place_provider) == (
        "P", "C2", "N1", "U6", "PR4",
    )  # fmt: skip
    assert (moved.dec, moved.rec, moved.reason_place_change) == (None, "", "CARPL")
    assert (moved.home_post, moved.pl_post, moved.urn) == ("XY1 1AA", "XY3 3CC", "SC100002")
    review = Review.objects.get(child__reference="1010", held_on=date(2023, 5, 19))
    assert review.participation == "PN7"
    missing = HeldRow.objects.get(child__reference="1010", table="Missing")
    assert (missing.key, missing.cells["MIS_END"]) == ("10/12/2023", "12/12/2023")


def test_importing_the_same_files_again_changes_nothing():
    files = as_files(year_2023())
    import_files(files)
    before = table_counts()
    stamps = {
        "children": list(Child.objects.order_by("pk").values_list("updated", "version")),
        "reviews": list(Review.objects.order_by("pk").values_list("updated", "version")),
        "held": list(HeldRow.objects.order_by("pk").values_list("updated", "cells")),
        "episodes": list(Episode.objects.order_by("pk").values()),
    }
    again = import_files(files)
    assert again.ok
    assert all(c["created"] == c["updated"] == 0 for c in again.counts.values())
    assert again.counts["reviews"]["unchanged"] == 7
    after = table_counts()
    # Only the audit log has grown: one entry for the second import.
    assert after.pop("audit.AuditEvent") == before.pop("audit.AuditEvent") + 1
    assert after == before
    assert stamps == {
        "children": list(Child.objects.order_by("pk").values_list("updated", "version")),
        "reviews": list(Review.objects.order_by("pk").values_list("updated", "version")),
        "held": list(HeldRow.objects.order_by("pk").values_list("updated", "cells")),
        "episodes": list(Episode.objects.order_by("pk").values()),
    }


def test_a_newer_years_return_updates_what_changed_and_adds_what_is_new(clock):
    import_files(as_files(year_2023()))
    first_updated = Child.objects.get(reference="87").updated
    clock.set_to(date(2025, 4, 2))
    result = import_files(as_files(year_2024()))
    assert result.ok, result.errors
    # SEX F is the same as 2: no child changed but for the new one.
    assert result.counts["children"] == {"created": 1, "updated": 0, "unchanged": 3}
    assert result.counts["episodes"] == {"created": 1, "updated": 2, "unchanged": 1}
    assert result.counts["reviews"] == {"created": 5, "updated": 0, "unchanged": 0}
    assert Child.objects.get(reference="87").updated == first_updated
    closed = Episode.objects.get(child__reference="1001", decom=date(2023, 8, 14))
    assert (closed.dec, closed.rec) == (date(2024, 6, 30), "E4A")
    assert Episode.objects.get(child__reference="87", decom=date(2023, 6, 2)).cin == "N2"
    # Nothing is deleted: 1002 and 1010's first period are simply not in the newer return.
    assert Child.objects.filter(reference="1002").exists()
    assert Episode.objects.filter(child__reference="1010").count() == 2
    assert Episode.objects.count() == 8 and Review.objects.count() == 12
    assert result.warnings == []


def test_a_changed_participation_code_is_updated_and_the_review_stamped(clock):
    import_files(as_files(year_2023()))
    review = Review.objects.get(child__reference="1001", held_on=date(2023, 11, 2))
    tables = year_2023()
    tables["Reviews"][3][3] = "PN4"
    clock.set_to(date(2025, 4, 3))
    result = import_files(as_files(tables))
    assert result.counts["reviews"] == {"created": 0, "updated": 1, "unchanged": 6}
    review.refresh_from_db()
    assert review.participation == "PN4"
    assert review.updated.date() == date(2025, 4, 3) and review.version == 2


def test_an_episode_held_but_missing_from_a_newer_file_covering_its_dates_is_kept_and_warned():
    import_files(as_files(year_2023()))
    tables = year_2024()
    tables["Episodes"][1][1] = "15/08/2023"  # the council corrected the start of 1001's episode
    result = import_files(as_files(tables))
    assert result.ok
    [warning] = [w for w in result.warnings if w.rule == "not in newer file"]
    assert (warning.file, warning.column, warning.value) == ("episodes.csv", "DECOM", "14/08/2023")
    assert "child '1001'" in warning.message and "it is kept" in warning.message
    assert Episode.objects.filter(child__reference="1001", decom=date(2023, 8, 14)).exists()


def test_an_older_years_return_imported_after_a_newer_one_does_not_reopen_an_ended_episode():
    import_files(as_files(year_2024()))
    result = import_files(as_files(year_2023()))
    assert result.ok
    ended = Episode.objects.get(child__reference="1001", decom=date(2023, 8, 14))
    assert (ended.dec, ended.rec) == (date(2024, 6, 30), "E4A")
    assert [(w.rule, w.row) for w in result.warnings] == [("ended later", 5)]
    assert "it is kept ended (an older return does not reopen it)" in result.warnings[0].message
    # Nothing in the newer return is said to be missing from the older one.
    assert Episode.objects.count() == 8


def test_warnings_are_listed_and_the_return_imported_anyway():
    tables = year_2023()
    tables["Reviews"][2][3] = "PN0"  # 1001 is 10: PN0 is for under 4s
    tables["Reviews"].append(["1001", "03/05/2012", "02/11/2023", "PN2"])  # the same review again
    tables["Reviews"].append(["1002", "21/09/2020", "12/05/2025", "PN0"])  # after today
    result = import_files(as_files(tables))
    assert result.ok
    assert [(w.rule, w.row) for w in result.warnings] == [
        ("440", 4),
        ("same review", 9),
        ("future review", 10),
    ]
    assert Review.objects.count() == 7  # neither the repeat nor the future review is loaded
    assert (
        Review.objects.get(child__reference="1001", held_on=date(2023, 11, 2)).participation
        == "PN1"
    )


def test_the_import_reports_its_progress_stage_by_stage():
    stages: list[tuple[str, int, int]] = []
    import_return(
        as_files(year_2023()), by=None, source="test", progress=lambda *a: stages.append(a)
    )
    names = list(dict.fromkeys(stage for stage, _, _ in stages))
    assert names == [
        "Reading files", "Checking", "Loading children", "Loading episodes", "Loading reviews",
        "Loading other tables", "Finishing",
    ]  # fmt: skip
    assert ("Loading reviews", 7, 7) in stages


def test_an_import_and_an_export_are_each_one_entry_in_the_audit_log(staff):
    import_files(as_files(year_2023()), by=staff["manager"])
    export_return(None, by=staff["manager"])
    imported, exported = AuditEvent.objects.order_by("pk")
    assert (imported.action, imported.user) == (Action.IMPORT, staff["manager"])
    assert imported.changes["counts"]["children"]["created"] == 4
    assert "imported from test" in imported.summary
    assert (exported.action, exported.changes["year"]) == (Action.EXPORT, None)
    assert "everything held" in exported.summary


def test_imported_history_raises_no_alerts_or_messages():
    import_files(as_files(year_2023()))
    counts = table_counts()
    assert [label for label, n in counts.items() if label.startswith("notifications.") and n] == []


def test_an_export_of_everything_holds_every_year_with_sex_as_letters():
    import_files(as_files(year_2023()))
    import_files(as_files(year_2024()))
    files = export_return(None, by=None)
    header = files["header.csv"].decode().splitlines()
    assert header[1:] == [
        "87,F,14/07/2006,BAFR,A100000000087,1,02/11/2023",
        "1001,F,03/05/2012,WBRI,A100000001001,,",
        "1002,M,21/09/2020,MWBC,A100000001002,,",
        "1010,M,30/01/2009,AIND,UN2,,",
        "1020,M,11/11/2011,WOTH,A100000001020,,",
    ]
    assert files["reviews.csv"].count(b"\r\n") == 1 + 12
    assert files["episodes.csv"].count(b"\r\n") == 1 + 8


def test_a_year_with_nothing_held_exports_the_tables_with_their_columns_only():
    files = export_return(2010, by=None)
    assert files == {
        "header.csv": b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n",
        "episodes.csv": b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,"
        b"HOME_POST,PL_POST,URN\r\n",
        "reviews.csv": b"CHILD,DOB,REVIEW,REVIEW_CODE\r\n",
    }
