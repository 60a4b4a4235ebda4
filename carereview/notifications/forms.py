from __future__ import annotations

from django import forms

from carereview.notifications.models import EmailChoice


class PreferenceForm(forms.Form):
    email = forms.ChoiceField(
        label="How do you want reminders by email?",
        choices=EmailChoice.choices,
        error_messages={
            "required": "Choose how you want reminders by email",
            "invalid_choice": "Choose one of the options for reminders by email",
        },
    )
