"""An authority's own templates for the documents the service produces.

Kept in the database, not on disk, so that every app server of an installation uses the same
template the moment it is uploaded.  Only one template per kind and format is in use (active); the
older ones stay, so an authority can go back to one.  With none active, the shipped default
(carereview/documents/defaults/) is used.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from carereview.documents.kinds import FORMATS, KINDS


class DocumentTemplate(models.Model):
    kind = models.CharField(max_length=40, choices=[(k.key, k.title) for k in KINDS.values()])
    format = models.CharField(max_length=10, choices=list(FORMATS.items()))
    content = models.BinaryField(editable=False)
    filename = models.CharField(max_length=200, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    uploaded_at = models.DateTimeField(editable=False)
    active = models.BooleanField(
        default=True, help_text="In use now. Untick to go back to the shipped template."
    )

    class Meta:
        ordering = ["kind", "format", "-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "format"],
                condition=models.Q(active=True),
                name="one_active_template_per_kind_and_format",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} ({self.get_format_display()}), {self.uploaded_at:%d %B %Y}"
        )
