"""The SSDA903 import from the web, end to end in Django's test client: the IRO manager uploads
the return's CSV files, the background worker runs the import (the real db_worker, in batch
mode), and the page shows how it went: counts when it succeeded, the rows to put right when it
was refused (and nothing loaded), warnings, CSV downloads, and the past imports."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from carereview.audit.models import Action, AuditEvent
from carereview.interchange.models import ImportFile, ImportRun
from carereview.records.models import Child, Episode
from carereview.reviews.models import Review
from tests.conftest import PASSWORD
from tests.smtp_server import work_the_queue

# Committed for real, as live: the queue entry is written when the upload commits, and the
# worker (tests.smtp_server.work_the_queue) runs it as `carereview db_worker` would.
pytestmark = pytest.mark.django_db(transaction=True)

HEADER = (
    "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n"
    "700001,F,14/02/2012,WBRI,,,\r\n"
    "700002,M,03/09/2019,MWBC,,,\r\n"
)
EPISODES = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r\n"
    "700001,06/05/2024,S,C1,N1,U6,PR1,02/09/2024,X1,,,,XXXXXXX\r\n"
    "700001,02/09/2024,L,C2,N1,U6,PR1,,,,,,XXXXXXX\r\n"
    "700002,10/06/2024,S,V2,N4,U4,PR1,,,,,,XXXXXXX\r\n"
)
REVIEWS = (
    "CHILD,DOB,REVIEW,REVIEW_CODE\r\n"
    "700001,14/02/2012,30/05/2024,PN1\r\n"
    "700001,14/02/2012,26/08/2024,PN6\r\n"
    "700002,03/09/2019,04/07/2024,PN7\r\n"
)


def csv_file(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def the_return(**replace: str) -> list[SimpleUploadedFile]:
    tables = {"header.csv": HEADER, "episodes.csv": EPISODES, "reviews.csv": REVIEWS}
    tables.update(replace)
    return [csv_file(name, text) for name, text in tables.items()]


@pytest.fixture
def manager(client, staff):
    client.login(username="iro.manager", password=PASSWORD)
    return client


@pytest.fixture
def upload():
    def post(client, files: list[SimpleUploadedFile]):
        return client.post("/import/", {"files": files})

    return post


def test_the_iro_manager_uploads_a_return_and_sees_it_imported_with_counts(
    upload, manager, staff, clock
):
    before = Child.objects.count()
    response = upload(manager, the_return())
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/import/{run.pk}/"
    assert run.status == "queued" and run.started_by == staff["manager"]
    assert sorted(ImportFile.objects.values_list("name", flat=True)) == [
        "episodes.csv",
        "header.csv",
        "reviews.csv",
    ]
    assert AuditEvent.objects.filter(
        action=Action.IMPORT, user=staff["manager"], object_id=str(run.pk)
    ).exists()

    waiting = manager.get(f"/import/{run.pk}/").content.decode()
    assert "Waiting for the background worker" in waiting
    assert '<meta http-equiv="refresh" content="2">' in waiting  # reloads without JavaScript

    work_the_queue()

    run.refresh_from_db()
    assert run.status == "succeeded", run.errors
    page = manager.get(f"/import/{run.pk}/").content.decode()
    assert "Return imported" in page
    assert 'http-equiv="refresh"' not in page  # finished: the page stops reloading
    assert "What was imported" in page
    assert Child.objects.count() == before + 2
    assert Episode.objects.filter(child__reference__in=["700001", "700002"]).count() == 3
    assert Review.objects.filter(child__reference__in=["700001", "700002"]).count() == 3
    # The uploaded copies are not kept once read; their names are.
    assert set(ImportFile.objects.values_list("content", flat=True)) == {b""}
    assert "header.csv" in page

    # The past imports list it, who and when and how it went.
    listing = manager.get("/import/").content.decode()
    assert "Imports so far" in listing and "Imported" in listing and "Manager Tester" in listing


def test_a_return_with_unreadable_rows_is_refused_listing_them_and_nothing_is_loaded(
    upload, manager, staff
):
    bad_reviews = (
        REVIEWS + "700001,14/02/2012,31/02/2025,PN1\r\n700002,03/09/2019,01/12/2024,PN9\r\n"
    )
    children, episodes, reviews = (
        Child.objects.count(),
        Episode.objects.count(),
        Review.objects.count(),
    )
    upload(manager, the_return(**{"reviews.csv": bad_reviews}))
    run = ImportRun.objects.get()
    work_the_queue()

    run.refresh_from_db()
    assert run.status == "refused"
    assert (Child.objects.count(), Episode.objects.count(), Review.objects.count()) == (
        children,
        episodes,
        reviews,
    )
    page = manager.get(f"/import/{run.pk}/").content.decode()
    assert "Return refused: nothing was imported" in page
    assert "31/02/2025" in page and "PN9" in page
    assert "reviews.csv" in page and "REVIEW_CODE" in page

    download = manager.get(f"/import/{run.pk}/errors.csv")
    assert download.status_code == 200 and download["Content-Type"] == "text/csv"
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert {row["value"] for row in rows} >= {"31/02/2025", "PN9"}
    assert {row["file"] for row in rows} == {"reviews.csv"}
    assert all(row["rule"] and row["row"] for row in rows)
    assert AuditEvent.objects.filter(
        action=Action.EXPORT, summary__contains=f"errors of SSDA903 import {run.pk}"
    ).exists()


def test_a_return_that_reads_but_looks_wrong_is_imported_with_warnings_to_download(upload, manager):
    # PN0 is for a child under 4: this child is 12.
    odd = REVIEWS.replace("30/05/2024,PN1", "30/05/2024,PN0")
    upload(manager, the_return(**{"reviews.csv": odd}))
    run = ImportRun.objects.get()
    work_the_queue()
    run.refresh_from_db()
    assert run.status == "succeeded"
    assert run.warnings, "PN0 for a 12-year-old is a warning"
    page = manager.get(f"/import/{run.pk}/").content.decode()
    assert "Warnings (" in page and "PN0" in page
    download = manager.get(f"/import/{run.pk}/warnings.csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert any(row["value"] == "PN0" and row["file"] == "reviews.csv" for row in rows)


def test_a_long_list_of_refusals_shows_the_first_200_and_the_csv_has_them_all(upload, manager):
    many = REVIEWS + "".join(f"700001,14/02/2012,{day:02d}/13/2024,PN1\r\n" for day in range(1, 29))
    many += "".join(f"700002,03/09/2019,01/01/2024,XX{n}\r\n" for n in range(250))
    upload(manager, the_return(**{"reviews.csv": many}))
    run = ImportRun.objects.get()
    work_the_queue()
    run.refresh_from_db()
    assert run.status == "refused" and len(run.errors) >= 278
    page = manager.get(f"/import/{run.pk}/").content.decode()
    assert f"The first 200 of {len(run.errors):,}" in page
    assert page.count('<tr class="govuk-table__row">') <= 201 + 5  # table heads, summary rows
    rows = list(
        csv.DictReader(
            io.StringIO(manager.get(f"/import/{run.pk}/errors.csv").content.decode("utf-8-sig"))
        )
    )
    assert len(rows) == len(run.errors)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([], "Select the CSV files of the SSDA903 return"),
        ([csv_file("header.xlsx", HEADER)], "header.xlsx must be a CSV file"),
        (
            [SimpleUploadedFile("header.csv", b"PK\x03\x04\x14\x00binary spreadsheet")],
            "header.csv must be a CSV file: it is not text with columns separated by commas",
        ),
        ([csv_file("header.csv", "")], "header.csv is empty"),
        ([csv_file("<b>x.txt", HEADER)], "&lt;b&gt;x.txt must be a CSV file"),
        (
            [csv_file("header.csv", HEADER), csv_file("header.csv", HEADER)],
            "2 of the selected files are called header.csv: choose each once",
        ),
        ([csv_file(f"t{n}.csv", HEADER) for n in range(16)], "Select no more than 15 files"),
    ],
)
def test_the_upload_says_what_is_wrong_with_the_files_and_queues_nothing(
    upload, manager, files, message
):
    response = upload(manager, files)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and message in html
    assert 'href="#id_files"' in html  # the error summary leads to the file input
    assert "<b>x" not in html  # a file's name is shown as text, never as markup
    assert not ImportRun.objects.exists()


def test_a_file_over_the_size_limit_is_refused_saying_the_limit(upload, manager, monkeypatch):
    from carereview.interchange import forms

    monkeypatch.setattr(forms, "MAX_FILE_BYTES", 100)
    html = upload(manager, the_return()).content.decode()
    assert "episodes.csv must be smaller than 20 MB" in html
    assert not ImportRun.objects.exists()


def test_only_the_iro_manager_can_import_or_export(client, staff):
    run = ImportRun.objects.create(started_by=staff["manager"], status="succeeded")
    paths = ["/import/", f"/import/{run.pk}/", f"/import/{run.pk}/errors.csv", "/import/export/"]
    for username in ["iro.one", "sw.north", "tm.north", "support.one"]:
        client.login(username=username, password=PASSWORD)
        for path in paths:
            assert client.get(path).status_code == 403, (username, path)
        assert client.post("/import/", {"files": the_return()}).status_code == 403
        client.logout()
    assert ImportRun.objects.count() == 1
    assert (
        AuditEvent.objects.filter(action=Action.REFUSED, summary__contains="SSDA903").count() >= 16
    )
    for path in paths:
        assert client.get(path).status_code == 302  # to sign in


def test_the_iro_manager_exports_a_year_as_a_zip_that_imports_back_unchanged(
    upload, manager, staff, clock
):
    from datetime import date

    clock.set_to(date(2025, 4, 1))
    upload(manager, the_return())
    work_the_queue()
    form = manager.get("/import/export/").content.decode()
    assert "Export an SSDA903 return" in form
    assert "2024-25 (1 April 2024 to 31 March 2025)" in form and "Every year held" in form

    response = manager.get("/import/export/", {"year": "2024"})
    assert response["Content-Type"] == "application/zip"
    assert 'filename="ssda903-2024-25.zip"' in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    files = {name: archive.read(name) for name in archive.namelist()}
    assert {"header.csv", "episodes.csv", "reviews.csv"} <= set(files)
    assert b"700001,14/02/2012,30/05/2024,PN1" in files["reviews.csv"]
    assert AuditEvent.objects.filter(
        action=Action.EXPORT, user=staff["manager"], summary__contains="2024-25"
    ).exists()

    # The exported files, uploaded again, change nothing.
    upload(manager, [SimpleUploadedFile(name, content) for name, content in files.items()])
    work_the_queue()
    again = ImportRun.objects.order_by("-pk").first()
    assert again.status == "succeeded", again.errors
    assert all(tally["created"] == tally["updated"] == 0 for tally in again.counts.values())


def test_the_export_asks_for_a_year_it_can_offer(manager):
    html = manager.get("/import/export/", {"year": ""}).content.decode()
    assert "There is a problem" in html and "Select the collection year to export" in html
    html = manager.get("/import/export/", {"year": "1800"}).content.decode()
    assert "Select one of the collection years listed" in html


def test_what_the_export_left_out_comes_in_the_zip_as_a_list_to_check(upload, manager, clock):
    from datetime import date

    from carereview.records.models import Child
    from carereview.reviews.models import Review

    clock.set_to(date(2025, 4, 1))
    upload(manager, the_return())
    work_the_queue()
    archive = zipfile.ZipFile(io.BytesIO(manager.get("/import/export/", {"year": "2024"}).content))
    assert "to-check.txt" not in archive.namelist()

    child = Child.objects.get(reference="700001")
    Review.objects.create(child=child, held_on=date(2024, 9, 2), participation="")
    archive = zipfile.ZipFile(io.BytesIO(manager.get("/import/export/", {"year": "2024"}).content))
    listed = archive.read("to-check.txt").decode()
    assert "Child '700001': the review held on 02/09/2024 has no participation code" in listed
    assert b"02/09/2024" not in archive.read("reviews.csv")
