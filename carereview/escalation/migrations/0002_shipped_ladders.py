"""The two ladders that ship, from the domain definitions (seed 001 and seed 000 section 15);
the five-stage ladder is in force until the authority chooses otherwise in the admin site."""

from django.db import migrations


def create_ladders(apps, schema_editor):
    from carereview.escalation.ladders import install

    install(
        apps.get_model("escalation", "DisputeLadder"), apps.get_model("escalation", "LadderStage")
    )


def remove_ladders(apps, schema_editor):
    DisputeLadder = apps.get_model("escalation", "DisputeLadder")
    DisputeLadder.objects.filter(key__in=["five-stage", "three-stage"]).delete()


class Migration(migrations.Migration):
    dependencies = [("escalation", "0001_initial")]

    operations = [migrations.RunPython(create_ladders, remove_ladders)]
