from __future__ import annotations

from typing import Any

from django import forms

from carereview.core import clock
from carereview.core.forms import GovDateField
from carereview.escalation.addressed import MANAGER_ROLES
from carereview.escalation.formal import informal_attempts_to_follow
from carereview.escalation.models import (
    Category,
    FreezeResponse,
    InformalResolution,
    LadderStage,
    Outcome,
)
from carereview.staff.models import User


def _text(label: str, required_message: str | None = None, **extra: Any) -> forms.CharField:
    if required_message is None:
        return forms.CharField(label=label, widget=forms.Textarea, required=False, **extra)
    return forms.CharField(
        label=label, widget=forms.Textarea, error_messages={"required": required_message}, **extra
    )


def _stage_choices(stages: list[LadderStage]) -> list[tuple[str, str]]:
    return [("", "Choose a stage")] + [
        (str(s.number), f"Stage {s.number}: {s.title} - {s.escalate_to}") for s in stages
    ]


class _Person(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.job_title or obj.get_role_display()})"


def _managers() -> Any:
    return User.objects.filter(is_active=True, role__in=MANAGER_ROLES).order_by(
        "last_name", "first_name"
    )


class InformalForm(forms.Form):
    raised_with = forms.CharField(
        label="Raised with",
        help_text="The social worker or manager you talked to",
        error_messages={"required": "Say who the issue was raised with"},
    )
    discussed_on = GovDateField(
        label="Date of the conversation", error_messages={"required": "Enter the date"}
    )
    issue = _text("The issue", "Describe the issue")
    agreed_actions = _text("What was agreed, by whom and by when", "Say what was agreed")
    resolve_by = GovDateField(label="To be resolved by (optional)", required=False)


class InformalOutcomeForm(forms.Form):
    resolved = forms.TypedChoiceField(
        label="Was it resolved?",
        choices=[("", "Choose one"), ("yes", "Resolved"), ("no", "Not resolved")],
        coerce=lambda v: v == "yes",
        error_messages={"required": "Say whether it was resolved"},
    )
    outcome = _text("What happened", "Say what happened")


