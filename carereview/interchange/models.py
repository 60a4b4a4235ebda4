"""What the SSDA903 import keeps beyond the children, episodes and reviews it loads.

`HeldRow` keeps the rows of the return's other tables (UASC, OC2, OC3, AD1, PlacedAdoption,
PrevPerm, Missing, SWEpisodes, DoLo) as the cells they had, so that an export gives them back.
`ImportRun` and `ImportFile` are an import started from the web: the files as uploaded and how the
background import went (stage, progress, counts, and the errors or warnings it reported).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class HeldRow(models.Model):
    """A row of one of the return's other tables, held as written (codes upper case, dates
    dd/mm/yyyy).  `key` is what makes the row the same row in another year's file (for example
    MIS_START for a missing episode; blank for tables with one row per child), so importing the
    same files again changes nothing and a newer year's file updates the row."""

    child = models.ForeignKey("records.Child", on_delete=models.CASCADE, related_name="held_rows")
    table = models.CharField(max_length=20)
    key = models.CharField(max_length=60, blank=True)
    cells = models.JSONField(default=dict)  # column name -> text; CHILD is the child
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["table", "child", "key"]
        constraints = [
            models.UniqueConstraint(fields=["child", "table", "key"], name="one_held_row_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.table} row for child {self.child_id} ({self.key or 'one per child'})"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Importing"
    SUCCEEDED = "succeeded", "Imported"
    REFUSED = "refused", "Refused: the files have errors"
    FAILED = "failed", "Failed: something went wrong on our side"


class ImportRun(models.Model):
    """An import of an SSDA903 return started from the web page and run in the background.
    `errors` and `warnings` are lists of {file, row, column, value, rule, message}."""

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    stage = models.CharField(max_length=100, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    #: When `errors` and `warnings` were emptied: they quote children's details from the files,
    #: kept for 90 days after the import (`interchange.retention`, run by prunemessages).
    problems_cleared = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    #: When the running import last reported progress: tells a slow import from a stopped one.
    progress_at = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"SSDA903 import {self.pk} ({self.get_status_display()})"


class ImportFile(models.Model):
    """One uploaded CSV file of an import, kept until the import has run."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=200)
    content = models.BinaryField()

    class Meta:
        ordering = ["run", "name"]

    def __str__(self) -> str:
        return self.name
