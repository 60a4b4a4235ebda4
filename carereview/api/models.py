"""The systems allowed to use the open API, each with its own token and permissions.

A token is shown once, when it is made, and only its SHA-256 digest is kept: whoever reads the
database (or a backup of it) cannot use the API.  The token begins with a short public prefix,
so the client is found by an index lookup and the digest compared in constant time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Scope(models.TextChoices):
    """One permission each: a system gets only what it needs (UK GDPR art. 5(1)(c), least
    privilege for special category data)."""

    CHILDREN_READ = "children:read", "Read children's records"
    CHILDREN_WRITE = "children:write", "Send children (new, and changes to their details)"
    EPISODES_WRITE = "episodes:write", "Send changes in care (episodes, and care ending)"
    EVENTS_WRITE = "events:write", "Send significant events"
    REVIEWS_READ = "reviews:read", "Read review dates and participation"
    DECISIONS_READ = "decisions:read", "Read review decisions"


class ApiClient(models.Model):
    """One system (usually the authority's main case system) allowed to call the API."""

    name = models.CharField(
        "name of the system",
        max_length=100,
        unique=True,
        help_text="What the system is, e.g. 'Case system (Mosaic)'. Shown in the audit log as "
        "api:<name>.",
    )
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(default=list, blank=True)
    sees_restricted = models.BooleanField(
        "may see restricted records",
        default=False,
        help_text="Restricted children are never sent to, or changed by, a system without this.",
    )
    active = models.BooleanField(
        default=True, help_text="Untick to revoke: the token stops working at once."
    )
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_on = models.DateTimeField(null=True, blank=True, editable=False)
    # What the system records (significant events) needs a person-shaped author, and the audit
    # log names the system: a staff account "api:<name>" that can never sign in (no password,
    # not active, no role) stands for it.
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_client",
        editable=False,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "API client"

    def __str__(self) -> str:
        return self.name

    @property
    def audit_name(self) -> str:
        return f"api:{self.name}"

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes
