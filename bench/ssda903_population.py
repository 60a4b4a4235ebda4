"""A synthetic large authority's SSDA903 history, made up from a seed, written as the return's CSVs.

Shaped like a big English council's ten years of looked-after children: about 2,000 children who
came into care between April 2015 and March 2025 at realistic ages; most in one period of care,
some returning; several episodes each as placements and legal statuses change; reviews at roughly
the statutory intervals (CPPCR 2010 reg 33: within 20 working days, then 3 months, then every 6
months), a few held late; participation codes by age (PN0 under 4); a small group looked after
only under short breaks (V3), for whom the return holds no reviews.  Nobody in it is real.

    python -m bench.ssda903_population DIR [--children N] [--seed N]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

FIRST_DAY = date(2015, 4, 1)
AS_OF = date(2025, 3, 31)  # the end of the 2024-25 collection year

HEADER = ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]
EPISODES = [
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
]
REVIEWS = ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"]
MISSING = ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"]

ETHNIC = (
    ["WBRI"] * 20
    + ["WIRI", "WOTH", "WOTH", "WROM", "WIRT", "MWBC", "MWBA", "MWAS", "MOTH", "MOTH"]
    + ["AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BAFR", "BOTH", "CHNE", "OOTH", "REFU"]
)
PLACE_CHANGE = ["CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ"]
FOSTER = ["U4", "U4", "U6", "U6", "U6", "U1", "U3", "U3"]
CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # the DfE's UPN check letters (no I, O or S)
ADOPTION_CHECK = 4  # adoption is for children placed before this age, in this sketch


@dataclass
class Child:
    child: str
    sex: str
    dob: date
    ethnic: str
    upn: str
    episodes: list[list[str]] = field(default_factory=list)
    reviews: list[list[str]] = field(default_factory=list)
    missing: list[list[str]] = field(default_factory=list)


def ddmmyyyy(day: date | None) -> str:
    return "" if day is None else f"{day.day:02d}/{day.month:02d}/{day.year}"


def birthday(dob: date, years: int) -> date:
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:  # born on 29 February
        return date(dob.year + years, 3, 1)


def age_on(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def upn(rng: random.Random) -> str:
    """A well-formed unique pupil number (check letter, LA number, school, year, serial)."""
    digits = f"{rng.randint(800, 999)}{rng.randint(1000, 9999)}{rng.randint(0, 99):02d}"
    digits += f"{rng.randint(0, 999):03d}"
    total = sum(int(d) * weight for d, weight in zip(digits, range(2, 14), strict=True))
    return CHECK_LETTERS[total % 23] + digits


def postcode(rng: random.Random) -> str:
    area = rng.choice(["QA", "QB", "QC", "QD"])  # no real postcode area begins with Q
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return (
        f"{area}{rng.randint(1, 29)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
    )


def provider(rng: random.Random, place: str) -> str:
    if place == "P1":
        return "PR0"
    if place in ("U1", "U2", "U3", "A3", "A5"):
        return "PR1"
    if place in ("U4", "U5", "U6", "A4", "A6"):
        return rng.choice(["PR1", "PR1", "PR1", "PR4", "PR5"])
    return rng.choice(["PR1", "PR4", "PR4", "PR5", "PR2"])


def urn(rng: random.Random, place: str) -> str:
    """Ofsted's number for registered settings; XXXXXXX (not applicable) for the others."""
    if place in ("K1", "K2", "R1", "S1", "K3"):
        return f"SC{rng.randint(100000, 999999)}"
    return "XXXXXXX"


def review_dates(rng: random.Random, start: date, end: date) -> list[date]:
    """Held on the statutory rhythm with jitter: 20 working days (about 28 calendar days), then 3
    months, then every 6 months (CPPCR 2010 reg 33); about one in fourteen a little late."""
    held: list[date] = []
    gaps = (26, 88, 178)
    day = start
    for n in range(200):
        gap = gaps[min(n, 2)] - rng.randint(0, 20)
        if rng.random() < 0.07:
            gap += rng.randint(5, 40)
        day = day + timedelta(days=gap)
        if day >= end or day > AS_OF:
            return held
        held.append(day)
    return held


