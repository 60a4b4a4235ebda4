"""What the API takes and gives, as JSON schemas (served in the OpenAPI description).

Codes are checked against the SSDA903 lists (carereview.domain.ssda903.codes) in any letter
case, as the case system holds them for the return; dates are ISO 8601 (YYYY-MM-DD).  Text is
trimmed, and a field the service does not know is refused rather than silently dropped (a
misspelt field would otherwise lose what it carried).
"""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from carereview.core import clock
from carereview.domain.ssda903.codes import (
    CONTINUES_PERIOD,
    ETHNICITY,
    LEGAL_STATUS,
    PLACEMENT,
    REASON_EPISODE_CEASED,
    REASON_NEW_EPISODE,
)
from carereview.monitoring.models import ChangeKind, EventKind
from carereview.records.codes import Gender

#: SSDA903 CHILD: the authority's own identifier, letters and digits (up to 20 here).
REFERENCE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$"

#: Dates before this are taken for typing mistakes: no looked-after child's history goes back
#: further, and the timescale engine is not asked to count working days from year 1.
EARLIEST = date(1990, 1, 1)


def _code(allowed: Iterable[str], what: str) -> Any:
    """A code from an SSDA903 list, in any letter case, given back in capitals."""
    codes = list(allowed)

    def check(value: str) -> str:
        code = value.strip().upper()
        if code not in codes:
            raise PydanticCustomError(
                "ssda903_code",
                "{value} is not a {what} code in the SSDA903 lists; use one of {codes}",
                {"value": repr(value), "what": what, "codes": ", ".join(codes)},
            )
        return code

    return Annotated[
        str,
        AfterValidator(check),
        Field(json_schema_extra={"enum": codes}, description=f"{what} (SSDA903)"),
    ]


def _choice(allowed: Iterable[str], what: str) -> Any:
    options = list(allowed)

    def check(value: str) -> str:
        if value not in options:
            raise PydanticCustomError(
                "choice",
                "{value} is not a {what}; use one of {options}",
                {"value": repr(value), "what": what, "options": ", ".join(options)},
            )
        return value

    return Annotated[str, AfterValidator(check), Field(json_schema_extra={"enum": options})]


def _past(value: date) -> date:
    """Facts only: what has happened, never a date still to come."""
    if value > clock.today():
        raise PydanticCustomError("future", "The date must be today or in the past")
    if value < EARLIEST:
        raise PydanticCustomError(
            "too_early", "The date must be on or after {earliest}", {"earliest": str(EARLIEST)}
        )
    return value


PastDate = Annotated[date, AfterValidator(_past)]


def _since(value: datetime) -> datetime:
    if not EARLIEST.year <= value.year <= 9000:
        raise PydanticCustomError(
            "out_of_range",
            "Must be a moment between {earliest} and the year 9000",
            {"earliest": str(EARLIEST)},
        )
    return value


Since = Annotated[datetime, AfterValidator(_since)]
LegalStatus = _code(LEGAL_STATUS, "legal status (LS)")
Placement = _code(PLACEMENT, "placement (PLACE)")
NewEpisodeReason = _code(REASON_NEW_EPISODE, "reason for new episode (RNE)")
# X1 (a new episode the same day) is never how care ends: the next episode says what changed.
CeasedReason = _code(
    [c for c in REASON_EPISODE_CEASED if c != CONTINUES_PERIOD], "reason care ended (REC)"
)
Ethnicity = _code(ETHNICITY, "ethnicity (ETHNIC)")
GenderChoice = _choice(Gender.values, "gender")
Declared = _choice(ChangeKind.values, "change a review must consider first")
EventKindChoice = _choice(EventKind.values, "kind of significant event")


