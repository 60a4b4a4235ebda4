"""The statutory review timescales ("the review calculator")."""

from carereview.domain.timescales.engine import schedule
from carereview.domain.timescales.model import (
    CareHistory,
    Deadline,
    EarlyReviewEvent,
    Episode,
    HeldReview,
    ReviewDue,
    ReviewStatus,
    Schedule,
)
from carereview.domain.timescales.profiles import BUILT_IN, FIXED_DAYS, STATUTORY, PolicyProfile
from carereview.domain.timescales.timetables import add_months

__all__ = [
    "BUILT_IN",
    "FIXED_DAYS",
    "STATUTORY",
    "CareHistory",
    "Deadline",
    "EarlyReviewEvent",
    "Episode",
    "HeldReview",
    "PolicyProfile",
    "ReviewDue",
    "ReviewStatus",
    "Schedule",
    "add_months",
    "schedule",
]
