"""The filters every report has: the period (a reporting year, or dates from and to), an IRO and
a team.  Sent in the address (GET), so that a filtered report can be shared, and its CSV files
and the lists behind its figures use the same filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import forms

from carereview.core import clock
from carereview.core.forms import GovDateField
from carereview.reports.common import long_date, reporting_year, year_label, year_of
from carereview.staff.models import Role, Team, User

#: How many reporting years back the year picker offers (ten years of history may be imported).
YEARS_BACK = 12
#: The longest period a report covers: month-end caseloads over more are unreadable.
LONGEST_DAYS = 366 * 10


@dataclass(frozen=True)
class Filters:
    period_start: date
    period_end: date
    iro: User | None
    team: Team | None
    year: int | None  # the reporting year, when the period is one


class ReportFilterForm(forms.Form):
    year = forms.TypedChoiceField(label="Reporting year", coerce=int, required=False)
    period_from = GovDateField(label="From", required=False)
    period_to = GovDateField(label="To", required=False)
    iro = forms.ModelChoiceField(
        label="IRO", queryset=User.objects.none(), required=False, empty_label="All IROs"
    )
    team = forms.ModelChoiceField(
        label="Social work team",
        queryset=Team.objects.none(),
        required=False,
        empty_label="All teams",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = year_of(clock.today())
        self.current_year = current
        self.fields["year"].choices = [
            (year, year_label(year)) for year in range(current, current - YEARS_BACK, -1)
        ]
        self.fields["iro"].queryset = User.objects.filter(role=Role.IRO).order_by(
            "last_name", "first_name"
        )
        self.fields["iro"].label_from_instance = lambda user: (
            f"{user}" if user.is_active else f"{user} (left)"
        )
        self.fields["team"].queryset = Team.objects.order_by("name")

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if (
            (start is None) != (end is None)
            and not self.errors.get("period_from")
            and not self.errors.get("period_to")
        ):
            missing = "period_to" if end is None else "period_from"
            self.add_error(
                missing, "Enter both the from and to dates, or neither to use a reporting year"
            )
        if start and start > clock.today():
            self.add_error(
                "period_from",
                f"The from date must be today ({long_date(clock.today())}) or earlier",
            )
        elif start and end:
            if end < start:
                self.add_error("period_to", "The to date must be on or after the from date")
            elif (end - start).days > LONGEST_DAYS:
                self.add_error("period_to", "Choose a period of ten years or less")
        return data

    def filters(self) -> Filters:
        """The filters chosen; the current reporting year when none (or a wrong one) is given."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        start, end = data.get("period_from"), data.get("period_to")
        year = None
        if not (start and end):
            year = data.get("year") or self.current_year
            start, end = reporting_year(year)
        return Filters(start, end, data.get("iro"), data.get("team"), year)
