from __future__ import annotations

from django import forms

from carereview.core.forms import GovDateField
from carereview.monitoring.models import ChangeKind, EventKind


class EventForm(forms.Form):
    kind = forms.ChoiceField(
        label="What happened",
        choices=[("", "Choose one"), *EventKind.choices],
        error_messages={"required": "Choose what happened"},
    )
    occurred_on = GovDateField(
        label="When it happened", error_messages={"required": "Enter the date it happened"}
    )
    details = forms.CharField(
        label="Details", widget=forms.Textarea, error_messages={"required": "Say what happened"}
    )


class DecisionForm(forms.Form):
    review_needed = forms.TypedChoiceField(
        label="Does this need a review?",
        coerce=lambda v: v == "yes",
        choices=[("yes", "Yes, bring the review forward"), ("no", "No")],
        error_messages={"required": "Say whether a review is needed"},
    )
    decision_reason = forms.CharField(label="Reasons", widget=forms.Textarea, required=False)
    review_by = GovDateField(label="If yes: the review must be held by", required=False)
    child_told_on = GovDateField(label="The child was told on", required=False)
    adults_told_on = GovDateField(label="The adults were told on", required=False)


class ProposedChangeForm(forms.Form):
    kind = forms.ChoiceField(
        label="The change proposed",
        choices=[("", "Choose one"), *ChangeKind.choices],
        error_messages={"required": "Choose the change"},
    )
    planned_on = GovDateField(
        label="Planned for", error_messages={"required": "Enter the planned date"}
    )
    details = forms.CharField(label="Details", widget=forms.Textarea, required=False)


class VisitForm(forms.Form):
    visited_on = GovDateField(
        label="Date of the visit", error_messages={"required": "Enter the date of the visit"}
    )
    seen_alone = forms.BooleanField(label="The child was seen alone", required=False)
    bedroom_seen = forms.BooleanField(label="Sleeping arrangements were seen", required=False)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)
