"""Reviews: the meeting (or meetings) at which a child's care plan is reviewed."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from carereview.domain.ssda903.codes import PARTICIPATION


class Chair(models.TextChoices):
    IRO = "iro", "The child's IRO"
    CHILD_CO_CHAIR = "child_co_chair", "The child co-chaired with the IRO"
    SUBSTITUTE_IRO = "substitute_iro", "A substitute IRO"
    TEAM_MANAGER = "team_manager", "The social worker's team manager"


class BroughtForward(models.TextChoices):
    """Why a review is held before the timetable requires (CPPCR 2010 reg 33(3); seeds)."""

    IRO_REQUEST = "iro_request", "The IRO directs it"
    CHILD_REQUEST = "child_request", "The child asks for it"
    CARE_PLAN_CHANGE = "care_plan_change", "A significant change to the care plan is proposed"
    PLACEMENT_CHANGE = "placement_change", "An unplanned placement move"
    ACCOMMODATION_ENDING = (
        "accommodation_ending",
        "The authority proposes to stop accommodating the child",
    )
    CUSTODY = "custody", "Custody: entering, or release"
    SAFEGUARDING = "safeguarding", "Safeguarding concerns or section 47 enquiries"
    DECISIONS_NOT_CARRIED_OUT = "decisions_not_carried_out", "Decisions not carried out on time"
    OTHER = "other", "Another significant event"


class Review(models.Model):
    child = models.ForeignKey("records.Child", on_delete=models.CASCADE, related_name="reviews")
    scheduled_for = models.DateTimeField(null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    in_school_hours_because = models.CharField(
        max_length=300,
        blank=True,
        help_text="A review in school hours only when the child wishes it, and why.",
    )
    brought_forward = models.CharField(max_length=40, choices=BroughtForward.choices, blank=True)
    brought_forward_details = models.TextField(blank=True)
    without_meeting = models.BooleanField(
        default=False, help_text="Designated long-term foster placement of over a year only."
    )
    # The date the review is recorded under: its first meeting (IRO Handbook 3.24).
    held_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    chair = models.CharField(max_length=30, choices=Chair.choices, blank=True)
    participation = models.CharField(
        max_length=3,
        blank=True,
        choices=[(code, f"{code}: {meaning}") for code, meaning in PARTICIPATION.items()],
    )
    cancelled_because = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["child", "held_on", "scheduled_for", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "held_on"],
                name="one_review_per_child_per_day",
                condition=models.Q(held_on__isnull=False),
            )
        ]

    def __str__(self) -> str:
        when = self.held_on or (self.scheduled_for.date() if self.scheduled_for else "unscheduled")
        return f"Review for {self.child} ({when})"

    @property
    def is_held(self) -> bool:
        return self.held_on is not None
