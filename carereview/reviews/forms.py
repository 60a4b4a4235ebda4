from __future__ import annotations

from datetime import time as clock

from django import forms

from carereview.core.forms import GovDateField
from carereview.domain.ssda903.codes import PARTICIPATION
from carereview.reviews.models import BroughtForward, Chair, DelayReason


class ScheduleReviewForm(forms.Form):
    """The IRO sets the date, time and venue of the next review (seed 000 section 4)."""

    date = GovDateField(
        label="Date of the review", error_messages={"required": "Enter the date of the review"}
    )
    time = forms.TimeField(
        label="Time",
        input_formats=["%H:%M", "%H.%M", "%I:%M%p", "%I%p", "%I.%M%p"],
        help_text="For example, 16:00",
        error_messages={
            "required": "Enter the time of the review",
            "invalid": "Enter the time like 16:00",
        },
    )
    venue = forms.CharField(
        label="Venue",
        max_length=300,
        error_messages={"required": "Enter where the review will be held"},
    )
    in_school_hours_because = forms.CharField(
        label="If the review is in school hours: why the child wishes it",
        required=False,
        max_length=300,
    )
    brought_forward = forms.ChoiceField(
        label="Bringing the review forward? Why",
        required=False,
        choices=[("", "Not brought forward"), *list(BroughtForward.choices)],
    )
    brought_forward_details = forms.CharField(
        label="Details", required=False, widget=forms.Textarea
    )
    # Seed 001 section 17: checked by the service, which knows the date before the move.
    postponed_because = forms.ChoiceField(
        label="Putting the review back to a later date? Why",
        required=False,
        choices=[("", "Not putting it back"), *list(DelayReason.choices)],
    )
    postponed_details = forms.CharField(
        label="More about the postponement", required=False, widget=forms.Textarea
    )

    SCHOOL_DAY = (clock(8, 45), clock(15, 30))

    without_meeting = forms.BooleanField(
        label="A review without a meeting (designated long-term foster placement of over a year)",
        required=False,
    )
    siblings = forms.ModelMultipleChoiceField(
        label="Review brothers and sisters in the same meeting",
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each keeps their own record, decisions and participation code",
    )

    def __init__(self, *args, child_age: int | None = None, siblings=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.child_age = child_age
        from carereview.records.models import Child

        self.fields["siblings"].queryset = (
            siblings if siblings is not None else Child.objects.none()
        )

    def clean(self) -> dict:
        data = super().clean()
        day, at = data.get("date"), data.get("time")
        school_age = self.child_age is not None and 5 <= self.child_age <= 16
        if (
            day
            and at
            and school_age
            and day.weekday() < 5
            and self.SCHOOL_DAY[0] <= at < self.SCHOOL_DAY[1]
            and not data.get("in_school_hours_because", "").strip()
        ):
            self.add_error(
                "in_school_hours_because",
                "This time is in school hours: hold the review outside them, or say "
                "why the child wishes it then",
            )
        if data.get("brought_forward") and not data.get("brought_forward_details", "").strip():
            self.add_error(
                "brought_forward_details", "Say what happened that brings the review forward"
            )
        return data


class ReviewHeldForm(forms.Form):
    held_on = GovDateField(
        label="Date of the first meeting",
        help_text="The date the review is recorded under, even if it was adjourned",
        error_messages={"required": "Enter the date of the first meeting"},
    )
    chair = forms.ChoiceField(
        label="Who chaired",
        choices=[("", "Choose one"), *list(Chair.choices)],
        error_messages={"required": "Choose who chaired the review"},
    )
    participation = forms.ChoiceField(
        label="How the child took part (SSDA903 participation code)",
        choices=[("", "Choose one")] + [(c, f"{c}: {m}") for c, m in PARTICIPATION.items()],
        error_messages={"required": "Choose how the child took part"},
    )
    # IRO Handbook 7.11: the reasons for reviews held out of time.  Checked by the service,
    # which knows the review's deadline.
    late_reason = forms.ChoiceField(
        label="Why was the review held late?",
        required=False,
        choices=[("", "Choose one"), *list(DelayReason.choices)],
    )
    late_reason_details = forms.CharField(
        label="More about why it was late",
        required=False,
        widget=forms.Textarea,
        help_text="Required if you chose another reason",
    )


class LateReasonForm(forms.Form):
    """Correcting the reason a late review was late, on the review's page."""

    late_reason = forms.ChoiceField(
        label="Why was the review held late?",
        choices=[("", "Choose one"), *list(DelayReason.choices)],
        error_messages={"required": "Choose why the review was held late"},
    )
    late_reason_details = forms.CharField(
        label="More about why it was late",
        required=False,
        widget=forms.Textarea,
        help_text="Required if you chose another reason",
    )
