"""The reports pages given bad addresses: every filter (year, dates, IRO, team), figure, table and
report name that is wrong gives a clear message or "not found", never a server error; a CSV file
or a list of children is never made for some other period than the one asked for; and what names
children is audited against each child named."""

from __future__ import annotations

import pytest

from carereview.audit.models import Action, AuditEvent
from carereview.records.models import Child
from carereview.staff.models import Role

from .conftest import PASSWORD
from .report_setup import build

pytestmark = pytest.mark.django_db

SLUGS = ["timeliness", "participation", "caseloads", "escalations", "postponements", "records"]
HUGE = "9" * 30


@pytest.fixture
def service(staff, make_child, clock):
    return {**staff, **build(staff, make_child, clock)}


@pytest.fixture
def manager(client, service):
    assert client.login(username="iro.manager", password=PASSWORD)
    client.raise_request_exception = False  # a server error is a status here, not an exception
    return client


def period(start: tuple[str, str, str], end: tuple[str, str, str]) -> dict[str, str]:
    return {
        **dict(
            zip(("period_from-day", "period_from-month", "period_from-year"), start, strict=True)
        ),
        **dict(zip(("period_to-day", "period_to-month", "period_to-year"), end, strict=True)),
    }


# What each bad filter says (the GOV.UK error summary shows it above the report).
BAD_FILTERS = [
    ({"year": "abc"}, "Select a valid choice"),
    ({"year": "99999"}, "Select a valid choice"),
    ({"year": "-1"}, "Select a valid choice"),
    ({"year": "2024.5"}, "Select a valid choice"),
    ({"year": HUGE}, "Select a valid choice"),
    ({"year": "1999"}, "Select a valid choice"),  # more than twelve years back
    ({"iro": "abc"}, "Select a valid choice"),
    ({"iro": "-1"}, "Select a valid choice"),
    ({"iro": HUGE}, "Select a valid choice"),
    ({"team": "abc"}, "Select a valid choice"),
    ({"team": HUGE}, "Select a valid choice"),
    (period(("30", "2", "2024"), ("1", "3", "2024")), "From must be a real date"),
    (period(("1", "4", "2024"), ("31", "4", "2024")), "To must be a real date"),
    (period(("1", "1", "99999"), ("1", "3", "2024")), "From must be a real date"),
    (period(("-1", "1", "2024"), ("1", "3", "2024")), "From must be a real date"),
    (period((HUGE, "1", "2024"), ("1", "3", "2024")), "From must be a real date"),
    (period(("1", HUGE, "2024"), ("1", "3", "2024")), "From must be a real date"),
    (period(("1", "1", "2024"), ("1", "1", HUGE)), "To must be a real date"),
    (period(("1", "1", "1850"), ("1", "3", "1850")), "From must have a year between 1900"),
    (period(("1", "4", "2025"), ("1", "3", "2024")), "The to date must be on or after"),
    (period(("1", "4", "2010"), ("1", "4", "2025")), "Choose a period of ten years or less"),
    (period(("1", "4", "2091"), ("31", "3", "2092")), "The from date must be today"),
    (period(("1", "", "2024"), ("1", "3", "2024")), "From must include a month"),
    ({"period_from-day": "1", "period_from-month": "4", "period_from-year": "2024"}, "Enter both"),
]


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize(("params", "message"), BAD_FILTERS)
def test_a_bad_filter_on_a_page_says_what_is_wrong(manager, slug, params, message) -> None:
    response = manager.get(f"/reports/{slug}/", params)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page


@pytest.mark.parametrize(("params", "message"), BAD_FILTERS)
def test_a_bad_filter_gives_no_csv_file_or_list_for_another_period(manager, params, message):
    # Not the current year's figures in a file named for it: the page, saying what is wrong.
    for path in [
        "/reports/postponements/children.csv",
        "/reports/postponements/children/children/",
    ]:
        response = manager.get(path, params)
        assert response.status_code == 400, path
        assert not response.has_header("Content-Disposition")
        page = response.content.decode()
        assert "There is a problem" in page and message in page
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


@pytest.mark.parametrize(
    "path",
    [
        "/reports/nothing/",
        "/reports/nothing/summary.csv",
        "/reports/nothing/children/children/",
        "/reports/timeliness/nothing.csv",
        "/reports/timeliness/children/nothing/",
        "/reports/timeliness/children/reason-99/",
        "/reports/participation/children/PN9/",
        f"/reports/caseloads/children/iro-{HUGE}-2024-04-30/",
        "/reports/caseloads/children/looked-after-2024-02-30/",
        "/reports/timeliness/children/%00/",
        "/reports/timeliness/children/" + "x" * 3000 + "/",
        "/reports/annual/?year=abc",
        "/reports/annual/?year=99999",
        "/reports/annual/?year=-1",
        f"/reports/annual/?year={HUGE}",
        "/reports/annual/?year=1999",
        "/reports/annual/?year=2030",
        "/reports/annual/99999/report.pdf",
        f"/reports/annual/{HUGE}/report.pdf",
        "/reports/annual/0/report.docx",
        "/reports/annual/2030/report.docx",
        "/reports/annual/2024/report.exe",
        "/reports/annual/2024.5/report.pdf",
    ],
)
def test_an_unknown_report_table_figure_or_year_is_not_found(manager, path) -> None:
    assert manager.get(path).status_code == 404


