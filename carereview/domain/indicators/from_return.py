"""An SSDA903 return's rows as the indicators' records, so the indicators can be worked out
straight from a council's files (carereview kpi --from-903) with the same figures as from the
database after importing the same files.

Read the files with `carereview.domain.ssda903.reader.read_return` (or `read_directory`): its
checks have already read each repeated review once (keeping the first row's code), cleared a
reason for ending given without an end date, and, given the day, dropped reviews dated after it
- exactly what the import loads.
"""

from __future__ import annotations

from collections import defaultdict

from carereview.domain.indicators.records import ChildRecord, ReviewRecord
from carereview.domain.ssda903.reader import ReturnRead
from carereview.domain.ssda903.rows import EpisodeRow, ReviewRow
from carereview.domain.timescales import Episode


def records_from_return(read: ReturnRead) -> list[ChildRecord]:
    """One record per child in Header, with their episodes in date order and their reviews.
    The whole history in the files is kept: earlier years' reviews set this year's deadlines."""
    episodes: dict[str, list[EpisodeRow]] = defaultdict(list)
    for row in read.episodes:
        episodes[row.child].append(row)
    reviews: dict[str, list[ReviewRow]] = defaultdict(list)
    for review in read.reviews:
        reviews[review.child].append(review)
    records = []
    for header in read.header:
        rows = sorted(episodes.get(header.child, []), key=lambda e: e.decom)
        records.append(
            ChildRecord(
                reference=header.child,
                dob=header.dob,
                episodes=tuple(
                    # A reason for ending is read only with an end date, as the records hold it.
                    Episode(
                        e.decom, e.rne, e.ls, e.place, e.dec, (e.rec or None) if e.dec else None
                    )
                    for e in rows
                ),
                reviews=tuple(
                    ReviewRecord(r.review, r.review_code) for r in reviews.get(header.child, [])
                ),
            )
        )
    return records
