"""Children's records: the child, their care history in SSDA903 terms, and the people around them.

Special category personal data (UK GDPR art. 9): every view and change is audited (audit app),
access follows the staff member's role (staff.access), and placement and family addresses are
marked sensitive so documents can leave them out per recipient.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models

from carereview.domain.ages import age_on
from carereview.records.codes import (
    ETHNICITY_CHOICES,
    LS_CHOICES,
    PLACE_CHOICES,
    REC_CHOICES,
    RNE_CHOICES,
    ContactRole,
    Gender,
)


class Child(models.Model):
    reference = models.CharField(
        "child reference",
        max_length=20,
        unique=True,
        help_text="The authority's own identifier (SSDA903 CHILD).",
    )
    # Blank only for a child loaded from an SSDA903 return (which carries no names) until the
    # authority's case system or a member of staff gives them.
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    gender = models.CharField(max_length=20, choices=Gender.choices)
    ethnicity = models.CharField(max_length=4, choices=ETHNICITY_CHOICES, default="NOBT")
    religion = models.CharField(max_length=100, blank=True)
    first_language = models.CharField(max_length=60, default="English")
    interpreter_needed = models.BooleanField(default=False)
    communication_needs = models.TextField(blank=True)
    communication_method = models.CharField(max_length=200, blank=True)
    disability = models.TextField(
        blank=True, help_text="Leave empty if the child has no disability."
    )
    uasc = models.BooleanField("unaccompanied asylum-seeking child", default=False)
    # SSDA903 Header: unique pupil number, whether the child is a mother, her child's birth date.
    upn = models.CharField("unique pupil number (UPN)", max_length=13, blank=True)
    mother = models.CharField(
        "is a mother (SSDA903 MOTHER)",
        max_length=1,
        blank=True,
        choices=[("1", "Yes"), ("0", "No")],
    )
    mc_dob = models.DateField("her child's date of birth (SSDA903 MC_DOB)", null=True, blank=True)
    siblings = models.ManyToManyField("self", blank=True, symmetrical=True)
    looked_after_parents = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="looked_after_children",
        help_text="A parent of this child who is also looked after (they need different IROs).",
    )
    social_worker = models.ForeignKey(
        "staff.User", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    long_term_foster_designated_on = models.DateField(
        "designated long-term foster placement since", null=True, blank=True
    )
    restricted = models.BooleanField(
        default=False, help_text="Only the staff named below can open this record."
    )
    restricted_to = models.ManyToManyField("staff.User", blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "children"
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return name or f"Child {self.reference}"

    @property
    def name(self) -> str:
        return str(self)

    def age_on(self, day: date) -> int:
        return age_on(self.date_of_birth, day)


class Episode(models.Model):
    """A stretch of care with one legal status and one placement (SSDA903 Episodes)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="episodes")
    decom = models.DateField("start date (DECOM)")
    rne = models.CharField("reason for new episode (RNE)", max_length=1, choices=RNE_CHOICES)
    ls = models.CharField("legal status (LS)", max_length=2, choices=LS_CHOICES)
    place = models.CharField("placement (PLACE)", max_length=3, choices=PLACE_CHOICES)
    dec = models.DateField("end date (DEC)", null=True, blank=True)
    rec = models.CharField(
        "reason episode ceased (REC)", max_length=3, choices=REC_CHOICES, blank=True
    )
    carer = models.CharField("carer or provider", max_length=200, blank=True)
    # The rest of the SSDA903 Episodes row, held so that an export gives back what was imported.
    cin = models.CharField("category of need (CIN)", max_length=2, blank=True)
    place_provider = models.CharField(
        "placement provider (PLACE_PROVIDER)", max_length=3, blank=True
    )
    reason_place_change = models.CharField(
        "reason for placement change (REASON_PLACE_CHANGE)", max_length=6, blank=True
    )
    home_post = models.CharField("home postcode (HOME_POST)", max_length=10, blank=True)
    # Sensitive, like the address: left out of documents per recipient.
    pl_post = models.CharField("placement postcode (PL_POST)", max_length=10, blank=True)
    urn = models.CharField("Ofsted URN of the placement (URN)", max_length=8, blank=True)
    # Sensitive: never sent to parents without a decision (IRO Handbook 3.69).
    placement_address = models.TextField(blank=True)
    #: When the episode last changed: the open API's `updated_since` picks up a child whose
    #: care changed.  Set by hand where rows are saved in bulk (the SSDA903 import).
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["child", "decom", "pk"]
        indexes = [models.Index(fields=["child", "decom"])]

    def __str__(self) -> str:
        return f"{self.decom}: {self.ls} {self.place}"

    def clean(self) -> None:
        if self.dec and self.dec < self.decom:
            raise ValidationError({"dec": "The end date must not be before the start date."})
        if self.dec and not self.rec:
            raise ValidationError({"rec": "Give the reason the episode ended."})
        if self.rec and not self.dec:
            raise ValidationError({"dec": "Give the date the episode ended."})


class ChildContact(models.Model):
    """Someone around the child: family, carers, professionals."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField(max_length=40, choices=ContactRole.choices)
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=120, blank=True)
    parental_responsibility = models.BooleanField(default=False)
    organisation = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)  # sensitive
    address_confidential = models.BooleanField(
        default=False, help_text="Never disclose this address to other family members."
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["child", "role", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class ChildProtectionPlan(models.Model):
    """Dual status: a looked-after child who is also subject to a child protection plan."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="protection_plans")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["child", "-started_on"]

    def __str__(self) -> str:
        return f"Child protection plan from {self.started_on}"


class CourtProceedings(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="proceedings")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    court = models.CharField(max_length=200, blank=True)
    case_number = models.CharField(max_length=60, blank=True)
    guardian = models.ForeignKey(
        ChildContact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"role": ContactRole.CHILDRENS_GUARDIAN},
    )

    class Meta:
        ordering = ["child", "-started_on"]
        verbose_name_plural = "court proceedings"

    def __str__(self) -> str:
        return f"Court proceedings from {self.started_on}"


class OversightNote(models.Model):
    """The IRO's dated note on the child's file between reviews (IRO Handbook 3.74-3.76).
    Case notes: business support cannot read them."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="oversight_notes")
    written_on = models.DateField()
    author = models.ForeignKey("staff.User", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["child", "-written_on", "-pk"]

    def __str__(self) -> str:
        return f"Oversight note {self.written_on}"