def participation(rng: random.Random, dob: date, on: date) -> str:
    age = age_on(dob, on)
    if age < 4 or (age == 4 and rng.random() < 0.05):  # a slip real returns carry: warning 440
        return "PN0"
    return rng.choices(["PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"], [30, 3, 3, 4, 5, 40, 15])[
        0
    ]


def _period(rng: random.Random, child: Child, start: date, cin: str, home: str) -> date | None:
    """One period of care from `start`: episodes as the legal status and the placement change,
    reviews on the statutory rhythm.  Returns the day it ended (None if still looked after)."""
    eighteen = birthday(child.dob, 18)
    age = age_on(child.dob, start)
    # Many periods are short (a few months' accommodation); most children who stay past the
    # first months stay for years, often until 18.
    short = rng.random() < 0.35
    length = int(rng.expovariate(1 / (180 if short else 2400))) + (20 if short else 60)
    end: date | None = min(start + timedelta(days=length), eighteen)
    route = rng.random()
    if age < ADOPTION_CHECK and route < 0.35:
        statuses = ["C1", "C2", "E1"]
        final = rng.choice(["E11", "E12", "E45", "E46"])
    elif route < 0.45:
        statuses = ["V2"]
        final = rng.choice(["E4A", "E4A", "E4B", "E13", "E8"])
    elif route < 0.50 and age >= 12:
        statuses = ["J1"]
        end = min(start + timedelta(days=rng.randint(5, 120)), eighteen)
        final = "E14"
    else:
        statuses = ([rng.choice(["L1", "L2"])] if rng.random() < 0.1 else []) + ["C1", "C2"]
        final = rng.choice(["E4A", "E41", "E45", "E46", "E47", "E48", "E8", "E3"])
    if end == eighteen:
        final = rng.choice(["E17", "E5", "E5", "E6", "E8"])
    if end is not None and end > AS_OF:
        end = None
    stop = end or AS_OF
    # Changes: each legal step after the first, and placement moves roughly once a year.
    changes: list[tuple[date, str]] = []
    span = max((stop - start).days, 2)
    for _step in statuses[1:]:
        changes.append((start + timedelta(days=rng.randint(1, max(span - 1, 1))), "L"))
    for _ in range(int(rng.expovariate(1 / max(span / 420, 0.2)))):
        changes.append((start + timedelta(days=rng.randint(1, max(span - 1, 1))), "P"))
    changes = sorted({day: kind for day, kind in changes if start < day < stop}.items())
    ls_steps = iter(statuses[1:])
    ls = statuses[0]
    place = rng.choice(["P1", "U3"] if ls in ("L1", "L2") else [*FOSTER, "K2", "R1"])
    if ls == "J1":
        place = rng.choice(["K2", "U6", "R5"])
    rne, reason, begin = "S", "", start
    for day, kind in [*changes, (stop, "end")]:
        is_last = kind == "end"
        dec = end if is_last else day
        rec = (final if end is not None else "") if is_last else "X1"
        child.episodes.append(
            [
                child.child,
                ddmmyyyy(begin),
                rne,
                ls,
                cin,
                place,
                provider(rng, place),
                ddmmyyyy(dec),
                rec,
                reason,
                home,
                postcode(rng),
                urn(rng, place),
            ]
        )
        if is_last:
            break
        begin = day
        if kind == "L":
            ls = next(ls_steps, ls)
            if ls == "E1":  # placed for adoption under the order, with these carers or new ones
                place = rng.choice(["A5", "A6"])
                rne = "U" if place == "A5" else "B"
            else:
                rne = "L"
            reason = "PLACE" if rne == "B" else ""
        else:
            same_carer = rng.random() < 0.15
            rne = "T" if same_carer else "P"
            choices = ["K2", "R1", "K3"] if age_on(child.dob, day) >= 16 else [*FOSTER, "K2"]
            place = rng.choice(choices)
            reason = rng.choice(PLACE_CHANGE)
    for day in review_dates(rng, start, stop + timedelta(days=1) if end is None else stop):
        child.reviews.append(
            [child.child, ddmmyyyy(child.dob), ddmmyyyy(day), participation(rng, child.dob, day)]
        )
    if age >= 11 and rng.random() < 0.15:  # went missing, briefly, once or twice
        for _ in range(rng.randint(1, 2)):
            gone = start + timedelta(days=rng.randint(1, max(span - 5, 1)))
            back = gone + timedelta(days=rng.randint(0, 4))
            if back < stop and all(row[3] != ddmmyyyy(gone) for row in child.missing):
                child.missing.append(
                    [
                        child.child,
                        ddmmyyyy(child.dob),
                        rng.choice(["M", "A"]),
                        ddmmyyyy(gone),
                        ddmmyyyy(back),
                    ]
                )
    return end


