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


class DelayReason(models.TextChoices):
    """Why a review was held after its statutory deadline, or its date put back.  The IRO
    manager's annual report gives "the reasons for the ones that are out of time" (IRO Handbook
    7.11); seed 001 section 17 lists the usual causes of a postponement."""

    CHILD_OR_FAMILY_ASKED = "child_or_family_asked", "The child or family asked to move it"
    CHILD_UNWELL = "child_unwell", "The child was unwell"
    REPORT_NOT_READY = "report_not_ready", "The social worker's report was not ready"
    SOCIAL_WORKER_UNAVAILABLE = "social_worker_unavailable", "The social worker was not available"
    IRO_UNAVAILABLE = "iro_unavailable", "The IRO was not available"
    VENUE_OR_INTERPRETER = "venue_or_interpreter", "No venue or interpreter was available"
    ADMINISTRATIVE_ERROR = "administrative_error", "An administrative error"
    OTHER = "other", "Another reason"


class Review(models.Model):
    child = models.ForeignKey("records.Child", on_delete=models.CASCADE, related_name="reviews")
    scheduled_for = models.DateTimeField(null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    #: The calendar invitation's SEQUENCE (RFC 5545): one more each time the date, time or venue
    #: changes, so people's calendars take the update.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
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
    # Asked for when the review was held after its statutory deadline (IRO Handbook 7.11).
    late_reason = models.CharField(max_length=40, choices=DelayReason.choices, blank=True)
    late_reason_details = models.TextField(blank=True)
    # The record of the review (seed 000 section 8; Schedule 7 of CPPCR 2010).
    participation_how = models.TextField("how the child took part", blank=True)
    agenda = models.JSONField(default=dict, blank=True)  # matter id -> what was considered
    rights_advocacy = models.BooleanField("told of their right to an advocate", default=False)
    rights_complaints = models.BooleanField("told how to complain", default=False)
    rights_court = models.BooleanField("told of their right to apply to court", default=False)
    views = models.TextField("views of those consulted", blank=True)
    disagreements = models.TextField("disagreements, and why views were not followed", blank=True)
    adjourned_because = models.TextField(blank=True)
    # After the review (IRO Handbook 3.69-3.71).
    decisions_circulated_on = models.DateField(null=True, blank=True)
    manager_response = models.CharField(
        max_length=10, blank=True, choices=[("agreed", "Agreed"), ("disagreed", "Disagreed")]
    )
    manager_responded_on = models.DateField(null=True, blank=True)
    manager_comments = models.TextField(blank=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    record_completed_on = models.DateField(null=True, blank=True)
    record_distributed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    #: Where a review held before carereview held it came from ("ssda903": the return's import).
    #: It counts as held for the timetable and the indicators, but the work after it (record,
    #: decisions circulated, care plan updated, record distributed) was done, or not, outside
    #: carereview and is not chased.  Blank: recorded in carereview.
    imported_from = models.CharField(max_length=20, blank=True, default="", editable=False)
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

    @property
    def is_imported(self) -> bool:
        """Held before carereview held it (brought in from a return): no work after it is due."""
        return bool(self.imported_from)


class Invitee(models.Model):
    """Someone invited to (or deliberately left out of) a review, and why."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="invitees")
    key = models.CharField(max_length=40)  # "child", "contact:12", "interpreter", "staff:3"
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=40)
    reason = models.CharField(max_length=300)
    invited = models.BooleanField(default=True)
    left_out_because = models.TextField(blank=True)
    consultation_sent_on = models.DateField(null=True, blank=True)
    consultation_returned_on = models.DateField(null=True, blank=True)
    attendance = models.CharField(
        max_length=20,
        blank=True,
        choices=[
            ("attended", "Attended"),
            ("apologies", "Sent apologies"),
            ("delegate", "Sent a delegate"),
            ("absent", "Did not attend"),
        ],
    )
    delegate = models.CharField(max_length=200, blank=True)
    supporter = models.CharField(
        max_length=200,
        blank=True,
        help_text="A supporter, advocate or legal adviser they bring (a legal adviser means the "
        "authority's legal adviser attends too)",
    )
    supporter_is_legal_adviser = models.BooleanField(default=False)

    class Meta:
        ordering = ["review", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "key"], name="one_invitee_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class Decision(models.Model):
    """A review decision with the person responsible and a timescale (CPPCR 2010 reg 36;
    IRO Handbook 3.72-3.73)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField()
    responsible = models.CharField(max_length=200)
    deadline = models.DateField()
    planned_outcome = models.TextField(blank=True)
    done_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    #: When the decision last changed (marked done, its outcome written): the open API's
    #: `updated_since` picks it up without its review changing.
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["review", "deadline", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class TaskDone(models.Model):
    """A piece of work before or after a review marked done (the deadlines themselves always
    come from the timescale engine, so they move when the review's date moves)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="tasks_done")
    task = models.CharField(max_length=40)
    done_on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "task"], name="task_done_once")]

    def __str__(self) -> str:
        return f"{self.task} done {self.done_on}"


class MonitoringSheet(models.Model):
    """The IRO's quality assurance note after every review, which feeds the service's reports."""

    RATINGS = [("good", "Good"), ("adequate", "Adequate"), ("poor", "Poor")]

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="monitoring")
    child_participation = models.TextField(blank=True)
    plan_quality = models.CharField(max_length=10, choices=RATINGS)
    paperwork_quality = models.CharField(max_length=10, choices=RATINGS)
    paperwork_on_time = models.BooleanField(default=True)
    good_practice = models.TextField(blank=True)
    concerns = models.TextField(blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    completed_on = models.DateField()

    def __str__(self) -> str:
        return f"Monitoring sheet for {self.review}"


class Distribution(models.Model):
    """What one person receives after a review, with identifying details left out where needed
    (IRO Handbook 3.69: "with any identifying details removed as necessary, for example,
    exceptionally, the address of the placement")."""

    FULL_RECORD = "full_record"
    DECISIONS = "decisions"
    OUTCOME_LETTER = "outcome_letter"
    NOTHING = "nothing"
    WHAT = [
        (FULL_RECORD, "The full record and decisions"),
        (DECISIONS, "The decisions only"),
        (OUTCOME_LETTER, "A letter telling them the outcome"),
        (NOTHING, "Nothing"),
    ]

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="distribution")
    invitee = models.ForeignKey(Invitee, on_delete=models.CASCADE, related_name="+")
    receives = models.CharField(max_length=20, choices=WHAT)
    leave_out_placement_address = models.BooleanField(default=True)
    decision_reason = models.TextField(
        blank=True, help_text="Why a parent who did not attend receives less than the full record"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "invitee"], name="one_distribution_per_invitee"
            )
        ]

    def __str__(self) -> str:
        return f"{self.invitee.name}: {self.get_receives_display()}"


class Meeting(models.Model):
    """One of the meetings that make up a review (seed 000 section 1: a review may be held in
    parts, e.g. the parents seen separately).  The first meeting's date is the review's."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    with_whom = models.CharField(max_length=300)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["review", "held_on", "pk"]

    def __str__(self) -> str:
        return f"Meeting on {self.held_on} with {self.with_whom}"


class Postponement(models.Model):
    """The date of a review put back (seed 001 section 17: only in exceptional circumstances,
    agreed with the IRO and within the timescale; more than one a year for a child is referred
    to the service manager for quality assurance).  Made by `services.schedule_next_review`
    whenever the review's date moves later; bringing a review forward is not a postponement."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="postponements")
    from_date = models.DateField()
    to_date = models.DateField()
    reason = models.CharField(max_length=40, choices=DelayReason.choices)
    details = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField()

    class Meta:
        ordering = ["review", "recorded_on", "pk"]

    def __str__(self) -> str:
        return f"Review moved from {self.from_date} to {self.to_date}"
