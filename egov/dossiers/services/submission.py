"""Drafts and submission: a citizen prepares a dossier online, or the desk registers a paper
one for a walk-in applicant. Nothing here counts as *received* yet (see ``reception``)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from egov.catalog.models import Component, OnlineMode, ProcedureVersion
from egov.core.errors import PermissionRefused, ValidationFailed
from egov.orgs.identifiers import normalise_phone, validate_national_id, validate_tax_code
from egov.orgs.models import AdministrativeUnit, Agency, Role

from .. import procedure_fields
from ..lifecycle import Action, Status
from ..models import ApplicantKind, Channel, Delivery, Dossier, DossierFile, Event
from . import files
from ._core import (
    check_state,
    commit,
    lock,
    now,
    record,
    require_any_role,
    require_owner,
    transition,
)

_PHONE = re.compile(r"0[0-9]{9,10}")  # fullmatch: [0-9], as \d takes any Unicode digit


@dataclass
class Applicant:
    """Who applies, as declared (DOMAIN.md §4: individual or organisation, acting for
    someone else or not)."""

    name: str
    kind: str = ApplicantKind.INDIVIDUAL
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address_unit: AdministrativeUnit | None = None
    address_street: str = ""
    on_behalf: bool = False
    submitter_name: str = ""
    submitter_id_number: str = ""
    submitter_phone: str = ""
    errors: dict[str, str] = field(default_factory=dict, repr=False)


def _applicant_errors(applicant: Applicant) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not applicant.name.strip():
        errors["name"] = str(_("Enter the applicant's name."))
    if applicant.id_number:
        try:
            if applicant.kind == ApplicantKind.ORGANISATION:
                validate_tax_code(applicant.id_number)
            else:
                validate_national_id(applicant.id_number)
        except ValidationError as exc:
            errors["id_number"] = " ".join(str(m) for m in exc.messages)
    if applicant.phone and not _PHONE.fullmatch(normalise_phone(applicant.phone)):
        errors["phone"] = str(_("Enter a Vietnamese phone number, like 0912345678."))
    if not applicant.phone and not applicant.id_number:
        errors["phone"] = str(
            _(
                "Enter a phone number or an ID number: its last 4 digits let you look up "
                "the dossier."
            )
        )
    if applicant.on_behalf and not applicant.submitter_name.strip():
        errors["submitter_name"] = str(_("Enter the name of the person submitting."))
    return errors


def _apply_applicant(dossier: Dossier, applicant: Applicant) -> list[str]:
    errors = _applicant_errors(applicant)
    if errors:
        raise ValidationFailed(
            _("Check the applicant's details."), code="applicant_invalid", errors=errors
        )
    dossier.applicant_kind = applicant.kind
    dossier.applicant_name = applicant.name.strip()
    dossier.applicant_id_number = applicant.id_number.strip()
    dossier.applicant_phone = normalise_phone(applicant.phone) if applicant.phone else ""
    dossier.applicant_email = applicant.email.strip().lower()
    dossier.address_unit = applicant.address_unit
    dossier.address_street = applicant.address_street.strip()
    dossier.on_behalf = applicant.on_behalf
    dossier.submitter_name = applicant.submitter_name.strip() if applicant.on_behalf else ""
    dossier.submitter_id_number = applicant.submitter_id_number if applicant.on_behalf else ""
    dossier.submitter_phone = applicant.submitter_phone if applicant.on_behalf else ""
    return [
        "applicant_kind",
        "applicant_name",
        "applicant_id_number",
        "applicant_phone",
        "applicant_email",
        "address_unit",
        "address_street",
        "on_behalf",
        "submitter_name",
        "submitter_id_number",
        "submitter_phone",
    ]


def applicant_from_account(user: Any) -> Applicant:
    """Prefill the applicant from the citizen's or business's own profile."""
    citizen = getattr(user, "citizen", None)
    business = getattr(user, "business", None)
    if business is not None and business.pk:
        return Applicant(
            name=business.name,
            kind=ApplicantKind.ORGANISATION,
            id_number=business.tax_code,
            phone=user.phone or "",
            email=user.email or "",
            address_unit=business.address_unit,
            address_street=business.address_street,
        )
    return Applicant(
        name=citizen.full_name if citizen is not None else user.get_full_name(),
        id_number=citizen.national_id if citizen is not None else "",
        phone=user.phone or "",
        email=user.email or "",
        address_unit=citizen.address_unit if citizen is not None else None,
        address_street=citizen.address_street if citizen is not None else "",
    )


def _check_agency(version: ProcedureVersion, handling_agency: Agency) -> None:
    if not version.procedure.agencies.filter(pk=handling_agency.pk).exists():
        raise ValidationFailed(
            _("%(agency)s does not handle this procedure.") % {"agency": handling_agency.name},
            code="agency_not_competent",
        )


def receiving_agency_for(handling_agency: Agency) -> Agency:
    """Where the dossier is received: a provincial department's dossiers go through the
    province's Public Administration Service Centre when there is one; a commune receives
    its own."""
    if handling_agency.kind in (Agency.Kind.DEPARTMENT, Agency.Kind.PROVINCIAL_COMMITTEE):
        centre = Agency.objects.filter(kind=Agency.Kind.SERVICE_CENTRE, is_active=True).first()
        if centre is not None:
            return centre
    return handling_agency


@transaction.atomic
def draft_create(
    *,
    owner: Any,
    version: ProcedureVersion,
    handling_agency: Agency,
    applicant: Applicant | None = None,
) -> Dossier:
    """Start an online dossier for a logged-in citizen or business."""
    if not getattr(owner, "is_authenticated", False) or hasattr(owner, "official"):
        raise PermissionRefused(_("Sign in with a citizen or business account to apply online."))
    if version.online_mode == OnlineMode.NONE:
        raise ValidationFailed(_("This procedure cannot be submitted online."), code="not_online")
    _check_agency(version, handling_agency)
    dossier = Dossier(
        procedure_version=version,
        handling_agency=handling_agency,
        agency=receiving_agency_for(handling_agency),
        channel=Channel.ONLINE,
        owner=owner,
        created_by=owner,
        delivery=Delivery.ONLINE if version.electronic_result else Delivery.DESK,
    )
    _apply_applicant(dossier, applicant or applicant_from_account(owner))
    dossier.refresh_search_text()
    dossier.save()
    record(dossier, Action.CREATE, actor=owner, from_status="", agency=dossier.agency)
    return dossier


@transaction.atomic
def draft_update(
    dossier: Dossier,
    *,
    actor: Any,
    applicant: Applicant | None = None,
    details: dict[str, Any] | None = None,
    delivery: str | None = None,
    delivery_address: str | None = None,
    declaration_accepted: bool | None = None,
) -> Dossier:
    """Save one page of the online form; the draft stays resumable."""
    dossier = lock(dossier)
    require_owner(actor, dossier)
    if dossier.status != Status.DRAFT:
        raise ValidationFailed(_("This dossier has been submitted and can no longer be edited."))
    fields: list[str] = []
    if applicant is not None:
        fields += _apply_applicant(dossier, applicant)
    if details is not None:
        dossier.details = _checked_details(dossier.procedure_version, details)
        fields.append("details")
    if delivery is not None:
        if delivery not in Delivery.values:
            raise ValidationFailed(_("Choose how to receive the result."), code="delivery")
        dossier.delivery = delivery
        fields.append("delivery")
    if delivery_address is not None:
        dossier.delivery_address = delivery_address.strip()
        fields.append("delivery_address")
    if declaration_accepted is not None:
        dossier.declaration_accepted = declaration_accepted
        fields.append("declaration_accepted")
    commit(dossier, fields=fields)
    return dossier


def _may_add_files(actor: Any, dossier: Dossier) -> Role | None:
    """The owner edits a draft (None); the desk scans documents into a dossier it is
    checking (its role, for the history line)."""
    if dossier.status == Status.DRAFT:
        require_owner(actor, dossier)
        return None
    if dossier.status in (Status.SUBMITTED, Status.INCOMPLETE):
        return require_any_role(actor, dossier.agency, [Role.DESK_OFFICER])
    raise ValidationFailed(_("Documents cannot be added to this dossier now."), code="files_closed")


@transaction.atomic
def component_upload(
    dossier: Dossier,
    uploaded: File[Any],
    *,
    actor: Any,
    component: Component | None,
    digitised: bool = False,
) -> DossierFile:
    """Attach one document to a dossier being prepared (the citizen's draft, or the desk
    scanning a paper dossier: ``digitised``)."""
    dossier = lock(dossier)
    role = _may_add_files(actor, dossier)
    if component is not None and component.version_id != dossier.procedure_version_id:
        raise ValidationFailed(_("This document is not part of this procedure."))
    stored = files.store(
        dossier,
        uploaded,
        kind=DossierFile.Kind.COMPONENT,
        actor=actor,
        component=component,
        digitised=digitised,
    )
    commit(dossier)
    if role is not None:
        event = _record_document(dossier, Action.ADD_DOCUMENT, stored, actor=actor, role=role)
        DossierFile.objects.filter(pk=stored.pk).update(event=event)
        stored.event = event
    return stored


def _record_document(
    dossier: Dossier, action: Action, stored: DossierFile, *, actor: Any, role: Role
) -> Event:
    """The history line (and audit entry) of the desk adding or taking out a document."""
    return record(
        dossier,
        action,
        actor=actor,
        role=role,
        from_status=dossier.status,
        agency=dossier.agency,
        note=f"{stored.component.name}: {stored.name}" if stored.component else stored.name,
        data={
            "file": stored.pk,
            "name": stored.name,
            "component": stored.component_id,
            "digitised": stored.digitised,
        },
    )


@transaction.atomic
def file_remove(dossier_file: DossierFile, *, actor: Any) -> None:
    """Take a document out of a dossier not yet received (kept on disk for the audit)."""
    dossier = lock(dossier_file.dossier_id)
    role = _may_add_files(actor, dossier)
    if dossier_file.kind != DossierFile.Kind.COMPONENT:
        raise ValidationFailed(_("Only documents of the dossier itself can be removed."))
    DossierFile.objects.filter(pk=dossier_file.pk).update(removed=True)
    commit(dossier)
    if role is not None:
        _record_document(dossier, Action.REMOVE_DOCUMENT, dossier_file, actor=actor, role=role)


def missing_components(dossier: Dossier) -> list[Component]:
    present = set(
        dossier.files.filter(kind=DossierFile.Kind.COMPONENT, removed=False).values_list(
            "component_id", flat=True
        )
    )
    return [
        c for c in dossier.procedure_version.components.all() if c.required and c.pk not in present
    ]


def _checked_details(version: ProcedureVersion, details: dict[str, Any]) -> dict[str, Any]:
    """The details to save: the procedure's fields in their stored form (a draft may still
    lack some; ``submit`` requires them), refused when a value does not fit its field."""
    try:
        return procedure_fields.cleaned_details(procedure_fields.definitions(version), details)
    except procedure_fields.BadValues as bad:
        raise ValidationFailed(
            _("Check the information you gave."), code="details_invalid", errors=bad.errors
        ) from None


def _submission_errors(dossier: Dossier) -> dict[str, str]:
    errors = procedure_fields.value_errors(
        procedure_fields.definitions(dossier.procedure_version), dossier.details
    )
    missing = missing_components(dossier)
    if missing:
        errors["components"] = str(
            _("Upload: %(names)s.") % {"names": "; ".join(c.name for c in missing)}
        )
    if dossier.delivery == Delivery.POST and not dossier.delivery_address:
        errors["delivery_address"] = str(_("Enter the address to post the result to."))
    if dossier.delivery == Delivery.ONLINE and not dossier.procedure_version.electronic_result:
        errors["delivery"] = str(_("This procedure has no electronic result."))
    return errors


@transaction.atomic
def submit(dossier: Dossier, *, actor: Any, expected_version: int | None = None) -> Dossier:
    """Send a complete draft to the desk; it counts as received only when the desk accepts."""
    dossier = lock(dossier, expected_version=expected_version)
    require_owner(actor, dossier)
    check_state(dossier, Action.SUBMIT)
    errors = _submission_errors(dossier)
    if not dossier.declaration_accepted:
        errors["declaration"] = str(_("Confirm the declaration before submitting."))
    if errors:
        raise ValidationFailed(
            _("The dossier is not complete yet."), code="submission_incomplete", errors=errors
        )
    dossier.submitted_at = now()
    transition(
        dossier,
        Action.SUBMIT,
        actor=actor,
        fields=["submitted_at"],
        agency=dossier.agency,
    )
    return dossier


@transaction.atomic
def desk_register(
    *,
    actor: Any,
    version: ProcedureVersion,
    handling_agency: Agency,
    applicant: Applicant,
    channel: int = Channel.IN_PERSON,
    delivery: str = Delivery.DESK,
    delivery_address: str = "",
    details: dict[str, Any] | None = None,
) -> Dossier:
    """The desk registers a paper dossier (walk-in or by post); the officer then scans its
    documents and accepts, asks for completion, or refuses it."""
    if channel not in (Channel.IN_PERSON, Channel.POSTAL):
        raise ValidationFailed(_("The desk registers dossiers received in person or by post."))
    _check_agency(version, handling_agency)
    agency = receiving_agency_for(handling_agency)
    role = require_any_role(actor, agency, [Role.DESK_OFFICER])
    if delivery not in Delivery.values:
        raise ValidationFailed(_("Choose how to receive the result."), code="delivery")
    dossier = Dossier(
        procedure_version=version,
        handling_agency=handling_agency,
        agency=agency,
        channel=channel,
        created_by=actor,
        delivery=delivery,
        delivery_address=delivery_address.strip(),
        details=_checked_details(version, details or {}),
        declaration_accepted=True,
    )
    _apply_applicant(dossier, applicant)
    dossier.submitted_at = now()
    dossier.refresh_search_text()
    dossier.save()
    record(dossier, Action.CREATE, actor=actor, role=role, from_status="", agency=agency)
    transition(
        dossier, Action.REGISTER, actor=actor, role=role, fields=["submitted_at"], agency=agency
    )
    return dossier


def applicant_of(dossier: Dossier) -> dict[str, Any]:
    """The applicant as a plain dict (for forms and notifications)."""
    data = asdict(
        Applicant(
            name=dossier.applicant_name,
            kind=dossier.applicant_kind,
            id_number=dossier.applicant_id_number,
            phone=dossier.applicant_phone,
            email=dossier.applicant_email,
            address_street=dossier.address_street,
        )
    )
    data.pop("errors", None)
    return data