def _short_breaks(rng: random.Random, child: Child, start: date, home: str) -> None:
    """A series of short breaks (V3): each break its own episode starting S, no reviews in the
    return (validator rule 399)."""
    day = start
    end = min(birthday(child.dob, 18), AS_OF, start + timedelta(days=rng.randint(180, 1100)))
    while day < end - timedelta(days=4):
        back = day + timedelta(days=rng.randint(1, 3))
        child.episodes.append(
            [
                child.child,
                ddmmyyyy(day),
                "S",
                "V3",
                "N2",
                "U6",
                "PR1",
                ddmmyyyy(back),
                "E4A",
                "",
                home,
                postcode(rng),
                "XXXXXXX",
            ]
        )
        day = back + timedelta(days=rng.randint(14, 45))


def make_child(rng: random.Random, ident: str) -> Child:
    start = FIRST_DAY + timedelta(days=rng.randint(0, (AS_OF - FIRST_DAY).days - 7))
    age_years = rng.choices([0, 2, 7, 13, 16], [18, 15, 18, 37, 12])[0]
    age_days = age_years * 365 + rng.randint(3, 364 if age_years < 16 else 600)
    dob = start - timedelta(days=age_days)
    child = Child(ident, rng.choice(["M", "F"]), dob, rng.choice(ETHNIC), upn(rng))
    cin = rng.choices(["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"], [60, 3, 8, 15, 3, 1, 1, 9])[
        0
    ]
    home = postcode(rng)
    if rng.random() < 0.04 and age_years < 16:
        _short_breaks(rng, child, start, home)
        return child
    end = _period(rng, child, start, cin, home)
    while end is not None and rng.random() < 0.12:  # came back into care
        again = end + timedelta(days=rng.randint(30, 500))
        if again >= AS_OF or again >= birthday(dob, 18) - timedelta(days=30):
            break
        end = _period(rng, child, again, cin, home)
    return child


def population(children: int = 2_000, seed: int = 903) -> list[Child]:
    rng = random.Random(seed)
    idents = rng.sample(range(100_000, 1_000_000), children)
    return [make_child(rng, str(ident)) for ident in idents]


def _csv(columns: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode()


def return_files(people: list[Child]) -> dict[str, bytes]:
    """The return's CSV files, by file name, as a council's case system would export them."""
    header = [[c.child, c.sex, ddmmyyyy(c.dob), c.ethnic, c.upn, "", ""] for c in people]
    return {
        "header.csv": _csv(HEADER, header),
        "episodes.csv": _csv(EPISODES, [row for c in people for row in c.episodes]),
        "reviews.csv": _csv(REVIEWS, [row for c in people for row in c.reviews]),
        "missing.csv": _csv(MISSING, [row for c in people for row in c.missing]),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--children", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=903)
    args = parser.parse_args(argv)
    args.directory.mkdir(parents=True, exist_ok=True)
    for name, content in return_files(population(args.children, args.seed)).items():
        (args.directory / name).write_bytes(content)
        rows = content.count(b"\n") - 1
        print(f"{name}: {rows:,} rows")


if __name__ == "__main__":
    main()
