"""Back office: categories and their routing are configured here (audited); reports, their
timelines and ratings are read-only, because every change to a report goes through the
services and its pages.

A category's extra questions are checked by ``feedback.attributes`` (``Category.clean``),
the same code that writes them for partners in Open311 ``services/<code>``; the change page
shows what partners will read. The category list says which agency receives reports sent
online (``EGOV_FEEDBACK_HOTLINE_AGENCY``).
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from egov.core.audit import audit_record

from .attributes import open311_attributes
from .models import Assignment, Category, Event, Rating, Report, Route
from .selectors import hotline_setting

ATTRIBUTES_HELP = _(
    "Open311 attribute definitions, as a JSON list. Each question: code (letters, digits, - "
    "and _), datatype (string, number, datetime, text, singlevaluelist, multivaluelist), "
    "description (the question), required (true/false), order, and for lists values "
    '[{"key": ..., "name": ...}]. Example: [{"code": "pole", "datatype": "string", '
    '"required": false, "description": "Số cột đèn", "order": 1}]'
)


class RouteInline(admin.TabularInline[Route, Category]):
    model = Route
    extra = 1
    autocomplete_fields = ["unit", "agency"]
    verbose_name = _("routing rule (the agency proposed for a commune or district)")


def _route_changes(formsets: Any) -> dict[str, list[str]]:
    """What the routing rules' formset saved, for the audit entry."""
    changes: dict[str, list[str]] = {"added": [], "changed": [], "deleted": []}
    for formset in formsets:
        if getattr(formset, "model", None) is not Route:
            continue
        changes["added"] += [str(route) for route in formset.new_objects]
        changes["changed"] += [str(route) for route, _fields in formset.changed_objects]
        changes["deleted"] += [str(route) for route in formset.deleted_objects]
    return {key: value for key, value in changes.items() if value}


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = [
        "code",
        "name",
        "handling_days",
        "location_required",
        "default_agency",
        "route_count",
        "is_active",
    ]
    list_filter = ["is_active", "location_required"]
    search_fields = ["code", "name"]
    inlines = [RouteInline]
    autocomplete_fields = ["default_agency"]
    readonly_fields = ["open311_preview"]
    fields = [
        "code",
        "name",
        "description",
        "group",
        "handling_days",
        "location_required",
        "default_agency",
        "attributes",
        "open311_preview",
        "position",
        "is_active",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Category]:
        return super().get_queryset(request).annotate(routes_n=Count("routes"))

    @admin.display(description=_("routing rules"), ordering="routes_n")
    def route_count(self, obj: Category) -> int:
        return int(getattr(obj, "routes_n", 0))

    @admin.display(description=_("what partner applications read (Open311)"))
    def open311_preview(self, obj: Category) -> str:
        if obj.pk is None:
            return "—"
        try:
            attributes = open311_attributes(obj.attributes or [])
        except ValidationError:
            return str(_("The saved questions are not valid: correct them above."))
        return format_html(
            '<pre class="feedback-open311">{}</pre>',
            json.dumps(attributes, ensure_ascii=False, indent=2),
        )

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.base_fields["attributes"].help_text = ATTRIBUTES_HELP
        return form

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return super().changelist_view(
            request, {**(extra_context or {}), "hotline": hotline_setting()}
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        audit_record(
            f"feedback.category_{'changed' if change else 'added'}_in_admin",
            actor=request.user,
            target=form.instance,
            summary=str(form.instance),
            data={"fields": list(form.changed_data), "routes": _route_changes(formsets)},
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
