"""Leaving identifying details out of one recipient's copy of a document.

IRO Handbook 3.69: everyone who attends receives the record and the decisions "with any
identifying details removed as necessary, for example, exceptionally, the address of the
placement".  Councils have been fined for sending carers' addresses to parents, so the rule errs
on the side of leaving out:

- when the distribution list says to leave out the placement address, every placement address the
  child has had, every placement postcode (SSDA903 PL_POST), the address of every carer, key
  worker and prospective adopter (they live or work where the child is placed) and every address
  recorded as confidential (ChildContact.address_confidential) are taken out of all the copy's
  text;
- a family member (parent, person with parental responsibility, other family), a carer, a key
  worker and a prospective adopter never receive an address recorded as confidential, whatever
  the line says ("never disclose this address to other family members"; a carer's or an
  adopter's copy can reach the family too); nor does the child, since what a child is sent can
  reach their family;
- before a review has a distribution list (invitations, consultation forms), family members are
  treated as the distribution list would treat them by default: placement address left out;
- the recipient's own address is never a secret in their own copy.

Each address is taken out whole, line by line, and by each comma-separated part that could
identify it: a part with a number in it or of two or more words, the street without its house
number ("Example Close" of "14 Example Close"), and a one-word house name (the first part of the
address, or a one-word part before the street: "Rosebank").  A one-word part after the street,
such as a town, stays, so the copy can still say "at school in Demotown"; so does a bare number
("12" of "12, Example Close"), which would otherwise blank every date and count with a 12 in it.
Only whole words are taken out ("12 Example Close" never blanks the "112" of "112 Example
Close"), whatever their case, spacing, line breaks or commas; a postcode with or without its
space, in any case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from carereview.documents.context_types import REMOVED

FAMILY_ROLES = frozenset({"mother", "father", "parental_responsibility", "family", "other"})
#: Those who live or work where the child is placed.
CARER_ROLES = frozenset({"carer", "key_worker", "prospective_adopter"})

#: A UK postcode: its outward code (DT1) and inward code (4EX), with or without the space.
_POSTCODE = re.compile(r"(?<![^\W_])([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})(?![^\W_])", re.IGNORECASE)
#: A word of the address: what lies between spaces, line breaks and commas.
_TOKEN = re.compile(r"[^\s,;]+")
#: A house or flat number at the start of a line: "14 ", "14a ", "14-16 ", "Flat 2, 14 ".
_HOUSE_NUMBER = re.compile(
    r"^(?:(?:flat|apartment|apt|unit|room|house)\s+\S+\s*,?\s*)?"
    r"\d+[a-z]?(?:\s*[-/]\s*\d+[a-z]?)?\s+",
    re.IGNORECASE,
)
#: Two letters together: a part with none ("12", "2a") is a number, not a place.
_WORD = re.compile(r"[^\W\d_]{2,}")
#: What may stand between the words of an address wherever it is written.
_BETWEEN = r"[\s,;]+"
#: Not in the middle of a word or number.
_START, _END = r"(?<![^\W_])", r"(?![^\W_])"


@dataclass(frozen=True)
class Secrets:
    """What to take out of one copy."""

    addresses: tuple[str, ...] = ()
    postcodes: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.addresses or self.postcodes)


def _words(text: str) -> list[str]:
    return [t.strip(".") for t in _TOKEN.findall(text) if t.strip(".")]


def _key(text: str) -> tuple[str, ...]:
    """The same address however written: its words, in lower case."""
    return tuple(w.casefold() for w in _words(text))


def _place_like(part: str) -> bool:
    return bool(_WORD.search(part))


def _identifying(part: str) -> bool:
    """A flat, a street, a house with a number: something with a number in it or of two words or
    more.  A town on its own identifies no one; a bare number ("12") is no place at all."""
    return _place_like(part) and (bool(re.search(r"\d", part)) or len(_words(part)) >= 2)


def _street(part: str) -> str:
    """ "Example Close" of "14 Example Close" (nothing unless two words are left)."""
    rest = _HOUSE_NUMBER.sub("", part, count=1).strip()
    return rest if rest != part and len(_words(rest)) >= 2 else ""


def _parts(address: str) -> list[str]:
    """The whole address, and each identifying line and comma-separated part of it."""
    address = address.strip()
    if not address:
        return []
    found = [address]
    pieces: list[str] = []
    for line in address.splitlines():
        line = line.strip().strip(",").strip()
        if line and _identifying(line):
            found.append(line)
        pieces += [p.strip() for p in line.split(",") if p.strip()]
    streets = [i for i, p in enumerate(pieces) if _identifying(p)]
    last_street = streets[-1] if streets else -1
    for i, piece in enumerate(pieces):
        if _identifying(piece):
            found.append(piece)
            found.append(_street(piece))
        elif _place_like(piece):
            if (i == 0 or i < last_street) and len(pieces) > 1:
                found.append(piece)  # a house name: "Rosebank", before the street
        elif i + 1 < len(pieces) and _identifying(pieces[i + 1]):
            found.append(f"{piece} {pieces[i + 1]}")  # "12, Example Close": the number with it
    return [f for f in found if f]


def _postcodes_in(address: str) -> list[str]:
    return [m.group(0) for m in _POSTCODE.finditer(address)]


def _postcode_pattern(postcode: str) -> str | None:
    compact = re.sub(r"\s+", "", postcode)
    if not (re.search(r"[^\W\d_]", compact) and re.search(r"\d", compact)):
        return None  # a postcode has letters and numbers; "12" is not one
    found = _POSTCODE.fullmatch(compact)
    if found:
        body = rf"{re.escape(found.group(1))}\s*{re.escape(found.group(2))}"
    else:
        body = r"\s*".join(re.escape(c) for c in compact)
    return _START + body + _END


def _address_pattern(text: str) -> str:
    return _START + _BETWEEN.join(re.escape(w) for w in _words(text)) + _END


def patterns(secrets: Secrets) -> list[re.Pattern[str]]:
    """Longest first, so that a whole address goes before its parts."""
    texts: dict[tuple[str, ...], str] = {}
    postcodes = list(secrets.postcodes)
    for address in secrets.addresses:
        postcodes += _postcodes_in(address)
        for part in _parts(address):
            key = _key(part)
            if key and key not in texts:
                texts[key] = part
    ordered = sorted(texts.items(), key=lambda item: (-len(" ".join(item[0])), item[0]))
    found = [re.compile(_address_pattern(text), re.IGNORECASE) for _key_, text in ordered]
    seen: set[str] = set()
    for postcode in sorted(postcodes, key=len, reverse=True):
        compact = re.sub(r"\s+", "", postcode).upper()
        source = _postcode_pattern(postcode)
        if source and compact not in seen:
            seen.add(compact)
            found.append(re.compile(source, re.IGNORECASE))
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
    carer: bool = False,
    carer_addresses: Iterable[str] = (),
    own_address: str = "",
) -> Secrets:
    """What one recipient's copy leaves out (the rule in this module's docstring).  carer: the
    recipient is a carer, key worker or prospective adopter; carer_addresses: the addresses of
    everyone in those roles around the child; own_address: the recipient's own."""
    addresses: list[str] = []
    postcodes: list[str] = []
    if leave_out_placement:
        addresses += [a for a in placement_addresses if a.strip()]
        addresses += [a for a in carer_addresses if a.strip()]
        postcodes += [p for p in placement_postcodes if p.strip()]
    if leave_out_placement or family_member or carer:
        addresses += [a for a in confidential_addresses if a.strip()]
    own = _key(own_address)
    if own:
        addresses = [a for a in addresses if _key(a) != own]
        own_postcodes = {re.sub(r"\s+", "", p).upper() for p in _postcodes_in(own_address)}
        postcodes = [p for p in postcodes if re.sub(r"\s+", "", p).upper() not in own_postcodes]
    return Secrets(tuple(addresses), tuple(postcodes))
