"""The SSDA903 upload and export forms.

The upload only checks what can be seen without reading the return: that files were chosen, that
each is a CSV file of a sensible size, and that no table was chosen twice.  Reading and checking
every row is the import's own work (carereview.interchange.services.import_return), done in the
background, whose refusals name the file, row, column and rule.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from carereview.domain.ssda903.reader import BINARY_STARTS
from carereview.domain.years import year_label

#: Each file at most this size: a large authority's ten-year Episodes table is about 1 MB, so
#: 20 MB leaves room for the largest council's history while keeping an upload (which the
#: service holds in memory and in the database until the import has run) within reason.
MAX_FILE_MB = 20
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
#: The return has twelve tables at most (docs/ssda903.md); a few more allows for an export tool
#: that splits one, and a larger number is a wrong folder chosen.
MAX_FILES = 15


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ReturnFilesField(forms.FileField):
    """Several files chosen at once, cleaned to a list of (name, content) pairs."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[tuple[str, bytes]]:
        uploads = [u for u in (data if isinstance(data, (list, tuple)) else [data]) if u]
        if not uploads:
            raise forms.ValidationError("Select the CSV files of the SSDA903 return")
        if len(uploads) > MAX_FILES:
            raise forms.ValidationError(
                f"Select no more than {MAX_FILES} files: the return has 12 tables at most"
            )
        problems: list[str] = []
        seen: dict[str, int] = {}
        files: list[tuple[str, bytes]] = []
        for upload in uploads:
            name = _plain_name(upload)
            seen[name.lower()] = seen.get(name.lower(), 0) + 1
            problem = _problem(upload, name)
            if problem:
                problems.append(problem)
                continue
            files.append((name, b"".join(upload.chunks())))
        for name, times in seen.items():
            if times > 1:
                problems.append(
                    f"{times} of the selected files are called {name}: choose each once"
                )
        for name, content in files:
            if not _looks_like_csv(content):
                problems.append(
                    f"{name} must be a CSV file: it is not text with columns separated by commas"
                )
        if problems:
            raise forms.ValidationError(problems)
        return files


def _plain_name(upload: UploadedFile) -> str:
    """The file's own name, without any folder a browser sent with it."""
    return (upload.name or "file").replace("\\", "/").rsplit("/", 1)[-1][:200]


def _problem(upload: UploadedFile, name: str) -> str:
    if not name.lower().endswith(".csv"):
        return (
            f"{name} must be a CSV file: save each table of the return as CSV "
            "(comma-separated values) and choose those files"
        )
    if not upload.size:
        return f"{name} is empty"
    if upload.size > MAX_FILE_BYTES:
        return f"{name} must be smaller than {MAX_FILE_MB} MB"
    return ""


def _looks_like_csv(content: bytes) -> bool:
    """Text whose first line has a comma: a spreadsheet saved under a .csv name fails this."""
    start = content[:8192]
    if start.startswith(BINARY_STARTS) or b"\x00" in start:
        return False
    return b"," in start.split(b"\n", 1)[0]


class ImportForm(forms.Form):
    files = ReturnFilesField(label="Upload the return's CSV files")


class ExportForm(forms.Form):
    """The collection year, 1 April to 31 March, named by the year it starts (2024 = 2024-25),
    or everything held."""

    ALL = "all"
    year = forms.ChoiceField(
        label="Collection year",
        error_messages={
            "required": "Select the collection year to export",
            "invalid_choice": "Select one of the collection years listed",
        },
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [
            ("", "Select a year"),
            *(
                (
                    str(year),
                    f"{year_label(year)} (1 April {year} to 31 March {year + 1})",
                )
                for year in years
            ),
            (self.ALL, "Every year held"),
        ]

    def chosen_year(self) -> int | None:
        """The year chosen; None for every year held."""
        value = self.cleaned_data["year"]
        return None if value == self.ALL else int(value)
