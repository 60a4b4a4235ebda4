"""Demo data for the authority's settings: a made-up council and one local profile."""

from __future__ import annotations

from carereview.authority.models import AuthoritySettings, LocalPolicyProfile


def load(**options: object) -> list[str]:
    done = []
    if not AuthoritySettings.objects.exists():
        AuthoritySettings.objects.create(name="Demo Borough Council", policy_profile="statutory")
        done.append("authority settings for Demo Borough Council")
    _, created = LocalPolicyProfile.objects.get_or_create(
        name="demo-placement-moves",
        defaults={
            "description": (
                "A review within 20 working days of every placement change, and invitations "
                "15 working days before a review (as some councils ask)."
            ),
            "definition": {
                "extends": "statutory",
                "after_each_placement_working_days": 20,
                "invitations_before": 15,
            },
        },
    )
    if created:
        done.append("local policy profile demo-placement-moves")
    return done
