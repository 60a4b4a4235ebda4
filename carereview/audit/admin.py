from django.contrib import admin

from carereview.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nobody edits the audit log."""

    list_display = ["at", "username", "action", "summary", "child_id"]
    list_filter = ["action"]
    search_fields = ["username", "summary", "object_id"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
