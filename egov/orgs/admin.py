"""Back-office screens for reference data and accounts (system administrators)."""

from __future__ import annotations

import base64
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from egov.core.errors import ApplicationError, ValidationFailed
from egov.core.uploads import CheckedFileField, FileKind

from . import images, services
from .models import (
    AdministrativeUnit,
    Agency,
    BusinessProfile,
    CitizenProfile,
    Department,
    OfficialProfile,
    RoleGrant,
    User,
)


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin[AdministrativeUnit]):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_until"]
    list_filter = ["kind", ("valid_until", admin.EmptyFieldListFilter)]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["predecessors"]
    list_select_related = ["parent"]
    readonly_fields = ["successor_list"]

    @admin.display(description=_("successors"))
    def successor_list(self, unit: AdministrativeUnit) -> str:
        return ", ".join(f"{u.code} {u.name}" for u in unit.successors.all()) or "—"


class DepartmentInline(admin.TabularInline[Department, Agency]):
    model = Department
    extra = 0


# --- signature and seal pictures: uploaded through the orgs services (checked, audited) ----


def _new_picture_field(label: Any) -> CheckedFileField:
    return CheckedFileField(
        allowed={FileKind.PNG}, max_bytes=images.MAX_BYTES, required=False, label=label
    )


def _checked(form: forms.ModelForm[Any], picture: images.Picture) -> Any:
    upload = form.cleaned_data.get("new_picture")
    if upload:
        try:
            images.check_picture(upload, picture)
        except ValidationFailed as error:
            raise ValidationError(str(error), code=error.code) from None
    return upload


def _preview(field: FieldFile) -> str:
    if not field.name:
        return "—"
    try:
        with field.storage.open(field.name, "rb") as stored:
            data = stored.read(images.MAX_BYTES + 1)
    except OSError:
        return str(_("The file is missing from storage."))
    encoded = base64.b64encode(data).decode("ascii")
    return format_html(
        '<img src="data:image/png;base64,{}" alt="" style="max-height:160px;'
        'background:repeating-conic-gradient(#eee 0 25%,#fff 0 50%) 0 0/16px 16px">',
        encoded,
    )


def _apply(request: HttpRequest, form: forms.ModelForm[Any], change: Any) -> None:
    """Run a picture service after the object is saved; a refusal becomes a message."""
    upload = form.cleaned_data.get("new_picture")
    if not upload and not form.cleaned_data.get("remove_picture"):
        return
    try:
        change(upload or None)
    except ApplicationError as error:
        messages.error(request, str(error))


class AgencyAdminForm(forms.ModelForm[Agency]):
    new_picture = _new_picture_field(_("new seal image (red PNG, transparent, real size)"))
    remove_picture = forms.BooleanField(required=False, label=_("remove the seal image"))

    class Meta:
        model = Agency
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "unit",
            "parent",
            "office_hours",
            "address",
            "phone",
            "email",
            "is_active",
        ]

    def clean_new_picture(self) -> Any:
        return _checked(self, images.Picture.SEAL)


class OfficialProfileAdminForm(forms.ModelForm[OfficialProfile]):
    new_picture = _new_picture_field(_("new signature image (blue PNG, transparent)"))
    remove_picture = forms.BooleanField(required=False, label=_("remove the signature image"))

    class Meta:
        model = OfficialProfile
        fields = ["user", "agency", "department", "position"]

    def clean_new_picture(self) -> Any:
        return _checked(self, images.Picture.SIGNATURE)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    form = AgencyAdminForm
    list_display = ["code", "name", "kind", "unit", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["unit", "parent"]
    list_select_related = ["unit", "parent"]
    readonly_fields = ["seal_preview"]
    inlines = [DepartmentInline]

    @admin.display(description=_("seal image"))
    def seal_preview(self, agency: Agency) -> str:
        return _preview(agency.seal_image)

    def save_model(
        self, request: HttpRequest, obj: Agency, form: forms.ModelForm[Agency], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        _apply(
            request,
            form,
            lambda image: services.agency_set_seal_image(
                agency=obj, image=image, actor=request.user
            ),
        )


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = ["code", "name", "agency", "is_one_stop_desk"]
    list_filter = ["is_one_stop_desk"]
    search_fields = ["code", "name", "agency__name"]
    autocomplete_fields = ["agency"]
    list_select_related = ["agency"]


class RoleGrantInline(admin.TabularInline[RoleGrant, OfficialProfile]):
    model = RoleGrant
    extra = 0


@admin.register(OfficialProfile)
class OfficialProfileAdmin(admin.ModelAdmin[OfficialProfile]):
    form = OfficialProfileAdminForm
    list_display = ["user", "agency", "department", "position"]
    list_filter = ["agency"]
    search_fields = ["user__username", "user__first_name", "user__email", "agency__name"]
    autocomplete_fields = ["user", "agency", "department"]
    list_select_related = ["user", "agency", "department"]
    readonly_fields = ["signature_preview"]
    inlines = [RoleGrantInline]

    @admin.display(description=_("signature image"))
    def signature_preview(self, profile: OfficialProfile) -> str:
        return _preview(profile.signature_image)

    def save_model(
        self,
        request: HttpRequest,
        obj: OfficialProfile,
        form: forms.ModelForm[OfficialProfile],
        change: bool,
    ) -> None:
        super().save_model(request, obj, form, change)
        _apply(
            request,
            form,
            lambda image: services.official_set_signature_image(
                user=obj.user, image=image, actor=request.user
            ),
        )


class OfficialProfileInline(admin.StackedInline[OfficialProfile, User]):
    model = OfficialProfile
    extra = 0
    exclude = ["signature_image"]  # set on the official's own page, through the service
    autocomplete_fields = ["agency", "department"]
    show_change_link = True  # roles are edited on the official's own page


class CitizenProfileInline(admin.StackedInline[CitizenProfile, User]):
    model = CitizenProfile
    extra = 0
    autocomplete_fields = ["address_unit"]


class BusinessProfileInline(admin.StackedInline[BusinessProfile, User]):
    model = BusinessProfile
    extra = 0
    autocomplete_fields = ["address_unit"]


@admin.register(User)
class AccountAdmin(UserAdmin[User]):
    list_display = ["username", "email", "phone", "first_name", "kind", "is_active", "is_staff"]
    list_filter = ["kind", "is_active", "is_staff", "is_superuser"]
    search_fields = ["username", "email", "phone", "first_name"]
    ordering = ["username"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("Applicant or official"), {"fields": ["kind", "phone", "official_roles"]}),
    )
    readonly_fields = ["official_roles"]
    add_fieldsets = (
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "kind", "email", "phone", "password1", "password2"],
            },
        ),
    )
    inlines = [OfficialProfileInline, CitizenProfileInline, BusinessProfileInline]

    @admin.display(description=_("roles"))
    def official_roles(self, user: User) -> str:
        grants = RoleGrant.objects.filter(official__user=user)
        return ", ".join(str(grant.get_role_display()) for grant in grants) or "—"
