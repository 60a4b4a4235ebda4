"""Form pieces in GOV.UK Design System terms: the date input (day, month, year) and error text
that says how to put things right."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms


class DateInputWidget(forms.Widget):
    """Three boxes, day, month and year, as the GOV.UK date input pattern asks."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        parts = [str(data.get(f"{name}-{part}", "")).strip() for part in ("day", "month", "year")]
        if not any(parts):
            return None
        return parts

    def format_value(self, value: Any) -> dict[str, str]:
        if isinstance(value, date):
            return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
        if isinstance(value, (list, tuple)) and len(value) == 3:
            return dict(zip(("day", "month", "year"), value, strict=True))
        return {"day": "", "month": "", "year": ""}


#: The years a date typed into a form may have: outside them it is a typing slip (and the
#: working-day calendar and the documents are not built for them).
YEARS = (1900, 2100)


class GovDateField(forms.Field):
    widget = DateInputWidget

    def to_python(self, value: Any) -> date | None:
        if value in (None, "", []):
            return None
        if isinstance(value, date):
            return value
        day, month, year = value
        label = (self.label or "The date").capitalize()
        missing = [
            name for name, part in zip(("day", "month", "year"), value, strict=True) if not part
        ]
        if missing:
            raise forms.ValidationError(f"{label} must include a {' and '.join(missing)}")
        try:
            if len(year) != 4:
                raise ValueError
            value = date(int(year), int(month), int(day))
        except (ValueError, OverflowError):  # "²" is no number; 99999999999999999999 no day
            raise forms.ValidationError(f"{label} must be a real date") from None
        if not YEARS[0] <= value.year <= YEARS[1]:
            raise forms.ValidationError(
                f"{label} must have a year between {YEARS[0]} and {YEARS[1]}"
            )
        return value


def date_parts(form: forms.BaseForm, name: str) -> dict[str, str]:
    """The day, month and year to show in a date input (what was typed, or the initial value)."""
    field = form[name]
    value = field.value()
    widget = form.fields[name].widget
    assert isinstance(widget, DateInputWidget)
    return widget.format_value(value)


def add_errors(form: forms.BaseForm, error: Any) -> None:
    """Put a service's ValidationError on the form: on the field it names, else on the form."""
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
    else:
        for problem in error.messages:
            form.add_error(None, problem)


class EndsAfterStarts(forms.Form):
    """For forms with `started_on` and an optional `ended_on`."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", "The end date must be on or after the start date")
        return data
