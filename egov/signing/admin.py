"""Read-only lists for operators: changes go through the services (audited), never the admin
forms, and the encrypted key is never shown."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import Certificate, TrustedRoot


class _ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Certificate)
class CertificateAdmin(_ReadOnly):
    list_display = (
        "common_name",
        "organisation",
        "owner_agency",
        "owner_user",
        "not_after",
        "trusted",
        "revoked",
    )
    list_filter = ("trusted", "revoked", "is_authority")
    search_fields = ("common_name", "organisation", "serial_number", "fingerprint")
    exclude = ("private_key_encrypted",)


@admin.register(TrustedRoot)
class TrustedRootAdmin(_ReadOnly):
    list_display = ("name", "not_after", "fingerprint", "created_at")
    search_fields = ("name", "fingerprint")
