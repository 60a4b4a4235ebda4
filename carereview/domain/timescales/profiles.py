"""Authority policy profiles: local targets that may make a deadline earlier, never later.

The law sets the latest date for each review; an authority may work to earlier targets of its own
(some councils count 91 and 183 days instead of 3 and 6 calendar months, or hold a review within
20 working days of every placement change, seed 001 section 2.1).  The engine reports both dates:
`due`, the earlier of the two, which the service works to, and `statutory_due`, against which a
review is judged on time.  Where a local day-count would fall later than the law's date (91 days
after 30 November is 1 March, the law says 29 February in a leap year) the statutory date stands.

A profile also sets the lead times of the work before a review, where guidance gives a minimum and
a council may ask for more (invitations 10 working days before, or 15; reports 3 or 5).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from types import MappingProxyType
from typing import Any


class ProfileError(ValueError):
    """A policy profile that cannot be used, with the field and value at fault."""


@dataclass(frozen=True, slots=True)
class PolicyProfile:
    name: str
    description: str = ""
    # Local review targets (None: the law's own deadline only).
    first_review_working_days: int | None = None  # at most 20 (CPPCR 2010 reg 33(1))
    three_months_as_days: int | None = None  # e.g. 91
    six_months_as_days: int | None = None  # e.g. 183
    # After each placement, the first of a period included (not short breaks):
    after_each_placement_working_days: int | None = None  # e.g. 20 (seed 001 s2.1, seed 003)
    after_each_placement_days: int | None = None  # e.g. 28
    # Lead times before a review, in working days (minimums from guidance; more is allowed).
    child_consulted_before: int = 20  # seeds 000, 001 s5-6
    iro_speaks_to_social_worker_before: int = 15  # IRO Handbook 3.9
    invitations_before: int = 10  # IRO Handbook 3.9; seed 000; seed 003 says 15
    reports_before_first_review: int = 3  # IRO Handbook 3.9, 3.47-3.48; seed 000
    reports_before_later_reviews: int = 3  # seed 000 says 5
    # Times after a review, in working days (maximums from guidance; less is allowed).
    decisions_circulated_within: int = 5  # IRO Handbook 3.69
    manager_response_within: int = 5  # IRO Handbook 3.71, counted from receipt of the decisions
    care_plan_updated_within: int = 10  # IRO Handbook 3.69
    full_record_within: int = 15  # IRO Handbook 3.69
    record_distributed_within: int = 20  # IRO Handbook 3.69

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


#: Guidance minimums (before a review) and maximums (after it): a profile may be stricter only.
_AT_LEAST = {
    "child_consulted_before": 20,
    "iro_speaks_to_social_worker_before": 15,
    "invitations_before": 10,
    "reports_before_first_review": 3,
    "reports_before_later_reviews": 3,
}
_AT_MOST = {
    "first_review_working_days": 20,
    "three_months_as_days": 92,  # the longest 3 calendar months
    "six_months_as_days": 184,  # the longest 6 calendar months
    "decisions_circulated_within": 5,
    "manager_response_within": 5,
    "care_plan_updated_within": 10,
    "full_record_within": 15,
    "record_distributed_within": 20,
}

STATUTORY = PolicyProfile(
    name="statutory",
    description="The law and statutory guidance only: no local targets.",
)

FIXED_DAYS = PolicyProfile(
    name="fixed-days",
    description=(
        "Local targets of 91 days for the second review and 183 days for later ones, as some "
        "councils' review calculators count; the statutory date stands wherever it is earlier."
    ),
    three_months_as_days=91,
    six_months_as_days=183,
)

BUILT_IN: Mapping[str, PolicyProfile] = MappingProxyType(
    {STATUTORY.name: STATUTORY, FIXED_DAYS.name: FIXED_DAYS}
)


def profile_from_dict(
    data: Mapping[str, Any], known: Mapping[str, PolicyProfile] = BUILT_IN, where: str = "profile"
) -> PolicyProfile:
    """Build a profile from a mapping (an authority's own definition).

    `extends` names the profile it starts from (default `statutory`); every other key is a field
    of PolicyProfile.  Raises ProfileError naming the field and value at fault.
    """
    if not isinstance(data, Mapping):
        raise ProfileError(f"{where}: expected a name or an object, got {data!r}")
    base_name = data.get("extends", "statutory")
    if base_name not in known:
        raise ProfileError(
            f"{where}.extends: unknown profile {base_name!r} (known: {', '.join(sorted(known))})"
        )
    names = {f.name for f in fields(PolicyProfile)}
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key == "extends":
            continue
        if key not in names:
            raise ProfileError(
                f"{where}.{key}: unknown setting (known: {', '.join(sorted(names))})"
            )
        if key in {"name", "description"}:
            if not isinstance(value, str) or (key == "name" and not value.strip()):
                raise ProfileError(f"{where}.{key}: expected text, got {value!r}")
            changes[key] = value
            continue
        if value is not None and (
            not isinstance(value, int) or isinstance(value, bool) or value < 1
        ):
            raise ProfileError(
                f"{where}.{key}: expected a whole number of days, 1 or more, got {value!r}"
            )
        if value is not None and key in _AT_LEAST and value < _AT_LEAST[key]:
            raise ProfileError(
                f"{where}.{key}: {value} is shorter than the {_AT_LEAST[key]} working days guidance "
                "requires; a profile may ask for more notice, never less"
            )
        if value is not None and key in _AT_MOST and value > _AT_MOST[key]:
            raise ProfileError(
                f"{where}.{key}: {value} is longer than the law or guidance allows "
                f"({_AT_MOST[key]}); a local target may only be earlier"
            )
        changes[key] = value
    changes.setdefault("name", "custom")
    return replace(known[base_name], **changes)


def resolve_profile(value: Any, known: Mapping[str, PolicyProfile] = BUILT_IN) -> PolicyProfile:
    """A profile from a name (built-in or the authority's) or an inline definition."""
    if value is None:
        return STATUTORY
    if isinstance(value, str):
        try:
            return known[value]
        except KeyError:
            raise ProfileError(
                f"profile: unknown profile {value!r} (known: {', '.join(sorted(known))})"
            ) from None
    return profile_from_dict(value, known)
