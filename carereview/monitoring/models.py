"""Between reviews: significant events in the child's life, and changes that need a review
before they happen (IRO Handbook 3.74-3.77; seed 000 section 2; seed 003)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class EventKind(models.TextChoices):
    CARE_PLAN = "care_plan", "A proposed change of care plan"
    DECISIONS_NOT_DONE = "decisions_not_done", "Review decisions not carried out on time"
    FAMILY_TIME = "family_time", "A major change to family time"
    SOCIAL_WORKER = "social_worker", "A change of social worker"
    SAFEGUARDING = "safeguarding", "Safeguarding concerns or section 47 enquiries"
    COMPLAINT = "complaint", "A complaint by or for the child, a parent or carer"
    PLACEMENT = "placement", "An unexpected change in the placement"
    BIRTH_FAMILY = "birth_family", "A significant change in the birth family"
    OFFENCE = "offence", "An offence, youth justice proceedings or a sentence"
    EXCLUSION = "exclusion", "Exclusion from school"
    MISSING = "missing", "Missing from the placement"
    HEALTH = "health", "A health event, diagnosis, hospital admission or serious accident"
    PERMANENCE_PANEL = "permanence_panel", "A panel decision about permanence"
    CUSTODY = "custody", "Custody"
    REMAND = "remand", "Remand"
    OTHER = "other", "Something else significant"


class ChangeKind(models.TextChoices):
    """Changes a review must consider before they happen (IRO Handbook 3.77)."""

    LEAVING_CARE = "leaving_care", "Leaving care before 18"
    UNREGULATED = "unregulated", "A move to unregulated, semi-independent or independent living"
    CUSTODY_DISCHARGE = "custody_discharge", "Discharge from custody"
    EDUCATION = "education", "An unplanned move that would disrupt education or training"
    KEY_STAGE_4 = "key_stage_4", "A move that would interrupt education in Key Stage 4"
    SETTLED = "settled", "A move for a child long settled with the same carer"


class SignificantEvent(models.Model):
    child = models.ForeignKey("records.Child", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    occurred_on = models.DateField()
    details = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_on = models.DateField()
    # The IRO's decision (IRO Handbook 3.75-3.76).
    review_needed = models.BooleanField(null=True)
    decision_reason = models.TextField(blank=True)
    review_by = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    child_told_on = models.DateField(null=True, blank=True)
    adults_told_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["child", "-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on}"

    @property
    def decided(self) -> bool:
        return self.review_needed is not None


class ProposedChange(models.Model):
    child = models.ForeignKey(
        "records.Child", on_delete=models.CASCADE, related_name="proposed_changes"
    )
    kind = models.CharField(max_length=30, choices=ChangeKind.choices)
    planned_on = models.DateField()
    details = models.TextField(blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_on = models.DateField()
    considered_at = models.ForeignKey(
        "reviews.Review", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["child", "planned_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} planned for {self.planned_on}"


class Visit(models.Model):
    """A social worker's statutory visit to the child (CPPCR 2010 reg 28)."""

    child = models.ForeignKey("records.Child", on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField()
    seen_alone = models.BooleanField(default=False)
    bedroom_seen = models.BooleanField("sleeping arrangements seen", default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["child", "-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"Visit on {self.visited_on}"
