"""Shared fixtures: made-up staff and children."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from carereview.records.models import Child, Episode
from carereview.staff.models import Allocation, Role, Team, User

PASSWORD = "a-long-test-password-1"


@pytest.fixture
def make_user(db):
    def make(username: str, role: str, **extra) -> User:
        user = User.objects.create_user(
            username=username,
            password=PASSWORD,
            role=role,
            first_name=username.split(".")[-1].title(),
            last_name="Tester",
            **extra,
        )
        return user

    return make


@pytest.fixture
def staff(make_user):
    """One of each role, in one social work team, and a second team for contrast."""
    team_manager = make_user("tm.north", Role.TEAM_MANAGER)
    north = Team.objects.create(name="North", manager=team_manager)
    team_manager.team = north
    team_manager.save()
    other_manager = make_user("tm.south", Role.TEAM_MANAGER)
    south = Team.objects.create(name="South", manager=other_manager)
    return {
        "manager": make_user("iro.manager", Role.IRO_MANAGER),
        "iro": make_user("iro.one", Role.IRO, fte=Decimal("1.0")),
        "iro2": make_user("iro.two", Role.IRO, fte=Decimal("1.0"), specialisms=["communication"]),
        "sw": make_user("sw.north", Role.SOCIAL_WORKER, team=north),
        "sw_south": make_user("sw.south", Role.SOCIAL_WORKER, team=south),
        "tm": team_manager,
        "tm_south": other_manager,
        "support": make_user("support.one", Role.BUSINESS_SUPPORT),
    }


@pytest.fixture
def make_child(db):
    counter = iter(range(1, 100_000))

    def make(
        social_worker: User | None = None,
        start: date = date(2024, 1, 8),
        iro: User | None = None,
        allocated_by: User | None = None,
        **extra,
    ) -> Child:
        n = next(counter)
        child = Child.objects.create(
            reference=f"T{n:05d}",
            first_name=extra.pop("first_name", "Robin"),
            last_name=extra.pop("last_name", f"Example{n}"),
            date_of_birth=extra.pop("date_of_birth", date(2014, 5, 1)),
            gender="other",
            social_worker=social_worker,
            **extra,
        )
        Episode.objects.create(child=child, decom=start, rne="S", ls="C2", place="U4")
        if iro is not None:
            Allocation.objects.create(
                child=child, iro=iro, started_on=start, allocated_by=allocated_by or iro
            )
        return child

    return make


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    """Tests sign in often: a fast hasher keeps the suite quick (production keeps Django's)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _strict_templates(settings):
    """A variable a template uses but its view never supplied fails the test."""
    settings.CAREREVIEW_STRICT_TEMPLATES = True


@pytest.fixture(autouse=True)
def clock():
    """The service's clock, which a test may stop and move (`clock.set_to`, `clock.advance`);
    it runs again after each test."""
    from carereview.core import clock as service_clock

    yield service_clock
    service_clock.reset()
