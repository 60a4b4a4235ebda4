"""The authority's own configuration: closure days and local policy profiles."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from carereview.domain.timescales.profiles import BUILT_IN, ProfileError, profile_from_dict


class ClosureDay(models.Model):
    """A day the authority's offices are closed: not a working day for its deadlines.

    GOV.UK announces one-off bank holidays with little notice (the 2022 state funeral came days
    ahead); an authority adds such a day here and every deadline is worked out with it from then on.
    """

    date = models.DateField(unique=True)
    reason = models.CharField(max_length=200, default="Authority closure day")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d %B %Y}: {self.reason}"


class LocalPolicyProfile(models.Model):
    """An authority's own policy profile, e.g. `{"extends": "statutory", "invitations_before": 15,
    "after_each_placement_working_days": 20}`; local targets may only bring deadlines earlier."""

    name = models.SlugField(max_length=60, unique=True)
    description = models.CharField(max_length=300, blank=True)
    definition = models.JSONField(
        default=dict,
        help_text=(
            "Settings of carereview.domain.timescales.profiles.PolicyProfile, with `extends` naming "
            "a built-in profile."
        ),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.name in BUILT_IN:
            raise ValidationError({"name": f"{self.name!r} is a built-in profile's name."})
        try:
            self.to_profile()
        except ProfileError as error:
            raise ValidationError({"definition": str(error)}) from error

    def to_profile(self):
        data = {**self.definition, "name": self.name}
        if self.description:
            data.setdefault("description", self.description)
        return profile_from_dict(data, BUILT_IN, where=f"profile {self.name}")


class AuthoritySettings(models.Model):
    """The authority running this installation (one row)."""

    name = models.CharField(max_length=200, default="Local authority")
    policy_profile = models.CharField(
        max_length=60,
        default="statutory",
        help_text="The profile the service works to: 'statutory', 'fixed-days' or a local one.",
    )

    class Meta:
        verbose_name = "authority settings"
        verbose_name_plural = "authority settings"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        known = set(BUILT_IN) | set(LocalPolicyProfile.objects.values_list("name", flat=True))
        if self.policy_profile not in known:
            raise ValidationError(
                {
                    "policy_profile": (
                        f"Unknown profile {self.policy_profile!r}; known: {', '.join(sorted(known))}."
                    )
                }
            )
