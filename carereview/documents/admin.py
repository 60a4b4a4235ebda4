"""Uploading the authority's own document templates (docs/documents.md).

An upload is tried against made-up details first (services.check_template); if it would not
work it is refused with what is wrong and where (the line, or the paragraph of a Word file),
shown on the form like any other error, and nothing is saved.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html

from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.documents import services
from carereview.documents.models import DocumentTemplate


class UploadForm(forms.ModelForm):
    upload = forms.FileField(
        label="Template file",
        help_text="A Word document (.docx) for Word, or an HTML file (UTF-8) for the PDF. Start "
        "from the shipped template (see “Document templates” at /documents/templates/).",
    )

    class Meta:
        model = DocumentTemplate
        fields = ["kind", "format", "active"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload, kind, fmt = data.get("upload"), data.get("kind"), data.get("format")
        if upload is not None and kind and fmt:
            content = upload.read()
            try:
                services.check_template(kind, fmt, content)
            except services.TemplateProblem as problem:
                self.add_error("upload", str(problem))
            else:
                self.content = content
        return data


class ActiveForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["active"]


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    list_display = ["kind", "format", "active", "uploaded_at", "uploaded_by", "filename"]
    list_filter = ["kind", "format", "active"]
    readonly_fields = ["kind", "format", "filename", "uploaded_by", "uploaded_at", "download"]

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        kwargs["form"] = ActiveForm if obj is not None else UploadForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Any:
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request: Any, obj: Any = None) -> Any:
        if obj is None:
            return ["kind", "format", "upload", "active"]
        return [*self.readonly_fields, "active"]

    @admin.display(description="File")
    def download(self, obj: DocumentTemplate) -> str:
        url = reverse("documents:template_file", args=[obj.kind, obj.format])
        return format_html('<a href="{}?id={}">Download this template</a>', url, obj.pk)

    def save_model(self, request: Any, obj: DocumentTemplate, form: Any, change: bool) -> None:
        if not change:
            created = services.upload_template(
                obj.kind,
                obj.format,
                form.content,
                request.user,
                filename=getattr(form.cleaned_data.get("upload"), "name", ""),
                request=request,
                active=obj.active,
                checked=True,
            )
            for field in DocumentTemplate._meta.concrete_fields:
                setattr(obj, field.attname, getattr(created, field.attname))
            obj._state = created._state
            return
        with transaction.atomic():
            if obj.active:
                DocumentTemplate.objects.select_for_update().filter(
                    kind=obj.kind, format=obj.format, active=True
                ).exclude(pk=obj.pk).update(active=False)
            obj.save()
            record(
                Action.CHANGE,
                f"Document template {'put in use' if obj.active else 'taken out of use'}: {obj}",
                request=request,
                obj=obj,
            )
