from django.contrib import admin

from carereview.authority.models import AuthoritySettings, ClosureDay, LocalPolicyProfile


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ["date", "reason"]
    search_fields = ["reason"]
    date_hierarchy = "date"


@admin.register(LocalPolicyProfile)
class LocalPolicyProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "description"]


@admin.register(AuthoritySettings)
class AuthoritySettingsAdmin(admin.ModelAdmin):
    list_display = ["name", "policy_profile"]
