"""The authority's dispute resolution protocol: its ladders, the one in force, each stage's
post, time limit and holder, and the senior officer told of Cafcass referrals (H 8.12).  Only
managers may hold a post or be the senior officer (models.MANAGERS_ONLY)."""

from django.contrib import admin

from carereview.escalation.models import DisputeLadder, LadderStage


class LadderStageInline(admin.TabularInline):
    model = LadderStage
    extra = 0
    fields = [
        "number",
        "title",
        "escalate_to",
        "response_working_days",
        "also_alert",
        "holder",
        "to_team_manager",
        "also_alert_holder",
        "notes",
    ]
    # A stage that escalations have reached cannot be deleted (the admin says so): edit it.
    autocomplete_fields = ["holder", "also_alert_holder"]


@admin.register(DisputeLadder)
class DisputeLadderAdmin(admin.ModelAdmin):
    list_display = ["name", "active", "total_working_days", "senior_officer"]
    fields = [
        "key",
        "name",
        "active",
        "total_working_days",
        "informal_stage_title",
        "senior_officer",
        "source",
    ]
    autocomplete_fields = ["senior_officer"]
    inlines = [LadderStageInline]
