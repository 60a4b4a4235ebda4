"""The IRO manager's reports: figures right for a small service worked out by hand
(tests/report_setup.py), filters, CSV files, accessible charts with their tables, the children
behind a figure, access for IRO managers only, and a fixed number of queries."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from carereview.audit.models import Action, AuditEvent
from carereview.records.models import Child
from carereview.reports.caseloads import caseloads
from carereview.reports.escalations import escalations
from carereview.reports.postponements import postponements
from carereview.reports.records import LATE, NOT_DUE, ON_TIME, OVERDUE, record_states

from .conftest import PASSWORD
from .report_setup import YEAR, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(staff, make_child, clock):
    return {**staff, **build(staff, make_child, clock)}


def signed_in(client, username: str = "iro.manager"):
    assert client.login(username=username, password=PASSWORD)
    return client


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


# -- the figures ---------------------------------------------------------------------------


def test_caseloads_count_each_iros_looked_after_children_at_every_month_end(service) -> None:
    report = caseloads(*YEAR, user=service["manager"])
    assert report.month_ends[0] == date(2024, 4, 30) and report.month_ends[-1] == date(2025, 3, 31)
    lines = {str(line.iro): line.counts for line in report.iros}
    assert lines["One Tester"] == [1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2]
    assert lines["Two Tester"] == [0, 1, 1, 2, 2, 1, 1, 1, 0, 0, 0, 0]
    assert report.looked_after == [1, 2, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2]
    assert report.without_iro == [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    two = next(line for line in report.iros if str(line.iro) == "Two Tester")
    assert two.per_fte(3) == 4.0  # two children, half time
    july = report.figures[f"iro-{service['iro2'].pk}-2024-07-31"]
    assert set(july.children) == {service["bo"].pk, service["cai"].pk}
    assert report.figures["no-iro-2024-06-30"].children == (service["cai"].pk,)


def test_a_period_still_running_stops_at_today(service, clock) -> None:
    clock.set_to(date(2024, 8, 10))
    report = caseloads(*YEAR, user=service["manager"])
    assert report.month_ends[-1] == date(2024, 7, 31)


def test_review_records_are_judged_against_15_working_days(service) -> None:
    report = record_states(*YEAR, user=service["manager"])
    by_iro = {line.label: line for line in report.lines}
    assert by_iro["One Tester"].counts == {ON_TIME: 1, LATE: 0, OVERDUE: 0, NOT_DUE: 0}
    two = by_iro["Two Tester"]
    assert two.counts[LATE] == 1 and two.working_days_late == [35]
    assert by_iro["No IRO named"].counts[OVERDUE] == 1
    assert report.total.counts == {ON_TIME: 1, LATE: 1, OVERDUE: 1, NOT_DUE: 0}


def test_postponements_flag_a_child_put_back_twice_in_a_year(service) -> None:
    report = postponements(*YEAR, user=service["manager"])
    assert (report.postponements, report.reviews) == (4, 3)
    reasons = {label: n for label, n, _ in report.by_reason}
    assert reasons["The child was unwell"] == 2 and reasons["The IRO was not available"] == 1
    flags = {c.child.first_name: (len(c.dates), c.flagged) for c in report.children}
    # Cai's postponement in the March before the year counts towards the flag, not the total.
    assert flags == {"Ash": (2, True), "Bo": (1, False), "Cai": (1, True)}
    by_month = {end.month: n for end, n, _ in report.by_month}
    assert by_month[5] == 1 and by_month[10] == 1 and by_month[11] == 1 and by_month[2] == 1


def test_escalations_by_stage_category_outcome_and_time(service) -> None:
    report = escalations(*YEAR, user=service["manager"])
    assert report.opened == 3 and report.informal_only == 1
    stages = {c.label.split(":")[0]: c.count for c in report.by_stage}
    assert stages == {"Informal attempt only (not escalated)": 1, "Stage 1": 2, "Stage 2": 1}
    outcomes = {c.label: c.count for c in report.by_outcome}
    assert outcomes["Resolved"] == 1 and outcomes["Partly resolved"] == 1
    assert outcomes["Still open"] == 1
    times = {c.label: c.count for c in report.by_time}
    assert times == {
        "Closed within the time limit": 1,
        "Closed after the time limit": 1,
        "Open, within the time limit": 0,
        "Open, past the time limit": 1,
    }
    assert sorted(report.closed_working_days) == [10, 30]
    categories = {c.label: c.count for c in report.by_category}
    assert categories["Practice"] == 2 and categories["Strategic"] == 1


# -- filters -------------------------------------------------------------------------------


def test_the_iro_filter_keeps_that_iros_children_and_escalations(service) -> None:
    iro2 = service["iro2"]
    report = caseloads(*YEAR, iro=iro2, user=service["manager"])
    assert [str(line.iro) for line in report.iros] == ["Two Tester"]
    records = record_states(*YEAR, iro=iro2, user=service["manager"])
    assert [line.label for line in records.lines] == ["Two Tester"]
    assert escalations(*YEAR, iro=iro2, user=service["manager"]).opened == 2


def test_the_team_filter_keeps_the_teams_children(service, staff) -> None:
    south = staff["sw_south"].team
    report = postponements(*YEAR, team=south, user=service["manager"])
    assert [c.child.first_name for c in report.children] == ["Bo"]
    assert escalations(*YEAR, team=south, user=service["manager"]).opened == 1


def test_the_page_filters_by_dates_iro_and_team(client, service) -> None:
    signed_in(client)
    page = client.get(
        "/reports/postponements/",
        {
            "period_from-day": "1",
            "period_from-month": "10",
            "period_from-year": "2024",
            "period_to-day": "30",
            "period_to-month": "11",
            "period_to-year": "2024",
            "team": service["sw"].team.pk,
        },
    ).content.decode()
    assert "1 October 2024 to 30 November 2024" in page
    assert "Ash Report" in page and "Bo Report" not in page


def test_a_half_given_period_is_refused_with_a_clear_message(client, service) -> None:
    signed_in(client)
    page = client.get(
        "/reports/caseloads/",
        {"period_from-day": "1", "period_from-month": "10", "period_from-year": "2024"},
    ).content.decode()
    assert "There is a problem" in page and "Enter both the from and to dates" in page


def test_the_default_period_is_the_current_reporting_year(client, service) -> None:
    signed_in(client)
    page = client.get("/reports/caseloads/").content.decode()
    assert "1 April 2025 to 31 March 2026" in page  # today is 2 June 2025


# -- pages, charts, CSV --------------------------------------------------------------------


@pytest.mark.parametrize(
    "slug", ["timeliness", "participation", "caseloads", "escalations", "postponements", "records"]
)
def test_each_chart_is_a_named_image_followed_by_its_table(client, service, slug) -> None:
    signed_in(client)
    page = client.get(f"/reports/{slug}/", {"year": "2024"}).content.decode()
    charts = re.findall(
        r"<svg[^>]*role=\"img\".*?</svg>\s*</div>\s*<div[^>]*>\s*<table", page, re.S
    )
    assert charts, "every chart is followed by its table"
    for chart in charts:
        assert "<title id=" in chart and "<desc id=" in chart and "aria-labelledby" in chart


def test_figures_link_to_the_children_behind_them(client, service) -> None:
    signed_in(client)
    page = client.get("/reports/records/", {"year": "2024"}).content.decode()
    link = re.search(
        r'href="(/reports/records/children/[^"]+)"[^>]*>1<span[^>]*>'
        r": Two Tester: written late \(list the children\)",
        page,
    )
    assert link, "the late record's figure is a link"
    children = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert "Bo Report" in children and "Ash Report" not in children


def test_the_children_behind_a_figure_are_only_those_the_manager_may_see(
    client, service, make_user
) -> None:
    from carereview.staff.models import Role

    Child.objects.filter(pk=service["bo"].pk).update(restricted=True)
    other = make_user("iro.manager2", Role.IRO_MANAGER)
    service["bo"].restricted_to.add(other)
    signed_in(client)
    report = record_states(*YEAR, user=service["manager"])
    assert report.total.counts[LATE] == 0  # a restricted record the manager is not named on
    page = client.get("/reports/records/children/all-1/", {"year": "2024"}).content.decode()
    assert "Bo Report" not in page


def test_csv_has_the_tables_columns_and_figures(client, service) -> None:
    signed_in(client)
    response = client.get("/reports/caseloads/per-iro.csv", {"year": "2024"})
    assert response["Content-Type"].startswith("text/csv")
    assert "caseloads-per-iro-2024-04-01-to-2025-03-31.csv" in response["Content-Disposition"]
    rows = rows_of(response.content.decode("utf-8"))
    assert rows[0][:3] == ["IRO", "Full-time equivalent (today)", "Apr 2024"]
    assert rows[0][-1] == "Mar 2025"
    assert ["Two Tester", "0.5", "0", "1", "1", "2", "2", "1", "1", "1", "0", "0", "0", "0"] in rows
    page = client.get("/reports/caseloads/", {"year": "2024"}).content.decode()
    assert "Full-time equivalent (today)" in page


def test_csv_follows_the_filters(client, service) -> None:
    signed_in(client)
    rows = rows_of(
        client.get(
            "/reports/records/records.csv", {"year": "2024", "iro": service["iro"].pk}
        ).content.decode()
    )
    assert [r[0] for r in rows[1:]] == ["One Tester", "All reviews"]


def test_every_table_on_a_page_downloads(client, service) -> None:
    signed_in(client)
    for slug in [
        "timeliness",
        "participation",
        "caseloads",
        "escalations",
        "postponements",
        "records",
    ]:
        page = client.get(f"/reports/{slug}/", {"year": "2024"}).content.decode()
        links = re.findall(r'href="(/reports/[^"]+\.csv[^"]*)"', page)
        assert links
        for link in links:
            assert client.get(link.replace("&amp;", "&")).status_code == 200


def test_a_name_that_looks_like_a_formula_is_not_run_by_a_spreadsheet(client, service) -> None:
    Child.objects.filter(pk=service["ash"].pk).update(first_name="=HYPERLINK(1)")
    signed_in(client)
    rows = rows_of(
        client.get("/reports/postponements/children.csv", {"year": "2024"}).content.decode()
    )
    assert rows[1][0].startswith("'=HYPERLINK")


# -- access and audit ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["iro.one", "sw.north", "tm.north", "support.one"])
def test_only_iro_managers_open_reports(client, service, who) -> None:
    signed_in(client, who)
    for path in [
        "/reports/",
        "/reports/caseloads/",
        "/reports/records/records.csv",
        "/reports/records/children/all-1/",
    ]:
        assert client.get(path).status_code == 403
    assert AuditEvent.objects.filter(action=Action.REFUSED, username=who).exists()


def test_signed_out_people_are_sent_to_sign_in(client) -> None:
    assert client.get("/reports/").status_code == 302


def test_views_and_downloads_are_audited(client, service) -> None:
    signed_in(client)
    client.get("/reports/escalations/", {"year": "2024", "iro": service["iro2"].pk})
    client.get("/reports/escalations/stage.csv", {"year": "2024"})
    viewed = AuditEvent.objects.filter(action=Action.VIEW, summary__startswith="Report: Dispute")
    assert viewed.get().summary.endswith("IRO Two Tester")
    assert AuditEvent.objects.filter(
        action=Action.EXPORT, summary__contains="stage they reached"
    ).exists()


def test_an_unknown_report_or_table_is_not_found(client, service) -> None:
    signed_in(client)
    assert client.get("/reports/nothing/").status_code == 404
    assert client.get("/reports/records/nothing.csv").status_code == 404
    assert client.get("/reports/records/children/nothing/").status_code == 404


def test_the_index_lists_every_report(client, service) -> None:
    signed_in(client)
    page = client.get("/reports/").content.decode()
    for slug in [
        "timeliness",
        "participation",
        "caseloads",
        "escalations",
        "postponements",
        "records",
    ]:
        assert f'href="/reports/{slug}/"' in page
