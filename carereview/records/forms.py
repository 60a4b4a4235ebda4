from __future__ import annotations

from django import forms

from carereview.core import clock
from carereview.core.forms import EndsAfterStarts, GovDateField
from carereview.domain.ages import adult_on
from carereview.records.changes import CHANGE_KINDS
from carereview.records.codes import (
    ETHNICITY_CHOICES,
    LS_CHOICES,
    PLACE_CHOICES,
    REC_CHOICES,
    Gender,
)
from carereview.records.models import Child, ChildContact
from carereview.staff.models import Role, User

BLANK = [("", "Choose one")]


class BecomingLookedAfterForm(forms.Form):
    """A social worker records a child starting to be looked after (the first episode, RNE S)."""

    first_name = forms.CharField(
        max_length=100, error_messages={"required": "Enter the child's first name"}
    )
    last_name = forms.CharField(
        max_length=100, error_messages={"required": "Enter the child's last name"}
    )
    reference = forms.CharField(
        label="Child reference",
        max_length=20,
        help_text="The authority's identifier for the child (SSDA903 CHILD)",
        error_messages={"required": "Enter the child's reference"},
    )
    date_of_birth = GovDateField(
        label="Date of birth", error_messages={"required": "Enter the child's date of birth"}
    )
    gender = forms.ChoiceField(
        choices=BLANK + list(Gender.choices),
        error_messages={"required": "Choose the child's gender"},
    )
    ethnicity = forms.ChoiceField(choices=ETHNICITY_CHOICES, initial="NOBT")
    first_language = forms.CharField(max_length=60, initial="English")
    interpreter_needed = forms.BooleanField(required=False, label="The child needs an interpreter")
    communication_needs = forms.CharField(
        required=False,
        widget=forms.Textarea,
        label="Communication needs",
        help_text="How the child communicates, if they need support to take part",
    )
    uasc = forms.BooleanField(required=False, label="Unaccompanied asylum-seeking child")
    looked_after_from = GovDateField(
        label="Date the child became looked after",
        error_messages={"required": "Enter the date the child became looked after"},
    )
    legal_status = forms.ChoiceField(
        label="Legal status",
        choices=BLANK + LS_CHOICES,
        error_messages={"required": "Choose the legal status"},
    )
    placement = forms.ChoiceField(
        label="Placement",
        choices=BLANK + PLACE_CHOICES,
        error_messages={"required": "Choose the placement"},
    )
    carer = forms.CharField(label="Carer or provider", max_length=200, required=False)
    placement_address = forms.CharField(
        label="Placement address",
        required=False,
        widget=forms.Textarea,
        help_text="Sensitive: it is left out of what parents receive unless someone decides otherwise",
    )
    social_worker = forms.ModelChoiceField(
        queryset=User.objects.filter(role=Role.SOCIAL_WORKER, is_active=True),
        required=False,
        help_text="Leave empty if it is you",
    )

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        if Child.objects.filter(reference__iexact=reference).exists():
            raise forms.ValidationError("A child with this reference already exists")
        return reference

    def clean(self) -> dict:
        data = super().clean()
        born, start = data.get("date_of_birth"), data.get("looked_after_from")
        today = clock.today()
        if born and born > today:
            self.add_error("date_of_birth", "Date of birth must be in the past")
        if start and start > today:
            self.add_error(
                "looked_after_from",
                "The date the child became looked after must be today or in the past",
            )
        if born and start and start < born:
            self.add_error(
                "looked_after_from",
                "The date the child became looked after must be after their date of birth",
            )
        if born and start and adult_on(born, start):  # Children Act 1989 s.105(1)
            self.add_error(
                "looked_after_from",
                "The child was 18 or over on that date: they cannot become looked after",
            )
        return data


class ChildSearchForm(forms.Form):
    q = forms.CharField(label="Name or reference", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("", "All children"),
            ("overdue", "Review overdue"),
            ("due_30", "Review due in the next 30 days"),
            ("unallocated", "No IRO named"),
        ],
    )
    iro = forms.ModelChoiceField(
        label="IRO",
        required=False,
        empty_label="Any IRO",
        queryset=User.objects.filter(role=Role.IRO, is_active=True),
    )


