"""Operators' lists. Requests, books and entries are read-only (they change only through the
audited services); which agencies certify besides the communes is set here, through
``services.certifying_agency_set``."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from . import services
from .models import BookEntry, CertificationBook, CertifyingAgency, CopyRequest


class _ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(CertifyingAgency)
class CertifyingAgencyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("agency", "is_active")
    list_filter = ("is_active",)
    autocomplete_fields = ("agency",)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # switch it off instead: its books stay

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = services.certifying_agency_set(
            agency=obj.agency, active=obj.is_active, actor=request.user
        )
        obj.pk = saved.pk


@admin.register(CopyRequest)
class CopyRequestAdmin(_ReadOnly):
    list_display = ("document_name", "requester_name", "agency", "status", "submitted_at")
    list_filter = ("status", "channel")
    search_fields = ("requester_name", "document_name")
    exclude = ("search_text",)


@admin.register(CertificationBook)
class CertificationBookAdmin(_ReadOnly):
    list_display = ("agency", "year", "volume", "last_number")
    list_filter = ("year",)


@admin.register(BookEntry)
class BookEntryAdmin(_ReadOnly):
    list_display = ("number", "book", "certified_at", "requester_name", "document_name", "fee")
    list_filter = ("book__year",)
    search_fields = ("requester_name", "document_name", "verification_code")
    exclude = ("search_text",)
