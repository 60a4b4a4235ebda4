"""Use cases around the authority's calendar and policy profiles."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import date

from django.db import DatabaseError, transaction

from carereview.authority.models import AuthoritySettings, ClosureDay, LocalPolicyProfile
from carereview.domain.calendar import ClosureDay as DomainClosureDay
from carereview.domain.calendar import WorkingDayCalendar, england_calendar
from carereview.domain.timescales.profiles import BUILT_IN, PolicyProfile, ProfileError

logger = logging.getLogger(__name__)


class NotSetUp(RuntimeError):
    """The database has not been migrated yet."""


def _guard(error: DatabaseError) -> NotSetUp:
    return NotSetUp(
        "The database is not set up (run `carereview migrate` first): " + str(error).strip()
    )


def working_calendar(extra: Iterable[date] = ()) -> WorkingDayCalendar:
    """England's working days with this authority's closure days (and any `extra` ones)."""
    try:
        closures = [DomainClosureDay(c.date, c.reason) for c in ClosureDay.objects.all()]
    except DatabaseError as error:
        raise _guard(error) from error
    closures.extend(DomainClosureDay(day) for day in extra)
    return england_calendar(closures)


def policy_profiles() -> Mapping[str, PolicyProfile]:
    """Every profile the authority can use: the built-in ones and its own.

    A stored profile that no longer reads (say, a setting renamed in an upgrade) is left out and
    logged, rather than breaking every page; the statutory deadlines never depend on it.
    """
    try:
        stored = list(LocalPolicyProfile.objects.all())
    except DatabaseError as error:
        raise _guard(error) from error
    local = {}
    for profile in stored:
        try:
            local[profile.name] = profile.to_profile()
        except ProfileError as error:
            logger.error("Local policy profile %r cannot be used: %s", profile.name, error)
    return {**BUILT_IN, **local}


def authority_settings() -> AuthoritySettings:
    try:
        settings = AuthoritySettings.objects.order_by("pk").first()
    except DatabaseError as error:
        raise _guard(error) from error
    return settings or AuthoritySettings()


def current_profile() -> PolicyProfile:
    profiles = policy_profiles()
    return profiles.get(authority_settings().policy_profile, BUILT_IN["statutory"])


@transaction.atomic
def add_closure_day(day: date, reason: str) -> tuple[ClosureDay, bool]:
    return ClosureDay.objects.update_or_create(date=day, defaults={"reason": reason})


@transaction.atomic
def remove_closure_day(day: date) -> bool:
    deleted, _ = ClosureDay.objects.filter(date=day).delete()
    return bool(deleted)
