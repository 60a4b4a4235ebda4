"""Benchmark: importing a large authority's SSDA903 history, on SQLite and on PostgreSQL.

    make bench    (or: python -m bench.ssda903_import [--children N] [--postgres URL])

A synthetic authority (bench/ssda903_population.py: 2,000 children, ten years of episodes and
reviews, made up from a seed) is written as the return's CSV files, then, for each database, in
a fresh database and a fresh process (so that peak memory is the import's own):
  * import     - carereview.interchange.services.import_return, as the command and the web page
                 run it: read, check, load in one transaction; rows per second and peak memory;
  * re-import  - the same files again: must change nothing (idempotent), and be quick;
  * baseline   - in the same run: reading and checking the files alone, with no database (the
                 floor for the import's Python work), and Django's plain bulk_create of the same
                 rows into an empty database (the floor for its database work: no lookups, no
                 comparison with what is held, no idempotence).
PostgreSQL: a database is created for each step and dropped after it, on the server at --postgres
(default postgres://postgres@127.0.0.1:5432/postgres); if none answers, PostgreSQL is skipped.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bench.ssda903_population import AS_OF, population, return_files

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
IMPORT_DAY = date(2025, 4, 1)  # the day after the collection year: no review is in the future


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def read_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


# -- inside one fresh process, on one fresh database --------------------------------------------


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carereview.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _held() -> dict[str, int]:
    from carereview.interchange.models import HeldRow
    from carereview.records.models import Child, Episode
    from carereview.reviews.models import Review

    return {
        "children": Child.objects.count(),
        "episodes": Episode.objects.count(),
        "reviews": Review.objects.count(),
        "other rows": HeldRow.objects.count(),
    }


def _import(files: dict[str, bytes], stages: list[str]) -> tuple[float, Any]:
    from carereview.interchange.services import import_return

    def progress(stage: str, done: int, total: int) -> None:
        if not stages or stages[-1] != stage:
            stages.append(stage)

    gc.collect()
    started = time.perf_counter()
    result = import_return(files, by=None, source="benchmark", progress=progress)
    return time.perf_counter() - started, result


def worker_import(files: dict[str, bytes], traced: bool) -> dict[str, Any]:
    """The first import (timed, or traced for its Python memory) and, untraced, the re-import."""
    from carereview.core import clock

    _setup()
    clock.set_to(IMPORT_DAY)
    before = rss_mib()
    stages: list[str] = []
    if traced:
        tracemalloc.start()
    seconds, first = _import(files, stages)
    traced_peak = tracemalloc.get_traced_memory()[1] / 2**20 if traced else None
    tracemalloc.stop()
    if not first.ok:
        raise SystemExit(f"the import was refused: {first.errors[:5]}")
    out: dict[str, Any] = {
        "seconds": seconds,
        "rss_before": before,
        "rss_peak": rss_mib(),
        "traced_peak": traced_peak,
        "counts": first.counts,
        "warnings": len(first.warnings),
        "held": _held(),
        "stages": stages,
    }
    if not traced:
        again_seconds, again = _import(files, [])
        changed = {
            kind: tally.get("created", 0) + tally.get("updated", 0)
            for kind, tally in again.counts.items()
        }
        out.update(again_seconds=again_seconds, again_changed=changed, again_held=_held())
    return out


def worker_bulk(files: dict[str, bytes]) -> dict[str, Any]:
    """The database floor: the same rows bulk-created into empty tables, nothing looked up."""
    _setup()
    from django.db import transaction

    from carereview.domain.ssda903.checks import held_key
    from carereview.domain.ssda903.reader import read_return
    from carereview.interchange.loading import BATCH, EPISODE_FIELDS, GENDER
    from carereview.interchange.models import HeldRow
    from carereview.records.models import Child, Episode
    from carereview.reviews.models import Review

    read = read_return(files, today=IMPORT_DAY)
    gc.collect()
    started = time.perf_counter()
    with transaction.atomic():
        children = [
            Child(
                reference=h.child,
                first_name="",
                last_name="",
                date_of_birth=h.dob,
                gender=GENDER.get(h.sex, "not_stated"),
                ethnicity=h.ethnic,
                upn=h.upn,
            )
            for h in read.header
        ]
        Child.objects.bulk_create(children, batch_size=BATCH)
        ids = dict(Child.objects.values_list("reference", "pk"))
        Episode.objects.bulk_create(
            (
                Episode(
                    child_id=ids[e.child],
                    decom=e.decom,
                    **{name: getattr(e, name) for name in EPISODE_FIELDS},
                )
                for e in read.episodes
            ),
            batch_size=BATCH,
        )
        Review.objects.bulk_create(
            (
                Review(child_id=ids[r.child], held_on=r.review, participation=r.review_code)
                for r in read.reviews
            ),
            batch_size=BATCH,
        )
        HeldRow.objects.bulk_create(
            (
                HeldRow(child_id=ids[o.child], table=o.table, key=held_key(o), cells=dict(o.cells))
                for o in read.others
            ),
            batch_size=BATCH,
        )
    return {"seconds": time.perf_counter() - started, "held": _held(), "rss_peak": rss_mib()}


# -- the run: one process per database and step ------------------------------------------------


def _postgres_url(admin: str, name: str) -> str:
    parts = urlsplit(admin)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _postgres(admin: str, sql: str) -> str:
    import psycopg

    with psycopg.connect(admin.replace("postgres://", "postgresql://", 1), autocommit=True) as db:
        cursor = db.execute(sql)
        row = cursor.fetchone() if cursor.description else None
    return str(row[0]) if row else ""


def _step(mode: str, folder: Path, url: str) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "carereview.settings"}
    env.pop("DJANGO_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-m", "bench.ssda903_import", "--step", mode, "--files", str(folder)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{mode} on {urlsplit(url).scheme} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_database(kind: str, folder: Path, admin: str) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {}
    for mode in ("import", "traced", "bulk"):
        if kind == "sqlite":
            with tempfile.TemporaryDirectory(prefix="carereview-bench-") as tmp:
                results[mode] = _step(mode, folder, f"sqlite:///{tmp}/bench.sqlite3")
            continue
        name = f"carereview_bench_{os.getpid()}_{mode}"
        _postgres(admin, f'CREATE DATABASE "{name}"')
        try:
            results[mode] = _step(mode, folder, _postgres_url(admin, name))
        finally:
            _postgres(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return results


def baseline_read(files: dict[str, bytes]) -> tuple[float, int]:
    from carereview.domain.ssda903.reader import read_return

    gc.collect()
    started = time.perf_counter()
    read = read_return(files, today=IMPORT_DAY)
    seconds = time.perf_counter() - started
    if not read.ok:
        raise SystemExit(f"the synthetic return does not read: {read.errors[:5]}")
    return seconds, len(read.header) + len(read.episodes) + len(read.reviews) + len(read.others)


def _rate(rows: int, seconds: float) -> str:
    return f"{rows / seconds:,.0f}"


def report(rows: int, sizes: dict[str, int], read_seconds: float, found: dict[str, Any]) -> None:
    print()
    print("| database | step | seconds | rows per second | peak memory |")
    print("|---|---|---:|---:|---|")
    print(
        f"| none | baseline: read and check the files only | {read_seconds:.2f} | "
        f"{_rate(rows, read_seconds)} | |"
    )
    for kind, label in (("sqlite", "SQLite"), ("postgres", "PostgreSQL")):
        if kind not in found:
            continue
        step = found[kind]
        first, traced, bulk = step["import"], step["traced"], step["bulk"]
        # Peak RSS is the whole process (Django and the migrations included); the heap peak is
        # what the import itself allocated in Python at its height (tracemalloc, a separate run).
        memory = (
            f"{first['rss_peak']:.0f} MiB peak RSS; the import's Python heap at its peak "
            f"{traced['traced_peak']:.0f} MiB"
        )
        lines = [
            ("import into an empty database", first["seconds"], memory),
            ("re-import of the same files", first["again_seconds"], ""),
            ("baseline: bulk_create of the same rows", bulk["seconds"], ""),
        ]
        for what, seconds, note in lines:
            print(f"| {label} | {what} | {seconds:.2f} | {_rate(rows, seconds)} | {note} |")
    print()
    files = ", ".join(f"{name} {count:,}" for name, count in sizes.items())
    print(f"Return: {rows:,} rows ({files}).")
    for kind, step in found.items():
        first = step["import"]
        print(
            f"{kind}: loaded {first['held']}; {first['warnings']} warnings; stages "
            f"{' > '.join(first['stages'])}; re-import changed {first['again_changed']}, "
            f"held after it {first['again_held']}; bulk baseline held {step['bulk']['held']}"
        )


def machine(admin: str | None) -> str:
    info = Path("/proc/cpuinfo")
    lines = info.read_text().splitlines() if info.exists() else []
    names = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    cpu = names[0] if names else platform.processor()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    parts = [
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB",
        f"{platform.python_implementation()} {platform.python_version()}",
        f"SQLite {sqlite3.sqlite_version}",
    ]
    if admin:
        parts.append(_postgres(admin, "SELECT version()").split(" on ")[0])
    return "; ".join(parts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=903)
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES", DEFAULT_POSTGRES))
    parser.add_argument("--step", choices=["import", "traced", "bulk"], help=argparse.SUPPRESS)
    parser.add_argument("--files", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:  # one step, in its own process, on the database DATABASE_URL names
        files = read_files(args.files)
        out = (
            worker_bulk(files)
            if args.step == "bulk"
            else worker_import(files, args.step == "traced")
        )
        print(json.dumps(out, default=str))
        return

    admin: str | None = args.postgres
    try:
        _postgres(admin, "SELECT 1")
    except Exception as error:  # any failure to connect means: measure SQLite only
        print(f"PostgreSQL not reachable at {admin} ({error}): measuring SQLite only")
        admin = None
    started = time.perf_counter()
    files = return_files(population(args.children, args.seed))
    sizes = {name: content.count(b"\n") - 1 for name, content in files.items()}
    print(
        f"Synthetic authority: {args.children:,} children, {AS_OF.year - 10}-{AS_OF.year}, "
        f"{sum(len(c) for c in files.values()) / 2**20:.1f} MB of CSV, made in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    read_seconds, rows = baseline_read(files)
    found: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="carereview-903-") as tmp:
        folder = Path(tmp)
        for name, content in files.items():
            (folder / name).write_bytes(content)
        for kind in ("sqlite", "postgres"):
            if kind == "postgres" and admin is None:
                continue
            print(f"Measuring on {kind} ...", flush=True)
            found[kind] = run_database(kind, folder, admin or "")
    print(f"Machine: {machine(admin)}")
    report(rows, sizes, read_seconds, found)
    for kind, step in found.items():
        if any(step["import"]["again_changed"].values()):
            raise SystemExit(f"re-import on {kind} changed rows: not idempotent")
        if step["import"]["again_held"] != step["import"]["held"]:
            raise SystemExit(f"re-import on {kind} changed what is held")


if __name__ == "__main__":
    main()
