"""The local dispute resolution process and the IRO's other routes to put things right
(IRO Handbook chapter 6, 3.79 and 8.9-8.16; seed 000 and seed 001 section 15).

- An informal attempt first, recorded on the child's file (H 6.1).
- The formal process: a ladder of stages of seniority, each with a time limit for the response,
  the whole within 20 working days; the IRO may skip stages (H 6.2).  The authority keeps its
  ladder here (the admin site); one ladder is in force at a time.
- An IRO Management Alert for a compliance issue, the lighter route (seed 000 section 15).
- A request to freeze a placement move, with the dispute process begun at the same time (H 3.79).
- A referral to Cafcass being considered, the nominated senior officer told, then made
  (H 8.9-8.16).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction

from carereview.domain.escalation import TOTAL_WORKING_DAYS

#: Who may hold a post on the ladder or be the nominated senior officer: managers only (a post
#: holder sees what is addressed to them, so the admin cannot hand that to anyone else).
MANAGERS_ONLY = {"role__in": ["team_manager", "senior_manager", "iro_manager"]}


class DisputeLadder(models.Model):
    key = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    active = models.BooleanField(
        default=False, help_text="The ladder the IROs use. Only one ladder is in force at a time."
    )
    total_working_days = models.PositiveSmallIntegerField(
        default=TOTAL_WORKING_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(TOTAL_WORKING_DAYS)],
        help_text="The whole formal process, in working days: no more than 20 (IRO Handbook 6.2).",
    )
    # IRO Handbook 8.12: the senior officer named in the authority's dispute resolution protocol,
    # told when an IRO is considering a referral to Cafcass.
    senior_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to=MANAGERS_ONLY,
        help_text="Told at once when an IRO considers a referral to Cafcass (IRO Handbook 8.12).",
    )
    source = models.CharField(max_length=200, blank=True)
    informal_stage_title = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "If the protocol's first step is informal (seed 000: 'Informal resolution with the "
            "relevant manager'), its title: that step is the IRO's informal attempt on the "
            "child's file, and the formal stages start at 2."
        ),
    )

    class Meta:
        ordering = ["-active", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=models.Q(active=True), name="one_active_ladder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}{' (in force)' if self.active else ''}"

    def save(self, *args, **kwargs) -> None:
        with transaction.atomic():
            if self.active:
                DisputeLadder.objects.exclude(pk=self.pk).filter(active=True).update(active=False)
            super().save(*args, **kwargs)


class LadderStage(models.Model):
    ladder = models.ForeignKey(DisputeLadder, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    title = models.CharField(max_length=200)
    escalate_to = models.CharField(max_length=300, help_text="The post the dispute goes to.")
    response_working_days = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(TOTAL_WORKING_DAYS)]
    )
    also_alert = models.CharField(max_length=300, blank=True, help_text="A post told at once.")
    notes = models.TextField(blank=True)
    # The member of staff holding the post: alerted, and may record the response.  The first
    # stage on most ladders goes to the child's team manager (to_team_manager), so is left empty.
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ladder_posts",
        limit_choices_to=MANAGERS_ONLY,
    )
    also_alert_holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to=MANAGERS_ONLY,
        help_text="The member of staff told at once (the 'also alert' post), if on the system.",
    )
    to_team_manager = models.BooleanField(
        default=False,
        help_text=(
            "With no holder named, the stage goes to the child's social worker's team manager "
            "(and the social worker is told)."
        ),
    )

    class Meta:
        ordering = ["ladder", "number"]
        constraints = [
            models.UniqueConstraint(fields=["ladder", "number"], name="one_stage_per_number")
        ]

    def __str__(self) -> str:
        return f"Stage {self.number}: {self.title}"


class InformalResolution(models.Model):
    """The IRO's first, informal attempt (IRO Handbook 6.1), placed on the child's file."""

    child = models.ForeignKey(
        "records.Child", on_delete=models.CASCADE, related_name="informal_resolutions"
    )
    iro = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_with = models.CharField(max_length=200)
    discussed_on = models.DateField()
    issue = models.TextField()
    agreed_actions = models.TextField()
    resolve_by = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    resolved = models.BooleanField(null=True)

    class Meta:
        ordering = ["child", "-discussed_on", "-pk"]

    def __str__(self) -> str:
        return f"Informal resolution with {self.raised_with} on {self.discussed_on:%-d %B %Y}"


class Category(models.TextChoices):
    """Seed 001 section 15: the kinds of issue expected."""

    PRACTICE = "practice", "Practice"
    JUDGEMENT = "judgement", "Judgement"
    ACCOUNTABILITY = "accountability", "Clarification of accountability"
    STRATEGIC = "strategic", "Strategic"


class Outcome(models.TextChoices):
    RESOLVED = "resolved", "Resolved"
    PARTLY = "partly_resolved", "Partly resolved"
    CAFCASS = "referred_to_cafcass", "Not resolved - referred to Cafcass"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Escalation(models.Model):
    child = models.ForeignKey("records.Child", on_delete=models.CASCADE, related_name="escalations")
    iro = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    informal = models.ForeignKey(
        InformalResolution,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="escalations",
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    issue = models.TextField()
    expected_outcome = models.TextField()
    ladder = models.ForeignKey(DisputeLadder, on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField()
    # IRO Handbook 6.2: the whole formal process within 20 working days of opening.
    deadline = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    outcome_details = models.TextField(blank=True)

    class Meta:
        ordering = ["child", "-opened_on", "-pk"]

    def __str__(self) -> str:
        return f"Escalation opened {self.opened_on:%-d %B %Y} ({self.get_category_display()})"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def current_step(self) -> EscalationStep | None:
        steps = list(self.steps.all())
        return max(steps, key=lambda s: (s.entered_on, s.pk)) if steps else None


class EscalationStep(models.Model):
    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="steps")
    stage = models.ForeignKey(LadderStage, on_delete=models.PROTECT, related_name="+")
    entered_on = models.DateField()
    sent_to_name = models.CharField(max_length=200)
    sent_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="escalation_steps",
    )
    respond_by = models.DateField()
    response = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["escalation", "entered_on", "pk"]

    def __str__(self) -> str:
        return f"{self.stage} from {self.entered_on:%-d %B %Y}"


class ManagementAlert(models.Model):
    """An IRO Management Alert (seed 000 section 15): a compliance issue - missing paperwork, a
    plan not updated - that the relevant manager sees completed in good time."""

    child = models.ForeignKey(
        "records.Child", on_delete=models.CASCADE, related_name="management_alerts"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="management_alerts"
    )
    issue = models.TextField()
    complete_by = models.DateField()
    raised_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    completed_note = models.TextField(blank=True)

    class Meta:
        ordering = ["child", "-raised_on", "-pk"]

    def __str__(self) -> str:
        return f"Management alert raised {self.raised_on:%-d %B %Y}"


class FreezeResponse(models.TextChoices):
    AGREED = "agreed", "Agreed: the move is frozen"
    REFUSED = "refused", "Refused: the move may go ahead"


class PlacementFreezeRequest(models.Model):
    """The IRO asks the authority to freeze a placement move (IRO Handbook 3.79)."""

    child = models.ForeignKey(
        "records.Child", on_delete=models.CASCADE, related_name="freeze_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_change = models.ForeignKey(
        "monitoring.ProposedChange",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    move_details = models.TextField()
    reasons = models.TextField()
    requested_on = models.DateField()
    # H 3.79: "At the same time the IRO should initiate the local dispute resolution procedures".
    escalation = models.ForeignKey(
        Escalation, null=True, blank=True, on_delete=models.SET_NULL, related_name="freezes"
    )
    response = models.CharField(max_length=10, choices=FreezeResponse.choices, blank=True)
    responded_on = models.DateField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # When the IRO records the authority's answer given by telephone or email: who gave it.
    answered_for = models.CharField(max_length=200, blank=True)
    lifted_on = models.DateField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # H 3.79: "The child should be advised about his/her entitlement to advocacy and
    # representation and be informed about the right to complain" - when, or why not (H 6.9).
    child_told_on = models.DateField(null=True, blank=True)
    child_not_told_because = models.TextField(blank=True)

    class Meta:
        ordering = ["child", "-requested_on", "-pk"]

    def __str__(self) -> str:
        return f"Request to freeze a placement move, {self.requested_on:%-d %B %Y}"

    @property
    def in_force(self) -> bool:
        """Agreed, or asked and not yet answered, and not lifted: no move until it is lifted."""
        return self.lifted_on is None and self.response in ("", FreezeResponse.AGREED)


class CafcassReferral(models.Model):
    """A referral to Cafcass considered and, perhaps, made (IRO Handbook 6.3, 8.9-8.16)."""

    child = models.ForeignKey(
        "records.Child", on_delete=models.CASCADE, related_name="cafcass_referrals"
    )
    iro = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    escalation = models.ForeignKey(
        Escalation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cafcass_referrals",
    )
    considered_on = models.DateField()
    # H 8.12: the nominated senior officer, told that a referral is being considered.
    senior_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reasons = models.TextField()
    curtailed_because = models.TextField(blank=True)  # H 8.12: why the process is cut short
    iro_report = models.TextField(blank=True)  # H 8.15: why now, and the steps taken
    wishes_and_feelings = models.TextField(blank=True)  # H 8.15
    referred_on = models.DateField(null=True, blank=True)
    cafcass_reference = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["child", "-considered_on", "-pk"]

    def __str__(self) -> str:
        made = f", referred {self.referred_on:%-d %B %Y}" if self.referred_on else ""
        return f"Cafcass referral considered {self.considered_on:%-d %B %Y}{made}"
