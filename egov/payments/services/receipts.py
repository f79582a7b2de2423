"""Electronic receipts: one per received payment, numbered per agency and year, signed by
egov for the agency with its organisation certificate when it has one (``sign_pdf`` with
``system_for``: the receipt is issued by the system after the gateway's callback, the bank's
notification or the desk's record, with nobody holding a signing role at hand).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from egov.core.audit import audit_record
from egov.core.errors import ApplicationError, Conflict
from egov.orgs.models import Agency
from egov.printing.parties import Agency as PrintedAgency
from egov.signing.models import Certificate
from egov.signing.pdf import Appearance, sign_pdf

from ..methods import get_method
from ..models import Payment, Receipt, ReceiptSequence
from ..receipt_pdf import ReceiptData, ReceiptLine, receipt_pdf

logger = logging.getLogger(__name__)
FIELD_NAME = "DonViThu"


def organisation_certificate(agency: Agency) -> Certificate | None:
    """The agency's newest valid, unrevoked organisation certificate with a stored key."""
    now = timezone.now()
    return (
        Certificate.objects.filter(
            owner_agency=agency,
            is_authority=False,
            revoked=False,
            not_before__lte=now,
            not_after__gte=now,
        )
        .exclude(private_key_encrypted="")
        .order_by("-not_after", "-id")
        .first()
    )


def _next_number(agency: Agency, year: int) -> str:
    sequence, _created = ReceiptSequence.objects.select_for_update().get_or_create(
        agency=agency, year=year
    )
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{year}-{sequence.last:06d}"


def _printed_agency(agency: Agency) -> PrintedAgency:
    parent = agency.parent.name if agency.parent_id and agency.parent else ""
    return PrintedAgency(name=agency.name, managing_body=parent, place=agency.unit.name)


def _method_label(code: str) -> str:
    method = get_method(code)
    with translation.override("vi"):
        return str(method.label) if method is not None else code


def _data(payment: Payment, number: str) -> ReceiptData:
    charge = payment.charge
    dossier = charge.dossier
    address = ", ".join(
        part
        for part in (
            dossier.address_street,
            dossier.address_unit.name if dossier.address_unit else "",
        )
        if part
    )
    lines = [
        ReceiptLine(
            description=line.description,
            amount=line.amount,
            exemption=line.exemption_reason if line.exempt else "",
        )
        for line in charge.lines.all()
    ]
    return ReceiptData(
        agency=_printed_agency(charge.agency),
        number=number,
        payer=dossier.applicant_name,
        payer_address=address,
        dossier_code=dossier.code or "",
        procedure_name=dossier.procedure_version.name,
        lines=lines,
        total=int(payment.received_amount or payment.amount),
        method=_method_label(payment.method),
        reference=payment.reference,
        transaction=payment.provider_reference,
        paid_at=payment.paid_at or payment.completed_at or timezone.now(),
        issued_at=timezone.now(),
    )


def _try_sign(
    content: bytes, *, agency: Agency, actor: Any, number: str, page: int, box: Any
) -> tuple[bytes, Certificate | None]:
    certificate = organisation_certificate(agency)
    if certificate is None:
        return content, None
    appearance = replace(Appearance.organisation(page=page, notation=f"Số: {number}"), box=box)
    signed = sign_pdf(
        content,
        certificate=certificate,
        actor=actor,
        reason="Biên lai thu phí, lệ phí",
        location=agency.unit.name,
        field_name=FIELD_NAME,
        appearance=appearance,
        system_for=agency,
    )
    return signed, certificate


@transaction.atomic
def receipt_issue(payment: Payment, *, actor: Any = None) -> Receipt:
    """The receipt of a received payment, issued once (a second call returns it)."""
    payment = (
        Payment.objects.select_for_update()
        .select_related(
            "charge",
            "charge__agency",
            "charge__agency__unit",
            "charge__dossier",
            "charge__dossier__procedure_version",
        )
        .get(pk=payment.pk)
    )
    existing = Receipt.objects.filter(payment=payment).first()
    if existing is not None:
        return existing
    if payment.status != Payment.Status.SUCCEEDED:
        raise Conflict(_("Only a received payment has a receipt."), code="not_received")
    agency = payment.charge.agency
    at = timezone.now()
    number = _next_number(agency, timezone.localtime(at).year)
    rendered = receipt_pdf(_data(payment, number))
    content, certificate = rendered.pdf, None
    try:
        content, certificate = _try_sign(
            content,
            agency=agency,
            actor=actor,
            number=number,
            page=rendered.page,
            box=rendered.box,
        )
    except ApplicationError as error:
        logger.warning("Receipt %s left unsigned: %s", number, error)
    receipt = Receipt(
        payment=payment,
        agency=agency,
        number=number,
        issued_at=at,
        sha256=hashlib.sha256(content).hexdigest(),
        signed=certificate is not None,
        certificate_fingerprint=certificate.fingerprint if certificate else "",
        signature_page=rendered.page,
        signature_box=list(rendered.box),
    )
    receipt.file.save(f"bien-lai-{number}.pdf", ContentFile(content), save=False)
    receipt.save()
    audit_record(
        "payments.receipt_issued",
        actor=actor,
        target=receipt,
        summary=f"{number} {payment.reference}",
        data={"payment": payment.pk, "signed": receipt.signed, "sha256": receipt.sha256},
    )
    return receipt
