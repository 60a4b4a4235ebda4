from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from carereview.staff.models import Allocation, Team, User


@admin.register(User)
class StaffAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "team", "is_active"]
    list_filter = ["role", "team", "is_active"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (
            "Role in the service",
            {
                "fields": [
                    "role",
                    "job_title",
                    "phone",
                    "team",
                    "fte",
                    "specialisms",
                    "languages",
                    "accepting_allocations",
                ]
            },
        ),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        ("Role in the service", {"fields": ["role", "team"]}),
    ]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "manager"]


@admin.register(Allocation)
class AllocationAdmin(admin.ModelAdmin):
    list_display = ["child", "iro", "started_on", "ended_on"]
    readonly_fields = [f.name for f in Allocation._meta.fields]

    def has_add_permission(self, request):  # allocations are made through the service
        return False

    def has_delete_permission(self, request, obj=None):
        return False
