"""What the reports keep: the IRO manager's own words for the annual report.

The figures of the annual report are worked out afresh each time it is made; only the narrative
is written by a person, section by section, and kept per reporting year (IRO Handbook 7.11: the
report "should identify good practice but should also highlight issues for further development,
including where urgent action is needed").
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class NarrativeSection(models.TextChoices):
    """The parts of the annual report the manager writes, in the order the report has them.
    The data sections follow the list in IRO Handbook 7.11."""

    INTRODUCTION = "introduction", "Introduction"
    SERVICE = "service", "The IRO service: caseloads and the make-up of the team"
    PARTICIPATION = "participation", "Participation of children and their parents"
    TIMELINESS = "timeliness", "Reviews held on time and out of time"
    DISPUTES = "disputes", "Resolving concerns: dispute resolution and its outcomes"
    QUALITY = "quality", "Quality assurance of reviews"
    RESOURCES = "resources", "Resource issues"
    GOOD_PRACTICE = "good_practice", "Good practice, and issues for further development"
    PRIORITIES = "priorities", "Priorities for the coming year"


class AnnualReportNarrative(models.Model):
    """One section of the manager's narrative for one reporting year (2024 is 2024-25)."""

    year = models.PositiveSmallIntegerField(help_text="The reporting year, by the year it starts.")
    section = models.CharField(max_length=30, choices=NarrativeSection.choices)
    text = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "section"]
        constraints = [
            models.UniqueConstraint(fields=["year", "section"], name="one_narrative_per_section")
        ]

    def __str__(self) -> str:
        return f"{self.get_section_display()} ({self.year}-{(self.year + 1) % 100:02d})"
