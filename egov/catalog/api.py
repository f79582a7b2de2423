"""HTTP API of the procedure catalogue (mounted at /api/v1/catalog/): public, read only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from egov.core.errors import NotFound, ValidationFailed

from .models import Fee, OnlineMode, ProcedureVersion
from .rules import form_fields_from_data
from .selectors import agency_exists, field_exists, procedure_detail, procedure_search

router = Router(tags=["catalog"])

ONLINE_FILTERS = (*OnlineMode.values, "any")
# Far beyond any catalogue (10 million procedures at 100 a page), far below the offsets the
# databases can hold: page 99999999999999999999999 overflowed their integers (a 500).
MAX_PAGE = 100_000


class Pages(PageNumberPagination):
    """ninja's page-number pagination, refusing a page past ``MAX_PAGE`` with a clear 400."""

    def paginate_queryset(
        self,
        queryset: QuerySet[Any],
        pagination: PageNumberPagination.Input,
        request: HttpRequest,
        **params: Any,
    ) -> Any:
        if pagination.page > MAX_PAGE:
            raise ValidationFailed(
                _("The page number must be between 1 and %(max)d.") % {"max": MAX_PAGE},
                code="invalid_page",
                field="page",
            )
        return super().paginate_queryset(queryset, pagination, request, **params)


def _total_fees(versions: QuerySet[ProcedureVersion]) -> QuerySet[ProcedureVersion]:
    total = (
        Fee.objects.filter(version=OuterRef("pk"))
        .values("version")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return versions.annotate(total_fees=Coalesce(Subquery(total), 0))


class ProcedureItem(Schema):
    code: str
    name: str
    field: str
    level: str
    processing_days: float
    online_mode: str
    legacy_level: int
    total_fees: int
    url: str

    @staticmethod
    def resolve_code(obj: ProcedureVersion) -> str:
        return obj.procedure.code

    @staticmethod
    def resolve_field(obj: ProcedureVersion) -> str:
        return obj.procedure.field.name

    @staticmethod
    def resolve_level(obj: ProcedureVersion) -> str:
        return obj.procedure.level

    @staticmethod
    def resolve_url(obj: ProcedureVersion) -> str:
        return reverse("api-v1:catalog_procedure_detail", kwargs={"code": obj.procedure.code})


class ComponentOut(Schema):
    position: int
    name: str
    kind: str
    count: int
    required: bool
    template_url: str | None


class FeeOut(Schema):
    kind: str
    description: str
    amount: int
    exemptions: str


class StepOut(Schema):
    position: int
    name: str
    role: str
    department: str
    days: float
    agency_code: str
    stage: int


class FormFieldOut(Schema):
    key: str
    label: str
    help: str
    type: str
    required: bool
    choices: list[str]


class AgencyOut(Schema):
    code: str
    name: str


class ProcedureOut(Schema):
    code: str
    name: str
    field: str
    field_code: str
    level: str
    version: int
    effective_from: dt.date
    effective_until: dt.date | None
    description: str
    conditions: str
    legal_basis: str
    competent_authority: str
    processing_days: float
    online_mode: str
    legacy_level: int
    result_type: str
    electronic_result: bool
    total_fees: int
    agencies: list[AgencyOut]
    components: list[ComponentOut]
    fees: list[FeeOut]
    steps: list[StepOut]
    form_fields: list[FormFieldOut]


class ErrorOut(Schema):
    code: str
    message: str


@router.get(
    "/procedures",
    response=list[ProcedureItem],
    url_name="catalog_procedures",
    summary="Search the procedures in force",
)
@paginate(Pages, page_size=20, max_page_size=100)
def procedures(
    request: HttpRequest,
    q: str = "",
    field: str | None = None,
    agency: str | None = None,
    online: str | None = None,
) -> Any:
    """Diacritic- and case-insensitive search; ``online`` is full, partial, none or any."""
    if online and online not in ONLINE_FILTERS:
        raise ValidationFailed(
            _("The online filter must be one of: %(values)s.")
            % {"values": ", ".join(ONLINE_FILTERS)},
            field="online",
        )
    if field and not field_exists(code=field):
        raise ValidationFailed(_("Unknown field %(code)s.") % {"code": field}, field="field")
    if agency and not agency_exists(code=agency):
        raise ValidationFailed(_("Unknown agency %(code)s.") % {"code": agency}, field="agency")
    versions = procedure_search(q=q, field=field, agency=agency, online=online or None)
    # The list shows none of the long texts; leave them in the database.
    versions = versions.defer("description", "conditions", "legal_basis", "search_text")
    return _total_fees(versions)


@router.get(
    "/procedures/{code}",
    response={200: ProcedureOut, 404: ErrorOut},
    url_name="catalog_procedure_detail",
    summary="One procedure as in force today (or on a given day)",
)
def procedure(request: HttpRequest, code: str, on: dt.date | None = None) -> dict[str, Any]:
    version = procedure_detail(code=code, on=on)
    if version is None:
        raise NotFound(_("No procedure %(code)s is in force.") % {"code": code})
    fees = list(version.fees.all())
    return {
        "code": version.procedure.code,
        "name": version.name,
        "field": version.procedure.field.name,
        "field_code": version.procedure.field.code,
        "level": version.procedure.level,
        "version": version.number,
        "effective_from": version.effective_from,
        "effective_until": version.effective_until,
        "description": version.description,
        "conditions": version.conditions,
        "legal_basis": version.legal_basis,
        "competent_authority": version.competent_authority,
        "processing_days": version.processing_days,
        "online_mode": version.online_mode,
        "legacy_level": version.legacy_level,
        "result_type": version.result_type,
        "electronic_result": version.electronic_result,
        "total_fees": sum(f.amount for f in fees),
        "agencies": [{"code": a.code, "name": a.name} for a in version.procedure.agencies.all()],
        "components": [
            {
                "position": c.position,
                "name": c.name,
                "kind": c.kind,
                "count": c.count,
                "required": c.required,
                "template_url": request.build_absolute_uri(
                    reverse("catalog:template_download", args=[c.pk])
                )
                if c.template
                else None,
            }
            for c in version.components.all()
        ],
        "fees": [
            {
                "kind": f.kind,
                "description": f.description,
                "amount": f.amount,
                "exemptions": f.exemptions,
            }
            for f in fees
        ],
        "steps": [
            {
                "position": s.position,
                "name": s.name,
                "role": s.role,
                "department": s.department,
                "days": s.days,
                "agency_code": s.agency_code,
                "stage": s.effective_stage,
            }
            for s in version.steps.all()
        ],
        # What the applicant's form asks beyond the components (stored valid; read the
        # same way as the wizard reads it).
        "form_fields": [spec.as_data() for spec in form_fields_from_data(version.form_fields)[0]],
    }
