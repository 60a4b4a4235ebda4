"""Demo staff: made-up people, one login per role (printed by `carereview loaddemo`)."""

from __future__ import annotations

from decimal import Decimal

from carereview.staff.models import Role, Team, User

DEMO_PASSWORD = "demo-password-2026"

IROS = [
    ("iro.amber", "Amber", "Castell", Decimal("1.0"), ["communication", "bsl"], ["Welsh"]),
    (
        "iro.bashir",
        "Bashir",
        "Lennox",
        Decimal("1.0"),
        ["youth_justice", "uasc"],
        ["Arabic", "Urdu"],
    ),
    ("iro.carys", "Carys", "Ondrej", Decimal("0.8"), ["adoption"], ["Polish"]),
    ("iro.dev", "Dev", "Fairhurst", Decimal("1.0"), ["disability", "short_breaks"], []),
]
TEAMS = {
    "North children in care team": (
        "tm.nadia",
        "Nadia",
        "Quarrie",
        [
            ("sw.sam", "Sam", "Whitlow"),
            ("sw.tess", "Tess", "Abernathy"),
            ("sw.uma", "Uma", "Brackley"),
        ],
    ),
    "South children in care team": (
        "tm.owen",
        "Owen",
        "Pellow",
        [
            ("sw.vic", "Vic", "Dunmore"),
            ("sw.wren", "Wren", "Galloway"),
            ("sw.yusuf", "Yusuf", "Hartigan"),
        ],
    ),
}


def _user(username: str, first: str, last: str, role: str, **extra) -> tuple[User, bool]:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "role": role,
            "email": f"{username}@example.invalid",
            **extra,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user, created


def load(**options: object) -> list[str]:
    created_any = False
    _, created = _user("manager.iris", "Iris", "Mabey", Role.IRO_MANAGER, job_title="IRO manager")
    created_any |= created
    for username, first, last, fte, specialisms, languages in IROS:
        _, created = _user(
            username,
            first,
            last,
            Role.IRO,
            fte=fte,
            specialisms=specialisms,
            languages=languages,
            job_title="Independent reviewing officer",
        )
        created_any |= created
    for team_name, (tm_username, tm_first, tm_last, workers) in TEAMS.items():
        manager, created = _user(tm_username, tm_first, tm_last, Role.TEAM_MANAGER)
        created_any |= created
        team, _ = Team.objects.get_or_create(name=team_name, defaults={"manager": manager})
        if manager.team_id != team.pk:
            manager.team = team
            manager.save(update_fields=["team"])
        for username, first, last in workers:
            _, created = _user(username, first, last, Role.SOCIAL_WORKER, team=team)
            created_any |= created
    _, created = _user("support.bea", "Bea", "Kinsella", Role.BUSINESS_SUPPORT)
    created_any |= created
    # Holds a post on the dispute resolution ladder (escalation/demo.py names her there).
    _, created = _user(
        "senior.rhian",
        "Rhian",
        "Treharne",
        Role.SENIOR_MANAGER,
        job_title="Area service manager",
    )
    created_any |= created
    return ["staff accounts (one per role)"] if created_any else []


def logins() -> list[tuple[str, str]]:
    return [
        ("IRO manager", "manager.iris"),
        ("IRO", "iro.amber"),
        ("Social worker", "sw.sam"),
        ("Team manager", "tm.nadia"),
        ("Business support", "support.bea"),
        ("Senior manager", "senior.rhian"),
    ]
