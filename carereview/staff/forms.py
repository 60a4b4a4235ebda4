from __future__ import annotations

from django import forms

from carereview.staff.models import Role, User


class AllocationForm(forms.Form):
    iro = forms.ModelChoiceField(
        label="IRO",
        queryset=User.objects.filter(role=Role.IRO, is_active=True),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an IRO"},
    )
    override_reason = forms.CharField(
        label="Why you chose someone other than the proposed IRO",
        required=False,
        widget=forms.Textarea,
    )