class _Attempt(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        state = "not resolved" if obj.resolved is False else "outcome not yet recorded"
        return f"{obj.discussed_on:%-d %B %Y}, with {obj.raised_with} ({state}): {obj.issue[:80]}"


class EscalationForm(forms.Form):
    informal = _Attempt(
        label="The informal attempt it follows",
        queryset=InformalResolution.objects.none(),
        help_text="The formal process follows an informal attempt that did not resolve the "
        "issue (IRO Handbook 6.1)",
        empty_label=None,
        error_messages={"required": "Choose the informal attempt the escalation follows"},
    )
    category = forms.ChoiceField(
        label="Kind of issue",
        choices=[("", "Choose one"), *Category.choices],
        error_messages={"required": "Choose the kind of issue"},
    )
    issue = _text("The issue", "Describe the issue")
    expected_outcome = _text("The outcome you expect, and by when", "Say what outcome you expect")
    stage = forms.TypedChoiceField(
        label="Start at",
        coerce=int,
        help_text="You may go straight to any stage (IRO Handbook 6.2)",
        error_messages={"required": "Choose the stage to start at"},
    )
    opened_on = GovDateField(label="Opened on", error_messages={"required": "Enter the date"})
    sent_to_name = forms.CharField(
        label="Sent to (optional)",
        required=False,
        help_text="Leave empty to send it to the holder of the post",
    )

    def __init__(self, *args: Any, stages: list[LadderStage], child: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = _stage_choices(stages)
        attempts = informal_attempts_to_follow(child, clock.today())
        self.fields["informal"].queryset = attempts
        latest = attempts.first()
        if latest is not None:
            self.initial.setdefault("informal", latest.pk)


class ResponseForm(forms.Form):
    response = _text("The response", "Write the response")
    responded_on = GovDateField(label="Responded on", error_messages={"required": "Enter the date"})


class EscalateForm(forms.Form):
    stage = forms.TypedChoiceField(
        label="Escalate to",
        coerce=int,
        help_text="Any stage above the current one: you may skip stages (IRO Handbook 6.2)",
        error_messages={"required": "Choose the stage"},
    )
    entered_on = GovDateField(label="Escalated on", error_messages={"required": "Enter the date"})
    sent_to_name = forms.CharField(
        label="Sent to (optional)",
        required=False,
        help_text="Leave empty to send it to the holder of the post",
    )

    def __init__(self, *args: Any, stages: list[LadderStage], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = _stage_choices(stages)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("", "Choose one"), *Outcome.choices],
        error_messages={"required": "Choose the outcome"},
    )
    outcome_details = _text("How it ended", "Say how it ended")
    closed_on = GovDateField(label="Closed on", error_messages={"required": "Enter the date"})


class ManagementAlertForm(forms.Form):
    issue = _text(
        "The compliance issue",
        "Describe the compliance issue",
        help_text="For example, a care plan or PEP missing before the review",
    )
    complete_by = GovDateField(label="Complete by", error_messages={"required": "Enter the date"})
    manager = _Person(
        label="Manager to alert",
        queryset=User.objects.none(),
        required=False,
        empty_label="The social worker's team manager",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = _managers()


class CompleteAlertForm(forms.Form):
    completed_note = _text("What was done", "Say what was done")


NEW = "new"


class FreezeForm(forms.Form):
    move_details = _text("The move proposed", "Describe the move")
    reasons = _text(
        "Why the plan is not likely to safeguard and promote the child's welfare",
        "Give the reasons for the request",
    )
    proposed_change = forms.ModelChoiceField(
        label="The proposed change it concerns (optional)",
        queryset=None,
        required=False,
        empty_label="None recorded",
    )
    escalation = forms.ChoiceField(
        label="The dispute resolution begun at the same time (IRO Handbook 3.79)",
        error_messages={"required": "Choose the escalation, or open a new one"},
    )
    new_escalation_stage = forms.TypedChoiceField(
        label="For a new escalation: the stage it begins at",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="It follows the latest informal attempt that did not resolve the issue",
    )
    child_told_on = GovDateField(
        label="When the child was told about advocacy and their right to complain",
        required=False,
        help_text="IRO Handbook 3.79: their entitlement to advocacy and representation, and "
        "their right to complain about how their care is being planned",
    )
    child_not_told_because = _text("If the child was not told: why (for example, their age)")

    def __init__(self, *args: Any, child: Any, stages: list[LadderStage], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposed_change"].queryset = child.proposed_changes.filter(withdrawn=False)
        self.open = {e.pk: e for e in child.escalations.filter(closed_on__isnull=True)}
        self.fields["escalation"].choices = [
            ("", "Choose one"),
            *((str(pk), f"{e} - open") for pk, e in self.open.items()),
            (NEW, "Open a new escalation about this move now"),
        ]
        self.fields["new_escalation_stage"].choices = _stage_choices(stages)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = data.get("escalation")
        if chosen == NEW:
            data["escalation"] = None
            if data.get("new_escalation_stage") is None:
                self.add_error("new_escalation_stage", "Choose the stage to start at")
        elif chosen:
            data["escalation"] = self.open.get(int(chosen)) if chosen.isdecimal() else None
            data["new_escalation_stage"] = None
            if data["escalation"] is None:
                self.add_error("escalation", "Choose an open escalation for this child")
        return data


class FreezeAnswerForm(forms.Form):
    response = forms.ChoiceField(
        label="The local authority's answer",
        choices=[("", "Choose one"), *FreezeResponse.choices],
        error_messages={"required": "Say whether the move is frozen"},
    )
    answered_for = forms.CharField(
        label="If you are recording the authority's answer: the officer who gave it",
        required=False,
    )


class CafcassForm(forms.Form):
    reasons = _text("Why a referral is being considered", "Say why")
    curtailed_because = _text(
        "If you are cutting the dispute resolution process short: why (IRO Handbook 8.11-8.12)"
    )
    escalation = forms.ModelChoiceField(
        label="The escalation it follows (optional)",
        queryset=None,
        required=False,
        empty_label="None",
    )
    senior_officer = _Person(
        label="Senior officer to tell (IRO Handbook 8.12)",
        queryset=User.objects.none(),
        required=False,
        empty_label="The nominated senior officer",
    )

    def __init__(self, *args: Any, child: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["escalation"].queryset = child.escalations.all()
        self.fields["senior_officer"].queryset = _managers()


class ReferralMadeForm(forms.Form):
    referred_on = GovDateField(
        label="Referred to Cafcass on", error_messages={"required": "Enter the date"}
    )
    iro_report = _text(
        "IRO's report: why the referral is made now and the steps taken (IRO Handbook 8.15)",
        "Write the IRO's report",
    )
    wishes_and_feelings = _text("The child's wishes and feelings, and views on proceedings")
    cafcass_reference = forms.CharField(label="Cafcass reference (optional)", required=False)


class ReferralReportsForm(forms.Form):
    iro_report = _text(
        "IRO's report: why the referral is made now and the steps taken (IRO Handbook 8.15)"
    )
    wishes_and_feelings = _text("The child's wishes and feelings, and views on proceedings")
