"""Alerts to people in the service, shown on their own pages (email and reminders to come)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Alert(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts"
    )
    created = models.DateTimeField(auto_now_add=True)
    text = models.CharField(max_length=300)
    link = models.CharField(max_length=200, blank=True)
    respond_by = models.DateField(null=True, blank=True)
    child_id = models.BigIntegerField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.text