class CareChangeForm(forms.Form):
    kind = forms.ChoiceField(
        label="What changed",
        choices=[(k, v[1]) for k, v in CHANGE_KINDS.items()],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what changed"},
    )
    on = GovDateField(
        label="Date of the change", error_messages={"required": "Enter the date of the change"}
    )
    legal_status = forms.ChoiceField(
        label="New legal status", required=False, choices=BLANK + LS_CHOICES
    )
    placement = forms.ChoiceField(
        label="New placement", required=False, choices=BLANK + PLACE_CHOICES
    )
    carer = forms.CharField(label="Carer or provider", required=False, max_length=200)
    placement_address = forms.CharField(
        label="Placement address", required=False, widget=forms.Textarea
    )
    declared = forms.MultipleChoiceField(
        label="Does this move",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("education", "disrupt the child's education or training (unplanned)"),
            ("key_stage_4", "interrupt education in Key Stage 4"),
            ("settled", "move a child long settled with the same carer"),
        ],
    )
    reason_ceased = forms.ChoiceField(
        label="Why the child stopped being looked after",
        required=False,
        choices=BLANK + [c for c in REC_CHOICES if c[0] != "X1"],
    )


class ContactForm(forms.ModelForm):
    class Meta:
        model = ChildContact
        fields = [
            "role",
            "name",
            "relationship",
            "parental_responsibility",
            "organisation",
            "email",
            "phone",
            "address",
            "address_confidential",
        ]
        error_messages = {
            "name": {"required": "Enter the person's name"},
            "role": {"required": "Choose the person's role"},
        }


class OversightNoteForm(forms.Form):
    written_on = GovDateField(label="Date", error_messages={"required": "Enter the date"})
    text = forms.CharField(
        label="Note", widget=forms.Textarea, error_messages={"required": "Write the note"}
    )


class ChildDetailsForm(forms.ModelForm):
    class Meta:
        model = Child
        fields = [
            "first_name",
            "last_name",
            "preferred_name",
            "gender",
            "ethnicity",
            "religion",
            "first_language",
            "interpreter_needed",
            "communication_needs",
            "communication_method",
            "disability",
            "uasc",
            "long_term_foster_designated_on",
            "siblings",
            "looked_after_parents",
        ]
        widgets = {
            "siblings": forms.CheckboxSelectMultiple,
            "looked_after_parents": forms.CheckboxSelectMultiple,
        }

    long_term_foster_designated_on = GovDateField(
        label="Designated long-term foster placement since", required=False
    )

    def __init__(self, *args, candidates=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        others = (candidates if candidates is not None else Child.objects.none()).exclude(
            pk=self.instance.pk
        )
        self.fields["siblings"].queryset = others
        self.fields["looked_after_parents"].queryset = others
        self.fields["siblings"].required = False
        self.fields["looked_after_parents"].required = False


class RestrictionForm(forms.Form):
    restricted = forms.BooleanField(label="Restrict this record to the staff named", required=False)
    restricted_to = forms.ModelMultipleChoiceField(
        label="Staff who may open it",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        queryset=User.objects.filter(is_active=True).exclude(role=""),
    )


class ProtectionPlanForm(EndsAfterStarts):
    started_on = GovDateField(
        label="Child protection plan started",
        error_messages={"required": "Enter the date the plan started"},
    )
    ended_on = GovDateField(label="Ended (leave empty if it continues)", required=False)


class ProceedingsForm(EndsAfterStarts):
    started_on = GovDateField(
        label="Proceedings started",
        error_messages={"required": "Enter the date proceedings started"},
    )
    ended_on = GovDateField(label="Ended (leave empty if they continue)", required=False)

    court = forms.CharField(max_length=200, required=False)
    case_number = forms.CharField(max_length=60, required=False)
    guardian_name = forms.CharField(label="Children's guardian", max_length=200, required=False)
    guardian_phone = forms.CharField(label="Guardian's phone", max_length=40, required=False)
