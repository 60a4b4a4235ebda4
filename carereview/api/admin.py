"""API clients in the admin site: made, given new tokens and revoked through the same services
as `carereview apiclient`, with the token shown once, on the page after it is made."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from carereview.api import services
from carereview.api.models import ApiClient, Scope
from carereview.audit.log import diff, record
from carereview.audit.models import Action

#: What a change in the admin site may alter that decides what the system can do or is called.
AUDITED = ("name", "scopes", "sees_restricted")


class ApiClientForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Only what the system needs.",
    )

    class Meta:
        model = ApiClient
        fields = ["name", "scopes", "sees_restricted", "active"]


def _show_once(request: HttpRequest, client: ApiClient, token: str) -> None:
    messages.warning(
        request,
        f"The token for {client.name} is {token} - copy it now into the system's settings: "
        "it is not kept and will not be shown again.",
    )


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    form = ApiClientForm
    list_display = ["name", "scope_list", "sees_restricted", "active", "created", "last_used"]
    list_filter = ["active", "sees_restricted"]
    search_fields = ["name"]
    readonly_fields = ["prefix", "created", "created_by", "last_used", "revoked_on"]
    actions = ["revoke_selected", "new_token_selected"]

    @admin.display(description="scopes")
    def scope_list(self, client: ApiClient) -> str:
        return ", ".join(client.scopes)

    def save_model(self, request: HttpRequest, obj: ApiClient, form: Any, change: bool) -> None:
        if not change:
            _show_once(request, obj, services.issue(obj, created_by=request.user))
            return
        held = ApiClient.objects.get(pk=obj.pk)
        if held.active and not obj.active:
            services.revoke(obj, by=request.user)
        obj.scopes = services.check_scopes(obj.scopes)
        super().save_model(request, obj, form, change)
        if "name" in form.changed_data:
            services.rename_account(obj)
        before = {name: getattr(held, name) for name in AUDITED}
        after = {name: getattr(obj, name) for name in AUDITED}
        if before != after:
            # More scopes or restricted records are more access to children's data: in the
            # audit log as the service's other changes are, not only the admin site's history.
            record(
                Action.CHANGE,
                f"API client {obj.name} changed",
                user=request.user,
                obj=obj,
                changes=diff(before, after),
            )
        if not held.active and obj.active:
            # Ticking "active" again never brings back a revoked token (it may have leaked).
            _show_once(request, obj, services.reactivate(obj, by=request.user))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Revoke instead: the client's name stays behind its entries in the audit log.
        return False

    @admin.action(description="Revoke the selected clients' tokens")
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        for client in queryset.filter(active=True):
            services.revoke(client, by=request.user)
        messages.success(request, "The tokens are revoked: they stop working at once.")

    @admin.action(description="Give the selected clients new tokens")
    def new_token_selected(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        for client in queryset:
            _show_once(request, client, services.new_token(client, by=request.user))
