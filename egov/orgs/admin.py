"""Back-office screens for reference data and accounts (system administrators)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

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


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ["code", "name", "kind", "unit", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["unit", "parent"]
    list_select_related = ["unit", "parent"]
    inlines = [DepartmentInline]


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
    list_display = ["user", "agency", "department", "position"]
    list_filter = ["agency"]
    search_fields = ["user__username", "user__first_name", "user__email", "agency__name"]
    autocomplete_fields = ["user", "agency", "department"]
    list_select_related = ["user", "agency", "department"]
    inlines = [RoleGrantInline]


class OfficialProfileInline(admin.StackedInline[OfficialProfile, User]):
    model = OfficialProfile
    extra = 0
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
