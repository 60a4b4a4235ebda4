"""Leaving identifying details out of one recipient's copy of a document.

IRO Handbook 3.69: everyone who attends receives the record and the decisions "with any
identifying details removed as necessary, for example, exceptionally, the address of the
placement".  Councils have been fined for sending carers' addresses to parents, so the rule errs
on the side of leaving out:

- when the distribution list says to leave out the placement address, every placement address the
  child has had, every placement postcode (SSDA903 PL_POST) and every address recorded as
  confidential (ChildContact.address_confidential) are taken out of all the copy's text;
- a family member (parent, person with parental responsibility, other family) never receives an
  address recorded as confidential, whatever the line says ("never disclose this address to other
  family members"); nor does the child, since what a child is sent can reach their family;
- before a review has a distribution list (invitations, consultation forms), family members are
  treated as the distribution list would treat them by default: placement address left out.

Each address is taken out whole, line by line, and by each comma-separated part that could
identify it (a part with a number in it, or of two or more words); a one-word part such as a town
stays, so the copy can still say "at school in Demotown".  Matching ignores case and the spacing of
postcodes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from carereview.documents.context_types import REMOVED

FAMILY_ROLES = frozenset({"mother", "father", "parental_responsibility", "family", "other"})


@dataclass(frozen=True)
class Secrets:
    """What to take out of one copy."""

    addresses: tuple[str, ...] = ()
    postcodes: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.addresses or self.postcodes)


def _identifying(part: str) -> bool:
    """A house number, a flat, a street: something with a number in it or of two words or
    more.  A town on its own identifies no one."""
    return bool(re.search(r"\d", part)) or len(part.split()) >= 2


def _parts(address: str) -> list[str]:
    """The whole address, and each identifying line and comma-separated part of it."""
    address = address.strip()
    if not address:
        return []
    found = [address, " ".join(address.split()), ", ".join(address.splitlines())]
    for line in address.splitlines():
        line = line.strip().strip(",").strip()
        if line and _identifying(line):
            found.append(line)
        for part in line.split(","):
            part = part.strip()
            if part and _identifying(part):
                found.append(part)
    return found


def _postcode_pattern(postcode: str) -> str:
    compact = re.sub(r"\s+", "", postcode)
    return r"\s*".join(re.escape(c) for c in compact)


def patterns(secrets: Secrets) -> list[re.Pattern[str]]:
    """Longest first, so that a whole address goes before its parts."""
    texts = sorted({p for a in secrets.addresses for p in _parts(a)}, key=lambda t: (-len(t), t))
    found = [re.compile(re.escape(t), re.IGNORECASE) for t in texts]
    found += [
        re.compile(_postcode_pattern(p), re.IGNORECASE)
        for p in sorted(set(secrets.postcodes), key=len, reverse=True)
        if p.strip()
    ]
    return found


_REPEATED = re.compile(re.escape(REMOVED) + r"(?:[\s,;]*" + re.escape(REMOVED) + ")+")


def scrub(text: str, compiled: list[re.Pattern[str]]) -> str:
    for pattern in compiled:
        text = pattern.sub(REMOVED, text)
    # "14 Example Close, Demotown DT1 4EX" goes as one "[address removed]", not three.
    return _REPEATED.sub(REMOVED, text)


def scrub_all(value: object, compiled: list[re.Pattern[str]]) -> object:
    """Every string in plain data (dicts, lists) with the secrets taken out."""
    if not compiled:
        return value
    if isinstance(value, str):
        return scrub(value, compiled)
    if isinstance(value, dict):
        return {k: scrub_all(v, compiled) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub_all(v, compiled) for v in value]
    return value


def secrets_for(
    *,
    leave_out_placement: bool,
    family_member: bool,
    placement_addresses: Iterable[str],
    placement_postcodes: Iterable[str],
    confidential_addresses: Iterable[str],
) -> Secrets:
    """What one recipient's copy leaves out (the rule in this module's docstring)."""
    addresses: list[str] = []
    postcodes: list[str] = []
    if leave_out_placement:
        addresses += [a for a in placement_addresses if a.strip()]
        postcodes += [p for p in placement_postcodes if p.strip()]
    if leave_out_placement or family_member:
        addresses += [a for a in confidential_addresses if a.strip()]
    return Secrets(tuple(addresses), tuple(postcodes))
