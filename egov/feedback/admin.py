"""Back office: categories and their routing are configured here (audited); reports, their
timelines and ratings are read-only, because every change to a report goes through the
services and its pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from egov.core.audit import audit_record

from .models import Assignment, Category, Event, Rating, Report, Route


class RouteInline(admin.TabularInline[Route, Category]):
    model = Route
    extra = 1
    autocomplete_fields = ["unit", "agency"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ["code", "name", "handling_days", "location_required", "is_active"]
    list_filter = ["is_active", "location_required"]
    search_fields = ["code", "name"]
    inlines = [RouteInline]
    autocomplete_fields = ["default_agency"]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        audit_record(
            f"feedback.category_{'changed' if change else 'added'}_in_admin",
            actor=request.user,
            target=form.instance,
            summary=str(form.instance),
            data={"fields": list(form.changed_data)},
        )

    def delete_model(self, request: HttpRequest, obj: Category) -> None:
        audit_record(
            "feedback.category_deleted_in_admin", actor=request.user, target=obj, summary=str(obj)
        )
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Category]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyInline(admin.TabularInline[Any, Report]):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EventInline(ReadOnlyInline):
    model = Event
    fields = readonly_fields = (
        "at",
        "action",
        "actor_name",
        "agency",
        "from_status",
        "to_status",
        "note",
    )


class AssignmentInline(ReadOnlyInline):
    model = Assignment
    fields = readonly_fields = (
        "agency",
        "assigned_at",
        "due_at",
        "ended_at",
        "outcome",
        "reopened",
    )


class RatingInline(ReadOnlyInline):
    model = Rating
    fields = readonly_fields = ("rated_at", "agency", "satisfied", "comment")


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin[Report]):
    list_display = ["code", "title", "category", "status", "receiving_agency", "handling_agency"]
    list_filter = ["status", "category", "channel"]
    search_fields = ["code", "title"]
    inlines = [AssignmentInline, RatingInline, EventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
