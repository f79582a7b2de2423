"""Back-office screens for the catalogue; the same version rules as the services apply."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django import forms
from django.contrib import admin
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from egov.core.audit import audit_record
from egov.orgs.models import Agency

from . import rules
from .models import Component, Fee, Field, Procedure, ProcedureVersion, ProcessStep
from .templates import safe_template_name, template_errors
from .writing import refresh_field_search_text

M = TypeVar("M", bound=models.Model)


class AuditedAdmin(admin.ModelAdmin[M]):
    """Admin edits bypass the services, so they write the audit trail themselves."""

    def _action(self, verb: str) -> str:
        return f"{self.model._meta.model_name}_{verb}_in_admin"

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        parts = [fs.model._meta.model_name for fs in formsets if fs.has_changed()]
        audit_record(
            self._action("changed" if change else "added"),
            actor=request.user,
            target=form.instance,
            summary=str(form.instance),
            data={"fields": list(form.changed_data), "parts": parts},
        )

    def delete_model(self, request: HttpRequest, obj: M) -> None:
        audit_record(self._action("deleted"), actor=request.user, target=obj, summary=str(obj))
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[M]) -> None:
        for obj in queryset:
            audit_record(self._action("deleted"), actor=request.user, target=obj, summary=str(obj))
        super().delete_queryset(request, queryset)


@admin.register(Field)
class FieldAdmin(AuditedAdmin[Field]):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]

    def save_model(self, request: HttpRequest, obj: Field, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change:
            refresh_field_search_text(obj)


class VersionInline(admin.TabularInline[ProcedureVersion, Procedure]):
    model = ProcedureVersion
    fields = ("number", "name", "effective_from", "effective_until", "processing_days")
    readonly_fields = ("number", "name", "effective_from", "effective_until", "processing_days")
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Procedure)
class ProcedureAdmin(AuditedAdmin[Procedure]):
    list_display = ["code", "field", "level"]
    list_filter = ["level", "field"]
    search_fields = ["code", "versions__name"]
    filter_horizontal = ["agencies"]
    inlines = [VersionInline]

    def save_model(self, request: HttpRequest, obj: Procedure, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "field" in form.changed_data:
            refresh_field_search_text(obj.field)


class ComponentForm(forms.ModelForm[Component]):
    def clean_template(self) -> Any:
        upload = self.cleaned_data.get("template")
        if upload and hasattr(upload, "read") and "template" in self.changed_data:
            errors = template_errors(upload.name or "", upload.read())
            upload.seek(0)
            if errors:
                raise forms.ValidationError(errors)
            # Vietnamese or odd characters never reach the storage or a download header.
            upload.name = safe_template_name(upload.name or "")
        return upload


class PositionedFormSet(forms.BaseInlineFormSet):  # type: ignore[type-arg]
    """Positions 1, 2, 3…; for steps also the sum of days equal to the processing time."""

    def kept_forms(self) -> list[Any]:
        return [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE", False)]

    def clean(self) -> None:
        super().clean()
        kept = sorted(self.kept_forms(), key=lambda f: f.cleaned_data.get("position") or 0)
        try:
            rules.positions_contiguous([f.cleaned_data.get("position") for f in kept])
        except rules.Invalid as error:
            raise forms.ValidationError(error.message) from None


class StepForm(forms.ModelForm[ProcessStep]):
    def clean_agency_code(self) -> str:
        code = str(self.cleaned_data.get("agency_code") or "").strip()
        if code and not Agency.objects.filter(code=code).exists():
            raise forms.ValidationError(_("Unknown agency %(code)s.") % {"code": code})
        return code


class StepFormSet(PositionedFormSet):
    """Stages in order, and the stages' days (the longest step of a parallel stage) equal
    to the processing time."""

    def clean(self) -> None:
        super().clean()
        if any(f.errors for f in self.forms):
            return
        kept = sorted(self.kept_forms(), key=lambda f: f.cleaned_data.get("position") or 0)
        stages = [f.cleaned_data.get("stage") for f in kept]
        try:
            rules.stages_ordered(stages)
            days = self.instance.processing_days
            if days is not None:
                rules.steps_sum([f.cleaned_data["days"] for f in kept], days, stages=stages)
        except rules.Invalid as error:
            raise forms.ValidationError(error.message) from None


class ComponentInline(admin.TabularInline[Component, ProcedureVersion]):
    model = Component
    form = ComponentForm
    formset = PositionedFormSet
    extra = 0


class FeeInline(admin.TabularInline[Fee, ProcedureVersion]):
    model = Fee
    extra = 0


class StepInline(admin.TabularInline[ProcessStep, ProcedureVersion]):
    model = ProcessStep
    form = StepForm
    formset = StepFormSet
    extra = 0


class VersionForm(forms.ModelForm[ProcedureVersion]):
    """The time line rule of ``procedure_version_create``: no overlap, numbers follow dates,
    and the open version before this one is closed on the day this one starts."""

    closes: list[tuple[ProcedureVersion, dt.date | None]]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.closes = []
        procedure = cleaned.get("procedure") or getattr(self.instance, "procedure", None)
        start = cleaned.get("effective_from")
        number = cleaned.get("number") or self.instance.number
        if procedure is None or start is None or number is None:
            return cleaned
        others = ProcedureVersion.objects.filter(procedure=procedure).exclude(pk=self.instance.pk)
        spans = [rules.Span(v, v.number, v.effective_from, v.effective_until) for v in others]
        this = rules.Span(None, number, start, cleaned.get("effective_until"))
        problems = rules.timeline_problems([*spans, this])
        if problems:
            raise forms.ValidationError([message for _a, _b, message in problems])
        cleaned["effective_until"] = this.effective_until
        self.closes = [
            (s.key, s.effective_until)
            for s in spans
            if isinstance(s.key, ProcedureVersion) and s.effective_until != s.key.effective_until
        ]
        return cleaned


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(AuditedAdmin[ProcedureVersion]):
    form = VersionForm
    list_display = [
        "procedure",
        "number",
        "name",
        "effective_from",
        "effective_until",
        "online_mode",
        "processing_days",
    ]
    list_filter = ["online_mode", "procedure__field"]
    search_fields = ["procedure__code", "name"]
    list_select_related = ["procedure", "procedure__field"]
    inlines = [ComponentInline, FeeInline, StepInline]
    fieldsets = [
        (None, {"fields": ["procedure", "number", "effective_from", "effective_until", "name"]}),
        (
            _("Content"),
            {
                "fields": [
                    "description",
                    "conditions",
                    "legal_basis",
                    "competent_authority",
                    "processing_days",
                    "online_mode",
                    "result_type",
                    "electronic_result",
                ]
            },
        ),
        (_("Information the applicant gives"), {"fields": ["form_fields"]}),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A version belongs to its procedure for good: dossiers point at it.
        return ["procedure", "number"] if obj is not None else []

    def save_model(
        self, request: HttpRequest, obj: ProcedureVersion, form: Any, change: bool
    ) -> None:
        for version, until in form.closes:
            version.effective_until = until
            version.save(update_fields=["effective_until"])
            audit_record(
                "procedure_version_closed",
                actor=request.user,
                target=version,
                summary=f"{version.procedure.code} v{version.number}",
                data={"effective_until": str(until)},
            )
        # The search text folds the code, name and field; keep it in step with any edit.
        obj.refresh_search_text()
        super().save_model(request, obj, form, change)
