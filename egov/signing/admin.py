"""Operators' screens: lists that cannot be edited (the encrypted key is never shown), and
three actions that go through the services, hence their permission checks and audit lines:
revoke certificates (with a reason), issue a demo certificate, refresh the trust flags."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from egov.core.errors import ApplicationError
from egov.orgs.models import Agency, User

from . import selectors, services
from .models import Certificate, TrustedRoot


class _ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the revocation"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Recorded with the certificate and in the audit trail."),
    )


class IssueDemoForm(forms.Form):
    owner_agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        required=False,
        label=_("Agency (organisation certificate)"),
    )
    owner_official = forms.ModelChoiceField(
        queryset=User.objects.filter(official__isnull=False).order_by("first_name", "username"),
        required=False,
        label=_("Official (personal certificate)"),
    )
    valid_days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=3650, initial=365
    )
    create_ca = forms.BooleanField(
        required=False,
        label=_("Create egov's demo certificate authority first if there is none"),
        help_text=_("Its certificates are marked NOT TRUSTED and are for demonstrations only."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("owner_agency")) == bool(data.get("owner_official")):
            raise forms.ValidationError(_("Choose either an agency or an official, not both."))
        return data


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
    actions = ["revoke_selected"]
    change_list_template = "admin/signing/certificate/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "cap-chung-thu-thu-nghiem/",
                self.admin_site.admin_view(self.issue_demo_view),
                name="signing_certificate_issue_demo",
            ),
            path(
                "cap-nhat-tin-cay/",
                self.admin_site.admin_view(self.refresh_trust_view),
                name="signing_certificate_refresh_trust",
            ),
        ]
        return own + super().get_urls()

    @admin.action(description=_("Revoke the selected certificates"))
    def revoke_selected(
        self, request: HttpRequest, queryset: QuerySet[Certificate]
    ) -> HttpResponse | None:
        form = RevokeForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = 0
            for certificate in queryset:
                try:
                    services.certificate_revoke(
                        certificate, actor=request.user, reason=form.cleaned_data["reason"]
                    )
                except ApplicationError as error:
                    messages.error(request, f"{certificate}: {error}")
                else:
                    done += 1
            if done:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d certificate revoked.", "%(count)d certificates revoked.", done
                    )
                    % {"count": done},
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Revoke certificates"),
            "form": form,
            "certificates": queryset,
            "action": "revoke_selected",
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/signing/certificate/revoke.html", context)

    def issue_demo_view(self, request: HttpRequest) -> HttpResponse:
        form = IssueDemoForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            try:
                if data["create_ca"] and selectors.latest_demo_ca() is None:
                    services.local_ca_create(actor=request.user)
                start = timezone.now() - dt.timedelta(minutes=5)
                certificate = services.certificate_issue(
                    owner_agency=data["owner_agency"],
                    owner_user=data["owner_official"],
                    actor=request.user,
                    valid_from=start,
                    valid_until=start + dt.timedelta(days=data["valid_days"]),
                )
            except ApplicationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("Demo certificate issued: %(name)s") % {"name": certificate}
                )
                return HttpResponseRedirect(reverse("admin:signing_certificate_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Issue a demo certificate"),
            "form": form,
        }
        return TemplateResponse(request, "admin/signing/certificate/issue_demo.html", context)

    def refresh_trust_view(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            changed = services.certificates_trust_refresh(actor=request.user)
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "Trust recomputed: %(count)d certificate changed.",
                    "Trust recomputed: %(count)d certificates changed.",
                    changed,
                )
                % {"count": changed},
            )
        return HttpResponseRedirect(reverse("admin:signing_certificate_changelist"))


@admin.register(TrustedRoot)
class TrustedRootAdmin(_ReadOnly):
    list_display = ("name", "not_after", "fingerprint", "created_at")
    search_fields = ("name", "fingerprint")
