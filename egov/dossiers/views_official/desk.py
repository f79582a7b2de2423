"""The desk registers a paper dossier: find the procedure, then fill in the applicant."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from egov.catalog.models import ProcedureVersion
from egov.catalog.selectors import procedure_detail, procedure_search
from egov.core.errors import ApplicationError, PermissionRefused
from egov.orgs.models import Agency, Role
from egov.orgs.permissions import can_act

from .. import procedure_fields, services
from ..forms_official import ProcedureSearchForm, RegisterForm
from ._common import is_desk_officer, nav_context, official_required

SEARCH_LIMIT = 30
FIELD_PREFIX = "thong_tin-"  # the procedure's own fields, apart from the applicant's


def desk_agencies(user: Any, version: ProcedureVersion) -> QuerySet[Agency]:
    """The competent agencies of ``version`` whose dossiers ``user``'s desk receives."""
    ids = [
        agency.pk
        for agency in version.procedure.agencies.filter(is_active=True)
        if can_act(
            user,
            agency=services.receiving_agency_for(agency),
            role=Role.DESK_OFFICER,
            inherited=False,
        )
    ]
    return Agency.objects.filter(pk__in=ids).order_by("name")


def _search(request: HttpRequest) -> HttpResponse:
    form = ProcedureSearchForm(request.GET or None)
    results: list[ProcedureVersion] = []
    if form.is_valid():
        found = procedure_search(q=form.cleaned_data["q"])
        results = [v for v in found[:SEARCH_LIMIT] if desk_agencies(request.user, v).exists()]
    return render(
        request,
        "dossiers/official/register_search.html",
        {"form": form, "results": results, "searched": form.is_bound, "is_desk": True},
    )


_FIELD_OF = {"delivery_address": "delivery_address", "delivery": "delivery"}


def _refuse(form: RegisterForm, error: ApplicationError) -> None:
    errors = error.extra.get("errors") or {}
    for field, message in errors.items():
        name = _FIELD_OF.get(field, field)
        form.add_error(name if name in form.fields else None, message)
    if not errors:
        form.add_error(None, str(error.message))


def _applicant(form: RegisterForm) -> services.Applicant:
    data = form.cleaned_data
    return services.Applicant(
        name=data["name"],
        kind=data["kind"],
        id_number=data["id_number"],
        phone=data["phone"],
        email=data["email"],
        address_unit=form.address_unit_object(),
        address_street=data["address_street"],
        on_behalf=data["on_behalf"],
        submitter_name=data["submitter_name"],
        submitter_id_number=data["submitter_id_number"],
        submitter_phone=data["submitter_phone"],
    )


@require_http_methods(["GET", "POST"])
@official_required
def register(request: HttpRequest) -> HttpResponse:
    """Register a walk-in or postal dossier; its documents are scanned on its own page."""
    if not is_desk_officer(request.user):
        raise PermissionRefused(_("Only one-stop desk officers register dossiers."))
    code = request.GET.get("procedure", "")
    version = procedure_detail(code=code) if code else None
    if version is None:
        return _search(request)
    agencies = desk_agencies(request.user, version)
    form = RegisterForm(
        request.POST or None,
        agencies=agencies,
        electronic_result=version.electronic_result,
    )
    specs = procedure_fields.definitions(version)
    procedure_fields.add_fields(form, specs, optional=True, prefix=FIELD_PREFIX)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dossier = services.desk_register(
                actor=request.user,
                version=version,
                handling_agency=data["handling_agency"],
                applicant=_applicant(form),
                channel=data["channel"],
                delivery=data["delivery"],
                delivery_address=data["delivery_address"],
                details=procedure_fields.form_values(form, specs, prefix=FIELD_PREFIX),
            )
        except ApplicationError as error:
            _refuse(form, error)
        else:
            messages.success(
                request,
                _("Dossier registered. Now scan each document into it, then accept it."),
            )
            return redirect("dossiers:official_dossier", public_id=dossier.public_id)
    return render(
        request,
        "dossiers/official/register.html",
        {
            "form": form,
            "version": version,
            "has_agency": agencies.exists(),
            "procedure_fields": [form[FIELD_PREFIX + spec.key] for spec in specs],
            **nav_context(request.user),
        },
    )