class Incoming(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        # PostgreSQL cannot store the NUL character: refuse it rather than fail on saving.
        if isinstance(value, str) and "\x00" in value:
            raise PydanticCustomError("nul", "The text must not contain the NUL character")
        return value


class BecameLookedAfter(Incoming):
    """The first episode: needed only when the child is new to carereview."""

    decom: PastDate = Field(description="The date the child became looked after (DECOM)")
    ls: LegalStatus
    place: Placement
    carer: str = Field("", max_length=200)
    placement_address: str = Field(
        "", max_length=1000, description="Sensitive: left out of what parents receive"
    )


class ChildIn(Incoming):
    """A child's details.  A field left out keeps what carereview holds (a new child gets the
    default), so the case system may send only what it owns."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "first_name": "Robin",
                    "last_name": "Example",
                    "date_of_birth": "2014-05-01",
                    "gender": "female",
                    "ethnicity": "WBRI",
                    "looked_after": {"decom": "2024-01-08", "ls": "C2", "place": "U4"},
                }
            ]
        }
    )

    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    preferred_name: str = Field("", max_length=100)
    date_of_birth: PastDate
    gender: GenderChoice
    ethnicity: Ethnicity = "NOBT"
    religion: str = Field("", max_length=100)
    first_language: str = Field("English", min_length=1, max_length=60)
    interpreter_needed: bool = False
    communication_needs: str = Field("", max_length=2000)
    communication_method: str = Field("", max_length=200)
    uasc: bool = Field(False, description="Unaccompanied asylum-seeking child")
    upn: str = Field("", max_length=13, description="Unique pupil number")
    social_worker_email: str | None = Field(
        None, max_length=254, description="The email address of the child's social worker"
    )
    looked_after: BecameLookedAfter | None = Field(
        None, description="Required when the child is new to carereview; ignored afterwards"
    )


class EpisodeIn(Incoming):
    """A new episode: a change of placement or legal status, or a return to care (RNE S)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"decom": "2024-06-03", "rne": "P", "ls": "C2", "place": "U6"}]
        }
    )

    decom: PastDate = Field(description="The date the episode began (DECOM)")
    rne: NewEpisodeReason
    ls: LegalStatus
    place: Placement
    carer: str = Field("", max_length=200)
    placement_address: str = Field("", max_length=1000)
    declared: list[Declared] = Field(
        default_factory=list,
        max_length=len(ChangeKind.values),
        description="Changes the codes cannot show that a review must consider first "
        "(IRO Handbook 3.77)",
    )


class CareEndedIn(Incoming):
    model_config = ConfigDict(json_schema_extra={"examples": [{"dec": "2025-03-01", "rec": "E4A"}]})

    dec: PastDate = Field(description="The date the child stopped being looked after (DEC)")
    rec: CeasedReason
    declared: list[Declared] = Field(default_factory=list, max_length=len(ChangeKind.values))


class EventIn(Incoming):
    """A significant event the IRO must be told of (IRO Handbook 3.74)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"kind": "missing", "occurred_on": "2024-09-14", "details": "Missing overnight"}
            ]
        }
    )

    kind: EventKindChoice
    occurred_on: PastDate
    details: str = Field(min_length=1, max_length=5000)


# -- what the API gives ----------------------------------------------------------------------


class Person(Schema):
    name: str
    email: str


class EpisodeOut(Schema):
    decom: date
    rne: str
    ls: str
    place: str
    dec: date | None
    rec: str | None
    carer: str


class ChildOut(Schema):
    reference: str
    first_name: str
    last_name: str
    preferred_name: str
    date_of_birth: date
    gender: str
    ethnicity: str
    religion: str
    first_language: str
    interpreter_needed: bool
    communication_needs: str
    communication_method: str
    uasc: bool
    upn: str
    looked_after: bool
    episodes: list[EpisodeOut]
    social_worker: Person | None
    iro: Person | None
    updated: datetime


class ChildPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ChildOut]


class HeldReviewOut(Schema):
    held_on: date
    completed_on: date | None
    participation: str | None = Field(description="PN code (SSDA903 REVIEW_CODE)")
    participation_meaning: str
    statutory_due: date | None = Field(description="The legal deadline it was held against")
    on_time: bool | None


class NextReviewOut(Schema):
    number: int = Field(description="Its number within the period of care")
    statutory_due: date
    due: date = Field(description="The date worked to: a local target when earlier")
    status: str = Field(description="upcoming or overdue")
    scheduled_for: datetime | None


class ReviewsOut(Schema):
    reference: str
    looked_after: bool
    held: list[HeldReviewOut]
    next: NextReviewOut | None


class ReviewItem(Schema):
    child_reference: str
    held_on: date | None
    completed_on: date | None
    participation: str | None
    scheduled_for: datetime | None
    cancelled: bool
    updated: datetime


class ReviewPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ReviewItem]


class DecisionOut(Schema):
    child_reference: str
    review_held_on: date | None
    text: str
    responsible: str
    deadline: date
    done: bool
    done_on: date | None
    circulated_on: date | None


class DecisionPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[DecisionOut]


class EventOut(Schema):
    kind: str
    occurred_on: date
    details: str
    recorded_on: date
    review_needed: bool | None = Field(description="The IRO's decision, once made")
    decided_on: date | None


class FieldProblem(Schema):
    field: str
    message: str


class ApiError(Schema):
    detail: str
    missing_scope: str | None = None
    errors: list[FieldProblem] = []