def test_the_csv_file_is_named_for_the_year_its_figures_cover(manager) -> None:
    # Dates in September: the indicator is counted over the whole reporting year 2024-25.
    response = manager.get(
        "/reports/timeliness/summary.csv", period(("1", "9", "2024"), ("30", "9", "2024"))
    )
    assert "timeliness-summary-2024-04-01-to-2025-03-31.csv" in response["Content-Disposition"]
    export = AuditEvent.objects.get(action=Action.EXPORT)
    assert "1 April 2024 to 31 March 2025" in export.summary


def test_a_period_after_today_counts_nobody_as_late(manager, service, clock) -> None:
    # Today is 2 June 2025; a review overdue today is not one of 2091-92's.
    response = manager.get(
        "/reports/timeliness/children/not_held/", period(("1", "4", "2091"), ("31", "3", "2092"))
    )
    assert response.status_code == 400
    assert "The from date must be today (2 June 2025) or earlier" in response.content.decode()


# -- audit and restricted records ------------------------------------------------------------


def test_a_list_of_children_is_audited_against_each_child_named(manager, service) -> None:
    ash, bo, cai = service["ash"], service["bo"], service["cai"]
    page = manager.get("/reports/postponements/children/children/", {"year": "2024"})
    assert page.status_code == 200
    summary = AuditEvent.objects.get(action=Action.VIEW, summary__startswith="Children behind")
    assert sorted(summary.changes["children"]) == sorted([ash.pk, bo.pk, cai.pk])
    each = AuditEvent.objects.filter(action=Action.VIEW, child_id__isnull=False)
    assert sorted(each.values_list("child_id", flat=True)) == sorted([ash.pk, bo.pk, cai.pk])
    assert {e.username for e in each} == {"iro.manager"}
    assert all(e.summary.startswith("Named in a report's list: Children behind") for e in each)


def test_a_csv_naming_children_is_audited_against_each_child(manager, service) -> None:
    manager.get("/reports/postponements/children.csv", {"year": "2024"})
    named = AuditEvent.objects.filter(action=Action.EXPORT, child_id__isnull=False)
    assert set(named.values_list("child_id", flat=True)) == {
        service["ash"].pk,
        service["bo"].pk,
        service["cai"].pk,
    }
    # A table of counts names nobody.
    manager.get("/reports/postponements/reasons.csv", {"year": "2024"})
    counts = AuditEvent.objects.filter(action=Action.EXPORT, summary__contains="by reason")
    assert counts.get().changes == {}
    assert named.count() == 3


def test_a_child_in_several_rows_of_a_csv_is_audited_once(manager, service) -> None:
    # Each of Ash, Bo and Cai has a review held late and then one not held in 2024-25.
    rows = manager.get("/reports/timeliness/late.csv", {"year": "2024"}).content.decode()
    assert len(rows.strip().splitlines()) == 1 + 6
    named = AuditEvent.objects.filter(action=Action.EXPORT, child_id__isnull=False)
    assert sorted(named.values_list("child_id", flat=True)) == sorted(
        [service["ash"].pk, service["bo"].pk, service["cai"].pk]
    )


def test_a_page_naming_children_lists_them_in_its_audit_entry(manager, service) -> None:
    manager.get("/reports/postponements/", {"year": "2024"})
    viewed = AuditEvent.objects.get(action=Action.VIEW, summary__startswith="Report: Postponed")
    assert len(viewed.changes["children"]) == 3


def test_a_restricted_child_is_never_named_to_a_manager_not_named_on_the_record(
    manager, service, make_user
) -> None:
    bo = service["bo"]
    Child.objects.filter(pk=bo.pk).update(restricted=True)
    bo.restricted_to.add(make_user("iro.manager2", Role.IRO_MANAGER))
    for path in [
        "/reports/postponements/",
        "/reports/postponements/children.csv",
        "/reports/postponements/children/children/",
        "/reports/postponements/children/reason-child_unwell/",
        "/reports/caseloads/children/looked-after-2024-10-31/",
        "/reports/records/children/all-1/",
    ]:
        response = manager.get(path, {"year": "2024"})
        assert response.status_code == 200, path
        text = response.content.decode("utf-8-sig")
        assert "Bo Report" not in text and bo.reference not in text, path
    assert not AuditEvent.objects.filter(child_id=bo.pk).exists()


def test_a_manager_named_on_a_restricted_record_sees_the_child(manager, service) -> None:
    bo = service["bo"]
    Child.objects.filter(pk=bo.pk).update(restricted=True)
    bo.restricted_to.add(service["manager"])
    text = manager.get("/reports/postponements/children/children/", {"year": "2024"})
    assert "Bo Report" in text.content.decode()


@pytest.mark.parametrize("who", ["iro.one", "sw.north", "tm.north", "support.one"])
def test_nobody_else_opens_a_list_or_csv_however_the_address_is_made(client, service, who):
    assert client.login(username=who, password=PASSWORD)
    for path in [
        "/reports/postponements/children.csv?year=abc",
        "/reports/nothing/children/children/",
        "/reports/annual/?year=abc",
        "/reports/annual/2024/report.pdf",
    ]:
        assert client.get(path).status_code == 403, path
    assert not AuditEvent.objects.filter(action__in=[Action.VIEW, Action.EXPORT]).exists()


def test_the_default_period_and_a_good_year_still_give_files(manager) -> None:
    response = manager.get("/reports/caseloads/per-iro.csv")
    assert response.status_code == 200
    assert "2025-04-01-to-2026-03-31" in response["Content-Disposition"]
    assert manager.get("/reports/caseloads/per-iro.csv", {"year": "2024"}).status_code == 200
