"""Admin for office hours and official schedules; every save goes through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from . import services
from .models import CalendarNotice, CalendarOverride, OfficeHours


@admin.register(OfficeHours)
class OfficeHoursAdmin(admin.ModelAdmin[OfficeHours]):
    list_display = (
        "name",
        "morning_start",
        "morning_end",
        "afternoon_start",
        "afternoon_end",
        "cutoff",
        "saturday_morning",
    )
    search_fields = ("name",)

    def save_model(
        self, request: HttpRequest, obj: OfficeHours, form: ModelForm[OfficeHours], change: bool
    ) -> None:
        services.office_hours_save(obj, actor=request.user)


class CalendarOverrideInline(admin.TabularInline[CalendarOverride, CalendarNotice]):
    model = CalendarOverride
    fields = ("date", "kind", "reason", "note")
    extra = 1


@admin.register(CalendarNotice)
class CalendarNoticeAdmin(admin.ModelAdmin[CalendarNotice]):
    list_display = ("reference", "year", "title", "issued_on")
    list_filter = ("year",)
    search_fields = ("reference", "title")
    inlines = (CalendarOverrideInline,)

    def save_model(
        self,
        request: HttpRequest,
        obj: CalendarNotice,
        form: ModelForm[CalendarNotice],
        change: bool,
    ) -> None:
        services.notice_save(obj, actor=request.user)

    def delete_model(self, request: HttpRequest, obj: CalendarNotice) -> None:
        services.notice_delete(obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarNotice]) -> None:
        for notice in queryset:
            services.notice_delete(notice, actor=request.user)

    def save_formset(
        self,
        request: HttpRequest,
        form: Any,
        formset: BaseInlineFormSet[Any, Any, Any],
        change: bool,
    ) -> None:
        rows: list[CalendarOverride] = formset.save(commit=False)
        for row in formset.deleted_objects:
            services.override_remove(row, actor=request.user)
        for row in rows:
            if row.pk is not None:
                # A changed date is a different day: drop the old entry, then set the new one.
                old = CalendarOverride.objects.get(pk=row.pk)
                if old.date != row.date:
                    services.override_remove(old, actor=request.user)
            services.override_set(
                notice=form.instance,
                date=row.date,
                kind=row.kind,
                reason=row.reason,
                note=row.note,
                actor=request.user,
            )
