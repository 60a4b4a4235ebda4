"""Importing an SSDA903 return into the records and exporting it back (interchange.services)."""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse

from carereview.audit.models import Action, AuditEvent
from carereview.interchange import loading
from carereview.interchange.models import HeldRow
from carereview.interchange.services import export_return, import_return
from carereview.monitoring.drift import drift
from carereview.notifications import reminders
from carereview.notifications.models import Alert
from carereview.records.models import Child, Episode
from carereview.reports import records
from carereview.reviews import services
from carereview.reviews.models import DelayReason, Review
from carereview.staff.models import Allocation
from tests.conftest import PASSWORD
from tests.ssda903_files import as_files, with_row, year_2023, year_2024

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
    assert export_return(2023, by=staff["manager"]).files == files


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
        "Reading files", "Checking", "Loading children", "Saving children", "Loading episodes",
        "Saving episodes", "Loading reviews", "Saving reviews", "Loading other tables",
        "Saving other tables", "Finishing",
    ]  # fmt: skip
    assert ("Loading reviews", 7, 7) in stages


def test_progress_is_reported_after_each_batch_written_not_only_when_all_are(monkeypatch):
    """The writing is where a large import spends its time: the page moves on batch by batch."""
    monkeypatch.setattr(loading, "BATCH", 3)
    stages: list[tuple[str, int, int]] = []
    import_return(
        as_files(year_2023()), by=None, source="test", progress=lambda *a: stages.append(a)
    )
    saving = [(done, total) for stage, done, total in stages if stage == "Saving reviews"]
    assert saving == [(0, 7), (3, 7), (6, 7), (7, 7)]


def test_an_import_and_an_export_are_each_one_entry_in_the_audit_log(staff):
    import_files(as_files(year_2023()), by=staff["manager"])
    export_return(None, by=staff["manager"])
    imported, exported = AuditEvent.objects.order_by("pk")
    assert (imported.action, imported.user) == (Action.IMPORT, staff["manager"])
    assert imported.changes["counts"]["children"]["created"] == 4
    assert "imported from test" in imported.summary
    assert (exported.action, exported.changes["year"]) == (Action.EXPORT, None)
    assert "everything held" in exported.summary


def test_imported_history_raises_no_alerts_for_the_work_after_its_reviews(staff, clock, settings):
    """Every imported review counts as held, but its record, decisions and care plan were done,
    or not, before carereview held it: the reminder run chases none of it - while a review
    recorded in carereview is still chased."""
    settings.CAREREVIEW_SITE_URL = "https://carereview.example.gov.uk"
    import_files(as_files(year_2023()))
    imported = list(Review.objects.values_list("pk", flat=True))
    assert set(Review.objects.values_list("imported_from", flat=True)) == {"ssda903"}
    clock.set_to(date(2025, 3, 3))
    in_app = services.record_review_held(
        Child.objects.get(reference="1010"), date(2025, 3, 3), "iro", "PN1", staff["manager"],
        late_reason=DelayReason.IRO_UNAVAILABLE,
    )  # fmt: skip
    assert in_app.imported_from == ""
    clock.set_to(date(2025, 4, 1))
    summary = reminders.run(date(2025, 4, 1))
    assert summary.problems == []
    links = set(Alert.objects.values_list("link", flat=True))
    assert not links & {reverse("review_overview", args=[pk]) for pk in imported}
    assert not Alert.objects.filter(text__contains="review held on").exclude(
        link=reverse("review_overview", args=[in_app.pk])
    )
    chased = Alert.objects.filter(link=reverse("review_overview", args=[in_app.pk]))
    assert chased.filter(text__contains="Written record of the decisions circulated").exists()
    # The imported reviews still count as held: the next review is due from the latest one.
    assert Alert.objects.filter(text__contains="Hold review").exists()


def test_a_review_recorded_in_carereview_stays_so_when_a_return_later_gives_it(staff, clock):
    import_files(as_files(year_2023()))
    clock.set_to(date(2025, 3, 3))
    child = Child.objects.get(reference="1010")
    services.record_review_held(
        child, date(2025, 3, 3), "iro", "PN1", staff["manager"],
        late_reason=DelayReason.IRO_UNAVAILABLE,
    )  # fmt: skip
    clock.set_to(date(2025, 4, 1))
    tables = with_row(year_2024(), "Reviews", "1010,30/01/2009,03/03/2025,PN2")
    result = import_files(as_files(tables))
    assert result.counts["reviews"]["updated"] == 1
    review = Review.objects.get(child=child, held_on=date(2025, 3, 3))
    assert (review.participation, review.imported_from) == ("PN2", "")
    assert Review.objects.get(child=child, held_on=date(2024, 9, 20)).imported_from == "ssda903"


def test_imported_reviews_are_not_records_written_late_nor_drift(staff, clock):
    import_files(as_files(year_2023()))
    report = records.record_states(date(2023, 4, 1), date(2024, 3, 31))
    assert report.total is not None and report.total.total == 0
    items = drift(Child.objects.all(), date(2025, 4, 1))
    what = {item.what for item in items}
    assert not what & {
        "Review record not written",
        "IRO did not record speaking with the child before the review",
        "No permanence plan recorded at the second review",
        "IRO's midway check between reviews not recorded",
    }, what


def test_an_export_of_everything_holds_every_year_with_sex_as_letters():
    import_files(as_files(year_2023()))
    import_files(as_files(year_2024()))
    files = export_return(None, by=None).files
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
    files = export_return(2010, by=None).files
    assert files == {
        "header.csv": b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n",
        "episodes.csv": b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,"
        b"HOME_POST,PL_POST,URN\r\n",
        "reviews.csv": b"CHILD,DOB,REVIEW,REVIEW_CODE\r\n",
    }


def test_the_iros_records_not_yet_written_leave_out_imported_reviews(staff, clock, client):
    import_files(as_files(year_2023()))
    child = Child.objects.get(reference="1010")
    Allocation.objects.create(
        child=child, iro=staff["iro"], started_on=date(2023, 12, 1), allocated_by=staff["manager"]
    )
    clock.set_to(date(2025, 3, 3))
    in_app = services.record_review_held(
        child, date(2025, 3, 3), "iro", "PN1", staff["iro"],
        late_reason=DelayReason.IRO_UNAVAILABLE,
    )  # fmt: skip
    client.login(username=staff["iro"].username, password=PASSWORD)
    html = client.get("/work/").content.decode()
    records_due = html.split("Records not yet written", 1)[1]
    assert reverse("review_overview", args=[in_app.pk]) in records_due
    for review in Review.objects.filter(child=child).exclude(pk=in_app.pk):
        assert reverse("review_overview", args=[review.pk]) not in records_due
