"""The shipped dispute resolution ladders (carereview.domain.escalation) put into the database:
by the data migrations, and again wherever the table may have been emptied (a test database
flushed between tests, the demo on a fresh database).  The five-stage ladder is put in force
unless another ladder already is."""

from __future__ import annotations

from typing import Any

from carereview.domain.escalation import FIVE_STAGE, LADDERS, THREE_STAGE


def _has(model: Any, field: str) -> bool:
    """Whether the model (perhaps a migration's historical one) has the field yet."""
    return any(f.name == field for f in model._meta.get_fields())


def install(ladder_model: Any, stage_model: Any) -> list[str]:
    """Create each shipped ladder not yet in the database; the keys of those created."""
    created = []
    for ladder in LADDERS.values():
        if ladder_model.objects.filter(key=ladder.key).exists():
            continue
        in_force = ladder is FIVE_STAGE and not ladder_model.objects.filter(active=True).exists()
        extra = {"informal_stage_title": ladder.informal_stage}
        row = ladder_model.objects.create(
            key=ladder.key,
            name=ladder.name,
            active=in_force,
            total_working_days=ladder.total_working_days,
            source=ladder.source,
            **{k: v for k, v in extra.items() if _has(ladder_model, k)},
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
                **(
                    {"to_team_manager": stage.to_team_manager}
                    if _has(stage_model, "to_team_manager")
                    else {}
                ),
            )
            for stage in ladder.stages
        )
        created.append(ladder.key)
    return created


def bring_up_to_date(ladder_model: Any, stage_model: Any, step_model: Any) -> None:
    """Migration 0004: the team manager answers at the first stage of every ladder (as at
    stage 1 before); seed 000's three-stage ladder no longer holds its informal
    step as a formal stage (the informal attempt on the child's file is that step) unless an
    escalation has already used it."""
    stage_model.objects.filter(number=1).update(to_team_manager=True)
    three = ladder_model.objects.filter(key=THREE_STAGE.key).first()
    if three is None:
        return
    informal = stage_model.objects.filter(ladder=three, number=1).first()
    if informal is not None and not step_model.objects.filter(stage=informal).exists():
        informal.delete()
        informal = None
    if informal is None:
        first_formal = THREE_STAGE.stages[0]
        stage_model.objects.filter(ladder=three, number=first_formal.number).update(
            to_team_manager=True, notes=first_formal.notes
        )
        if not three.informal_stage_title:
            three.informal_stage_title = THREE_STAGE.informal_stage
            three.save(update_fields=["informal_stage_title"])


def ensure_shipped_ladders() -> list[str]:
    from carereview.escalation.models import DisputeLadder, LadderStage

    return install(DisputeLadder, LadderStage)
