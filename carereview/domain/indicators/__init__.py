"""The official review indicators for a reporting year (1 April to 31 March): timeliness (seed
001's C68) and participation (C69), from plain records of each child's episodes and reviews.
Pure: the database adapter is `carereview.reports.indicators`.  Definitions: docs/indicators.md.
"""

from carereview.domain.indicators.from_return import records_from_return
from carereview.domain.indicators.output import as_json, summary
from carereview.domain.indicators.participation import (
    ChildParticipation,
    Participation,
    ReviewParticipation,
    participation,
)
from carereview.domain.indicators.records import (
    ChildRecord,
    ReviewRecord,
    percent,
)
from carereview.domain.indicators.timeliness import (
    ChildTimeliness,
    LeftOut,
    ReviewTimeliness,
    Timeliness,
    timeliness,
)
from carereview.domain.years import reporting_year, year_label

__all__ = [
    "ChildParticipation",
    "ChildRecord",
    "ChildTimeliness",
    "LeftOut",
    "Participation",
    "ReviewParticipation",
    "ReviewRecord",
    "ReviewTimeliness",
    "Timeliness",
    "as_json",
    "participation",
    "percent",
    "records_from_return",
    "reporting_year",
    "summary",
    "timeliness",
    "year_label",
]
