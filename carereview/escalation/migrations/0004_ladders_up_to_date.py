"""The shipped ladders brought to the current definitions (carereview.escalation.ladders):
the team manager as the default for each ladder's first stage, and seed 000's informal step
held as the informal attempt rather than as a formal stage."""

from django.db import migrations


def forwards(apps, schema_editor):
    from carereview.escalation.ladders import bring_up_to_date

    bring_up_to_date(
        apps.get_model("escalation", "DisputeLadder"),
        apps.get_model("escalation", "LadderStage"),
        apps.get_model("escalation", "EscalationStep"),
    )


class Migration(migrations.Migration):
    dependencies = [("escalation", "0003_freeze_and_ladder_fields")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
