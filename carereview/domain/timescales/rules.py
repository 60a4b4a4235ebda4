"""The review timescales as data: every rule the engine applies, with its source.

Citations: CPPCR = Care Planning, Placement and Case Review (England) Regulations 2010;
AAR = Adoption Agencies Regulations 2005; H = IRO Handbook (DfE 2010) paragraph; seeds 000/001/003
are the local procedures in shared/seeds.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class Authority(StrEnum):
    """How binding a rule is."""

    STATUTE = "statute"  # regulations: a review after this date is out of time
    GUIDANCE = "guidance"  # statutory guidance or good practice
    LOCAL = "local"  # the authority's own policy profile


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    summary: str
    citation: str
    authority: Authority = Authority.STATUTE

    def as_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "summary": self.summary,
            "citation": self.citation,
            "authority": str(self.authority),
        }


_ALL = [
    # -- the review timetable ---------------------------------------------------------------
    Rule(
        "first_review",
        "First review within 20 working days of the start of the period of care",
        "CPPCR 2010 reg 33(1); IRO Handbook 3.23",
    ),
    Rule(
        "second_review",
        "Second review not more than 3 months after the first",
        "CPPCR 2010 reg 33(2); IRO Handbook 3.23",
    ),
    Rule(
        "subsequent_review",
        "Later reviews not more than 6 months after the previous one",
        "CPPCR 2010 reg 33(2); IRO Handbook 3.23",
    ),
    Rule(
        "short_break_first",
        "Short breaks: first review within 3 months of the first placement day",
        "CPPCR 2010 reg 48; IRO Handbook 4.1",
    ),
    Rule(
        "short_break_subsequent",
        "Short breaks: later reviews not more than 6 months after the previous one",
        "CPPCR 2010 reg 48; IRO Handbook 4.1",
    ),
    Rule(
        "adoption_authorised_first",
        "Authorised to be placed for adoption, not placed: a review within 3 months of the authority to place",
        "AAR 2005 reg 36(1); IRO Handbook 3.55",
    ),
    Rule(
        "adoption_authorised_subsequent",
        "Authorised to be placed for adoption: later reviews not more than 6 months after the previous one",
        "AAR 2005 reg 36(1); IRO Handbook 3.55",
    ),
    Rule(
        "adoption_placed_first",
        "Placed for adoption: first review within 4 weeks (28 days) of the placement",
        "AAR 2005 reg 36(1); IRO Handbook 3.55",
    ),
    Rule(
        "adoption_placed_second",
        "Placed for adoption: second review not more than 3 months after the first",
        "AAR 2005 reg 36(1); IRO Handbook 3.55",
    ),
    Rule(
        "adoption_placed_subsequent",
        "Placed for adoption: later reviews not more than 6 months after the previous one",
        "AAR 2005 reg 36(1); IRO Handbook 3.55",
    ),
    Rule(
        "adoption_disruption",
        "Adoptive placement disrupted: a review between 4 and 6 weeks after the disruption",
        "AAR 2005 reg 36; IRO Handbook 3.56",
    ),
    # -- early reviews (CPPCR 2010 reg 33(3)) and significant events ---------------------------
    Rule("iro_request", "The IRO directs that a review be held", "CPPCR 2010 reg 33(3)"),
    Rule(
        "before_accommodation_ends",
        "A review before accommodation or detention under section 21 ends",
        "CPPCR 2010 reg 33(3)",
    ),
    Rule(
        "before_release_from_custody",
        "A review before release from custody",
        "CPPCR 2010 reg 33(3); IRO Handbook 3.77, 4.12",
    ),
    Rule(
        "before_ceasing_accommodation",
        "A review before the authority stops looking after the child",
        "CPPCR 2010 reg 33(3); IRO Handbook 3.77",
    ),
    Rule(
        "custody",
        "A review while the child is in custody",
        "CPPCR 2010 reg 33(3)(d); IRO Handbook 4.12",
    ),
    Rule(
        "significant_event",
        "A significant event brings the review forward",
        "IRO Handbook 3.74-3.76; seed 000 section 2",
        Authority.GUIDANCE,
    ),
    Rule(
        "before_significant_change",
        "A review before a change that must be considered at a review first",
        "IRO Handbook 3.77",
        Authority.GUIDANCE,
    ),
    # -- local targets from a policy profile ----------------------------------------------------
    Rule(
        "local_first_review",
        "Local target for the first review",
        "Authority policy",
        Authority.LOCAL,
    ),
    Rule(
        "local_second_review",
        "Local target for the second review",
        "Authority policy",
        Authority.LOCAL,
    ),
    Rule(
        "local_subsequent_review",
        "Local target for later reviews",
        "Authority policy",
        Authority.LOCAL,
    ),
    Rule(
        "local_after_placement",
        "Local target: a review after each placement",
        "Authority policy (e.g. seed 001 section 2.1; seed 003)",
        Authority.LOCAL,
    ),
    # -- around the 16th and 18th birthdays ------------------------------------------------------
    Rule(
        "final_pathway_plan",
        "Final pathway plan to the IRO 20 working days before the 18th birthday",
        "IRO Handbook 5.10",
        Authority.GUIDANCE,
    ),
    Rule(
        "staying_put",
        "The first review after the 16th birthday considers Staying Put (staying with foster carers after 18)",
        "Seed 000 and seed 001 section 1; Children Act 1989 s23CZA",
        Authority.GUIDANCE,
    ),
    Rule(
        "permanence_plan",
        "A permanence plan is in place by the second review",
        "IRO Handbook 3.51-3.53; seed 000 section 9",
        Authority.GUIDANCE,
    ),
    Rule(
        "twin_track_plan",
        "A contingency or twin-track plan is considered by the third review where permanence is not achieved",
        "Seed 000 section 9; seed 001 section 9",
        Authority.GUIDANCE,
    ),
]

RULES: MappingProxyType[str, Rule] = MappingProxyType({rule.id: rule for rule in _ALL})

#: Events that bring the next review forward, by the kind named in the input.  Each maps to the
#: rule that cites it, and says whether the review must come *before* the event's date (a planned
#: change) or by a date the IRO or social worker sets.
EARLY_REVIEW_EVENTS: MappingProxyType[str, tuple[str, bool]] = MappingProxyType(
    {
        # kind: (rule id, review must precede the event date)
        "iro_request": ("iro_request", False),
        "before_accommodation_ends": ("before_accommodation_ends", True),
        "before_release_from_custody": ("before_release_from_custody", True),
        "before_ceasing_accommodation": ("before_ceasing_accommodation", True),
        "custody": ("custody", False),
        "significant_event": ("significant_event", False),
        "before_significant_change": ("before_significant_change", True),
    }
)


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]
