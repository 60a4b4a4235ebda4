"""Benchmark: full review schedules for a national-scale synthetic population.

    make bench            (or: python -m bench.timescales [--children N] [--workers N])

Measures, in the same run on the same population:
  * baseline  - the same engine as first written, used straightforwardly: working days counted
                one day at a time, calendar months with dateutil on every call, one process;
  * carereview - the engine as shipped: O(1) working-day arithmetic, cached month arithmetic,
                the population split across the machine's cores.
Both must produce identical schedules (a checksum of every deadline is compared) or the run fails.
For each child: every review that fell due with its deadline and rule, on time or not, the next
review and whether it is overdue, the work before the next review and after the last one.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import platform
import resource
import sys
import time
from datetime import date, timedelta

from bench.population import AS_OF, population
from carereview.domain.calendar import WorkingDayCalendar, bank_holidays_for_year, england_calendar
from carereview.domain.timescales import STATUTORY, CareHistory, ReviewStatus, schedule, timetables
from carereview.domain.timescales.derived import after_review, before_review

_POPULATION: list[CareHistory] = []


class DayByDayCalendar(WorkingDayCalendar):
    """The obvious implementation: step one day at a time and look each day up."""

    def __init__(self) -> None:
        super().__init__()
        self._closed: set[date] = set()
        for year in range(1995, 2046):
            self._closed.update(bank_holidays_for_year(year))

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self._closed

    def add(self, day: date, n: int) -> date:
        step = timedelta(days=1 if n > 0 else -1)
        left = abs(n)
        while left:
            day += step
            if self.is_working_day(day):
                left -= 1
        return day


def full_schedule(history: CareHistory, cal: WorkingDayCalendar) -> tuple[int, int, int, int, int]:
    """One child's schedule, with the work around the next and the last review.
    Returns (reviews, late, missed, overdue, checksum of the dates)."""
    result = schedule(history, AS_OF, STATUTORY, cal)
    reviews = result.reviews
    late = missed = 0
    total = 0
    last_held = None
    for review in reviews:
        total += review.statutory_due.toordinal() * (review.number + 1)
        if review.status is ReviewStatus.MISSED:
            missed += 1
        elif review.held is not None:
            last_held = review
            if not review.on_time:
                late += 1
    upcoming = result.next_review
    if upcoming is not None:
        for item in before_review(upcoming.due, upcoming.number == 1, STATUTORY, cal):
            total += item.date.toordinal()
    if last_held is not None and last_held.held is not None:
        for item in after_review(last_held.held.date, None, STATUTORY, cal):
            total += item.date.toordinal()
    return len(reviews), late, missed, int(result.overdue), total


def _run(chunk: range, baseline: bool = False) -> tuple[int, int, int, int, int, int]:
    cal = DayByDayCalendar() if baseline else england_calendar()
    children = reviews = late = missed = overdue = 0
    digest = 0
    for i in chunk:
        r, lt, m, o, total = full_schedule(_POPULATION[i], cal)
        children += 1
        reviews += r
        late += lt
        missed += m
        overdue += o
        digest = (digest + total * (i + 1)) % (1 << 61)  # the same however the work is split
    return children, reviews, late, missed, overdue, digest


def _combine(parts: list[tuple[int, ...]]) -> tuple[int, ...]:
    digest = f"{sum(p[5] for p in parts) % (1 << 61):016x}"
    return (*[sum(p[i] for p in parts) for i in range(5)], digest)  # type: ignore[return-value]


def _chunks(size: int, parts: int) -> list[range]:
    step = -(-size // parts)
    return [range(start, min(start + step, size)) for start in range(0, size, step)]


def baseline(size: int, parts: int) -> tuple[float, tuple[int, ...]]:
    cached = timetables.add_months
    timetables.add_months = cached.__wrapped__  # dateutil on every call
    try:
        start = time.perf_counter()
        # The same chunks as the optimised run, one after another in one process, so the
        # checksums can be compared.
        result = _combine([_run(chunk, baseline=True) for chunk in _chunks(size, parts)])
        return time.perf_counter() - start, result
    finally:
        timetables.add_months = cached


def optimised(size: int, workers: int) -> tuple[float, tuple[int, ...]]:
    england_calendar()  # built once before the workers fork
    chunks = _chunks(size, workers)
    start = time.perf_counter()
    if workers == 1:
        result = _combine([_run(chunks[0])])
    else:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            result = _combine(pool.map(_run, chunks))
    return time.perf_counter() - start, result


def rss_mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=110_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-baseline", action="store_true")
    args = parser.parse_args(argv)

    print(f"Generating {args.children:,} synthetic children ...", flush=True)
    started = time.perf_counter()
    _POPULATION[:] = population(args.children)
    gc.collect()
    gc.freeze()  # keep the workers from copying the population just to count references
    made = time.perf_counter() - started
    episodes = sum(len(c.episodes) for c in _POPULATION)
    held = sum(len(c.reviews) for c in _POPULATION)
    print(
        f"  {episodes:,} episodes, {held:,} reviews held, made in {made:.1f} s; "
        f"memory after generating: {rss_mib(resource.RUSAGE_SELF):.0f} MiB peak RSS"
    )

    fast_seconds, fast = optimised(args.children, args.workers)
    rows = [("carereview", args.workers, fast_seconds, fast)]
    if args.workers > 1:
        one_seconds, one = optimised(args.children, 1)
        rows.insert(0, ("carereview", 1, one_seconds, one))
    if not args.skip_baseline:
        slow_seconds, slow = baseline(args.children, args.workers)
        rows.insert(
            0, ("baseline (day-by-day working days, uncached months)", 1, slow_seconds, slow)
        )
    mismatched = [row for row in rows if row[3] != fast]
    if mismatched:
        for name, workers, _, result in mismatched:
            print(f"MISMATCH: {name} ({workers}) gave {result}, not {fast}", file=sys.stderr)
        sys.exit(1)

    children, reviews, late, missed, overdue, digest = fast
    print()
    print(
        f"Population: {children:,} children, {reviews:,} reviews due (held or owed); "
        f"{late:,} held late, {missed:,} missed, {overdue:,} overdue on {AS_OF}; "
        f"checksum {digest}"
    )
    print(
        f"Machine: {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores"
    )
    print()
    print("| implementation | processes | seconds | children per second |")
    print("|---|---:|---:|---:|")
    for name, workers, seconds, _ in rows:
        print(f"| {name} | {workers} | {seconds:.2f} | {children / seconds:,.0f} |")
    print()
    print(
        f"Peak memory: main process {rss_mib(resource.RUSAGE_SELF):.0f} MiB "
        f"(holds the population), largest worker {rss_mib(resource.RUSAGE_CHILDREN):.0f} MiB"
    )
    if not args.skip_baseline:
        print(f"Speed-up over the baseline: {rows[0][2] / fast_seconds:.1f}x")
    print(f"Target: the whole population in under 5 s: {'met' if fast_seconds < 5 else 'NOT met'}")


if __name__ == "__main__":
    main()
