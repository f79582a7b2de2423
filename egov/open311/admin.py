"""Partner applications in the admin: issue a key (the "add" page), issue a replacement
key, revoke. Every change goes through ``services`` (system administrators only, audited);
a new key is shown once, on a page that is not cached, and never again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from egov.core.errors import ApplicationError

from . import services
from .models import Open311Client

TEMPLATES = "admin/open311/open311client/"


class IssueForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the partner application"),
        max_length=services.MAX_NAME,
        help_text=_("For example: Quận 11 trực tuyến. Its reports are recorded under it."),
    )


@admin.register(Open311Client)
class Open311ClientAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "created_at", "created_by", "revoked_at", "active")
    search_fields = ("name",)
    fields = ("name", "created_at", "created_by", "revoked_at")
    readonly_fields = ("name", "created_at", "created_by", "revoked_at")
    actions = ["issue_replacement_key", "revoke_selected"]

    @admin.display(boolean=True, description=_("key accepted"))
    def active(self, obj: Open311Client) -> bool:
        return obj.is_active

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # a revoked client stays, so the audit trail keeps naming it

    def _context(self, request: HttpRequest, title: Any, **extra: Any) -> dict[str, Any]:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }

    def _show_key(self, request: HttpRequest, issued: services.IssuedKey) -> HttpResponse:
        response = TemplateResponse(
            request,
            TEMPLATES + "key.html",
            self._context(request, _("The new API key"), client=issued.client, key=issued.key),
        )
        response["Cache-Control"] = "no-store"
        return response

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = IssueForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            try:
                issued = services.client_create(name=form.cleaned_data["name"], actor=request.user)
            except ApplicationError as error:
                form.add_error("name", str(error.message))
            else:
                return self._show_key(request, issued)
        return TemplateResponse(
            request,
            TEMPLATES + "issue.html",
            self._context(request, _("Issue an API key to a partner application"), form=form),
        )

    def _confirm(
        self, request: HttpRequest, queryset: QuerySet[Open311Client], action: str, title: Any
    ) -> HttpResponse:
        return TemplateResponse(
            request,
            TEMPLATES + "confirm.html",
            self._context(
                request,
                title,
                clients=queryset,
                action=action,
                action_checkbox_name=ACTION_CHECKBOX_NAME,
            ),
        )

    @admin.action(
        description=_("Issue a replacement key (the old one stops working)"),
        permissions=["change"],
    )
    def issue_replacement_key(
        self, request: HttpRequest, queryset: QuerySet[Open311Client]
    ) -> HttpResponse | None:
        if queryset.count() != 1:
            messages.error(request, _("Choose exactly one partner application."))
            return None
        if "apply" not in request.POST:
            return self._confirm(
                request, queryset, "issue_replacement_key", _("Issue a replacement key")
            )
        try:
            issued = services.client_rekey(queryset.get(), actor=request.user)
        except ApplicationError as error:
            messages.error(request, str(error.message))
            return None
        return self._show_key(request, issued)

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke_selected(
        self, request: HttpRequest, queryset: QuerySet[Open311Client]
    ) -> HttpResponse | None:
        if "apply" not in request.POST:
            return self._confirm(request, queryset, "revoke_selected", _("Revoke API keys"))
        done = 0
        for client in queryset:
            try:
                services.client_revoke(client, actor=request.user)
            except ApplicationError as error:
                messages.error(request, f"{client}: {error.message}")
            else:
                done += 1
        if done:
            messages.success(
                request,
                ngettext("%(count)d key revoked.", "%(count)d keys revoked.", done)
                % {"count": done},
            )
        return None
