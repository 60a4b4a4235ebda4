"""The people who work in and around the IRO service, and the allocation of IROs to children."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class Role(models.TextChoices):
    IRO = "iro", "Independent reviewing officer"
    IRO_MANAGER = "iro_manager", "IRO manager"
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    BUSINESS_SUPPORT = "business_support", "Business support"
    # Holds a post on the dispute resolution ladder (area service manager, deputy director...):
    # sees only the children whose escalations are addressed to them.
    SENIOR_MANAGER = "senior_manager", "Senior manager"


class Specialism(models.TextChoices):
    COMMUNICATION = "communication", "Communication needs (incl. non-verbal)"
    BSL = "bsl", "British Sign Language"
    DISABILITY = "disability", "Disabled children"
    ADOPTION = "adoption", "Adoption"
    YOUTH_JUSTICE = "youth_justice", "Youth justice and custody"
    UASC = "uasc", "Unaccompanied asylum-seeking children"
    SHORT_BREAKS = "short_breaks", "Short breaks"


class Team(models.Model):
    """A social work team, with its manager (the first line of the dispute resolution ladder)."""

    name = models.CharField(max_length=120, unique=True)
    manager = models.ForeignKey(
        "staff.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="managed_teams"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff.  Sign-in through the council's identity provider will attach to these
    same records later; local passwords follow Django's validators (settings)."""

    role = models.CharField(max_length=30, choices=Role.choices, blank=True)
    job_title = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    # IROs: full-time equivalent, specialisms and languages (IRO Handbook 4.4-4.7, 7.15).
    fte = models.DecimalField(
        "full-time equivalent",
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("1.0"))],
    )
    specialisms = models.JSONField(default=list, blank=True)
    languages = models.JSONField(
        default=list, blank=True, help_text="Languages spoken besides English"
    )
    accepting_allocations = models.BooleanField(default=True)

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_iro(self) -> bool:
        return self.role == Role.IRO

    @property
    def is_iro_manager(self) -> bool:
        return self.role == Role.IRO_MANAGER

    @property
    def line_manager(self) -> User | None:
        """A social worker's team manager."""
        return self.team.manager if self.team_id and self.team.manager_id != self.pk else None


class Allocation(models.Model):
    """An IRO named for a child's case, from a date; every change of IRO is kept
    (IRO Handbook 7.2: never without a named IRO after the first five working days)."""

    child = models.ForeignKey("records.Child", on_delete=models.CASCADE, related_name="allocations")
    iro = models.ForeignKey(User, on_delete=models.PROTECT, related_name="allocations")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    allocated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    proposed_iro = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposal_reasons = models.TextField(blank=True)
    override_reason = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["child", "-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(ended_on__isnull=True),
                name="one_current_iro_per_child",
            )
        ]

    def __str__(self) -> str:
        return f"{self.iro} for {self.child} from {self.started_on}"
