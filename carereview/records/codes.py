"""Choice lists for the records, from the SSDA903 code lists where there is one."""

from __future__ import annotations

from django.db import models

from carereview.domain.ssda903.codes import (
    ETHNICITY,
    LEGAL_STATUS,
    PLACEMENT,
    REASON_EPISODE_CEASED,
    REASON_NEW_EPISODE,
)


def choices(codes: dict[str, str]) -> list[tuple[str, str]]:
    return [(code, f"{code}: {meaning}") for code, meaning in codes.items()]


RNE_CHOICES = choices(dict(REASON_NEW_EPISODE))
LS_CHOICES = choices(dict(LEGAL_STATUS))
PLACE_CHOICES = choices(dict(PLACEMENT))
REC_CHOICES = choices(dict(REASON_EPISODE_CEASED))


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    NOT_STATED = "not_stated", "Not stated"


#: SSDA903 ETHNIC codes (carereview.domain.ssda903.codes.ETHNICITY).
ETHNICITY_CHOICES = list(ETHNICITY.items())


class ContactRole(models.TextChoices):
    """The people around a child, as the review invitation rules name them."""

    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    PARENTAL_RESPONSIBILITY = "parental_responsibility", "Other person with parental responsibility"
    FAMILY = "family", "Other family member or significant person"
    CARER = "carer", "Carer (foster carer or connected person)"
    RESIDENTIAL_KEY_WORKER = "key_worker", "Residential key worker"
    SUPERVISING_SOCIAL_WORKER = "supervising_social_worker", "Supervising social worker"
    DESIGNATED_TEACHER = "designated_teacher", "Designated teacher"
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
    INDEPENDENT_VISITOR = "independent_visitor", "Independent visitor"
    ADVOCATE = "advocate", "Advocate"
    HEALTH = "health", "Health professional"
    YOT = "yot_case_manager", "Youth offending team case manager"
    PROSPECTIVE_ADOPTER = "prospective_adopter", "Prospective adopter"
    CHILDRENS_GUARDIAN = "childrens_guardian", "Children's guardian (Cafcass)"
    INTERPRETER = "interpreter", "Interpreter"
    OTHER = "other", "Other"
