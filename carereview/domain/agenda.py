"""The matters every review considers (CPPCR 2010 Schedule 7; seed 000 section 8, items 1-16),
in the order the procedure lists them."""

from __future__ import annotations

from types import MappingProxyType

MATTERS = MappingProxyType(
    {
        "changes": "Changes since the last review, and whether the last review's decisions were carried out (and if not, why)",
        "legal_status": "Whether any change should be sought in the child's legal status",
        "permanence": "Whether there is a plan for permanence",
        "family_time": "Family time, and whether contact arrangements should change",
        "placement": "Whether the placement is still the most appropriate, and any change needed before the next review",
        "safeguarding": "Whether the placement safeguards and promotes the child's welfare; any safeguarding concerns",
        "education": "Education: needs, progress, the personal education plan (PEP)",
        "leisure": "Leisure interests and activities",
        "health": "Health: the health report and health plan",
        "identity": "Identity: religion, racial origin, culture and language",
        "advice_support": "Whether advice, support and assistance are appropriate and understood by the child",
        "leaving_care": "Arrangements for when the child is no longer looked after",
        "wishes_feelings": "The child's wishes and feelings, and the IRO's views; whether an independent visitor would help",
        "visits": "The frequency of the social worker's visits (placed with parents before assessment)",
        "delegated_authority": "Whether delegated authority for decisions about the child is still right",
        "other": "Any other matters",
    }
)
