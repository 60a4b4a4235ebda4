"""The shipped dispute resolution ladders (carereview.domain.escalation) put into the database:
by the data migration, and again wherever the table may have been emptied (a test database
flushed between tests, the demo on a fresh database).  The five-stage ladder is put in force
unless another ladder already is."""

from __future__ import annotations

from typing import Any

from carereview.domain.escalation import FIVE_STAGE, LADDERS


def install(ladder_model: Any, stage_model: Any) -> list[str]:
    """Create each shipped ladder not yet in the database; the keys of those created."""
    created = []
    for ladder in LADDERS.values():
        if ladder_model.objects.filter(key=ladder.key).exists():
            continue
        in_force = ladder is FIVE_STAGE and not ladder_model.objects.filter(active=True).exists()
        row = ladder_model.objects.create(
            key=ladder.key,
            name=ladder.name,
            active=in_force,
            total_working_days=ladder.total_working_days,
            source=ladder.source,
        )
        stage_model.objects.bulk_create(
            stage_model(
                ladder=row,
                number=stage.number,
                title=stage.title,
                escalate_to=stage.escalate_to,
                response_working_days=stage.response_working_days,
                also_alert=stage.also_alert,
                notes=stage.notes,
            )
            for stage in ladder.stages
        )
        created.append(ladder.key)
    return created


def ensure_shipped_ladders() -> list[str]:
    from carereview.escalation.models import DisputeLadder, LadderStage

    return install(DisputeLadder, LadderStage)
