"""The forms the desk issues (DOMAIN.md §4, Circular 03/2025 Annex I), kept as files of the
dossier: 01 receipt, 02 supplement request, 03 refusal (at reception or after appraisal),
04 apology with a new date, 05 stop notice; and, on demand, 06 the control slip and 07 the
tracking book. The layouts live in ``egov.printing``; this module maps dossiers onto them.

Forms are issued inside the action's transaction, so a refused action leaves no form.
Forms 01–06 each get a verification code printed with its QR, are signed for the issuing
agency when it has a valid organisation certificate (``signatures``), and are registered
under their code; the tracking book (07) is a register, not an issued document.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from egov.catalog.models import Component
from egov.orgs.models import Agency
from egov.printing import onestop as forms
from egov.signing.models import SignedDocument

from .. import asked
from ..models import Delivery, Dossier, DossierFile, Event
from ..selectors import events_visible_to
from . import files, handovers, signatures
from ._core import display_name, now
from .notifying import lookup_url

_KINDS = {
    Component.Kind.ORIGINAL: forms.ORIGINAL,
    Component.Kind.COPY: forms.COPY,
    Component.Kind.CERTIFIED_COPY: forms.CERTIFIED_COPY,
    Component.Kind.ORIGINAL_OR_COPY: forms.CERTIFIED_COPY,
    Component.Kind.FORM: forms.ORIGINAL,
}


def _agency(agency: Agency) -> forms.Agency:
    parent = agency.parent.name if agency.parent_id and agency.parent else ""
    return forms.Agency(name=agency.name, managing_body=parent, place=agency.unit.name)


def _applicant(dossier: Dossier) -> forms.Applicant:
    address = ", ".join(
        part
        for part in (
            dossier.address_street,
            dossier.address_unit.name if dossier.address_unit else "",
        )
        if part
    )
    return forms.Applicant(
        name=dossier.applicant_name,
        address=address,
        phone=dossier.applicant_phone,
        email=dossier.applicant_email,
    )


def _today() -> dt.date:
    return timezone.localtime(now()).date()


def _components(dossier: Dossier) -> list[forms.ReceivedComponent]:
    received = (
        dossier.files.filter(kind=DossierFile.Kind.COMPONENT, removed=False)
        .exclude(component=None)
        .select_related("component")
        .order_by("component__position")
    )
    seen: dict[int, forms.ReceivedComponent] = {}
    for stored in received:
        component = stored.component
        if component is None or component.pk in seen:
            continue
        seen[component.pk] = forms.ReceivedComponent(
            name=component.name,
            kind=_KINDS.get(Component.Kind(component.kind), forms.ORIGINAL),
            count=component.count,
        )
    return list(seen.values())


def _receipt(
    dossier: Dossier, actor: Any, *, verification: forms.Verification | None = None, **_extra: Any
) -> bytes:
    assert dossier.code and dossier.received_at and dossier.due_at  # noqa: S101 - accepted
    return forms.receipt_pdf(
        forms.ReceiptData(
            agency=_agency(dossier.agency),
            dossier_code=dossier.code,
            applicant=_applicant(dossier),
            procedure_name=dossier.procedure_version.name,
            components=_components(dossier),
            received_at=dossier.received_at,
            due_at=dossier.due_at,
            result_delivery=str(Delivery(dossier.delivery).label),
            receiving_officer=display_name(actor),
            lookup_url=lookup_url(dossier),
            processing_days=dossier.procedure_version.processing_days,
            # What remains after the desk's exemptions; a free procedure prints no line.
            fee=dossier.fees_owed if dossier.procedure_version.fees.exists() else None,
            verification=verification,
        )
    )


def _supplement_request(
    dossier: Dossier,
    actor: Any,
    *,
    items: Sequence[asked.Item],
    verification: forms.Verification | None = None,
    **_extra: Any,
) -> bytes:
    """Form 02: every item with its own reason (``asked.items_with_reasons``)."""
    return forms.supplement_request_pdf(
        forms.SupplementRequestData(
            agency=_agency(dossier.agency),
            applicant=_applicant(dossier),
            procedure_name=dossier.procedure_version.name,
            items=[forms.SupplementItem(content=item.what, reason=item.why) for item in items],
            issued_on=_today(),
            officer=display_name(actor),
            dossier_code=dossier.code or "",
            after_receipt=dossier.received_at is not None,
            lookup_url=lookup_url(dossier) if dossier.code else "",
            verification=verification,
        )
    )


def _refusal(
    dossier: Dossier,
    actor: Any,
    *,
    reasons: Sequence[str],
    after_appraisal: bool = False,
    verification: forms.Verification | None = None,
    **_extra: Any,
) -> bytes:
    agency = dossier.handling_agency if after_appraisal else dossier.agency
    return forms.reception_refusal_pdf(
        forms.ReceptionRefusalData(
            agency=_agency(agency),
            applicant=_applicant(dossier),
            procedure_name=dossier.procedure_version.name,
            reasons=list(reasons) or ["—"],
            issued_on=_today(),
            officer=display_name(actor),
            dossier_code=dossier.code or "",
            after_appraisal=after_appraisal,
            lookup_url=lookup_url(dossier) if dossier.code else "",
            verification=verification,
        )
    )


def _apology(
    dossier: Dossier,
    actor: Any,
    *,
    reason: str,
    previous_due: dt.datetime,
    verification: forms.Verification | None = None,
    **_extra: Any,
) -> bytes:
    assert dossier.code and dossier.received_at and dossier.due_at  # noqa: S101 - received
    return forms.apology_pdf(
        forms.ApologyData(
            agency=_agency(dossier.handling_agency),
            applicant=_applicant(dossier),
            dossier_code=dossier.code,
            procedure_name=dossier.procedure_version.name,
            received_at=dossier.received_at,
            old_due_at=previous_due,
            new_due_at=dossier.due_at,
            reason=reason,
            issued_on=_today(),
            signer_name=display_name(actor),
            lookup_url=lookup_url(dossier),
            verification=verification,
        )
    )


def _stop_notice(
    dossier: Dossier,
    actor: Any,
    *,
    reason: str,
    verification: forms.Verification | None = None,
    **_extra: Any,
) -> bytes:
    assert dossier.code and dossier.received_at  # noqa: S101 - only received dossiers
    return forms.stop_notice_pdf(
        forms.StopNoticeData(
            agency=_agency(dossier.agency),
            applicant=_applicant(dossier),
            dossier_code=dossier.code,
            procedure_name=dossier.procedure_version.name,
            received_at=dossier.received_at,
            requested_on=_today(),
            reason=reason,
            issued_on=_today(),
            signer_name=display_name(actor),
            lookup_url=lookup_url(dossier),
            verification=verification,
        )
    )


def result_notice(
    dossier: Dossier,
    actor: Any,
    *,
    decision: str = "",
    verification: forms.Verification | None = None,
) -> bytes:
    """A generated result for procedures whose result is a notice, signed by the leader who
    approved (named on it)."""
    assert dossier.code and dossier.received_at  # noqa: S101 - approved dossiers only
    approval = dossier.events.filter(action="approve").order_by("-at").first()
    return forms.result_notice_pdf(
        forms.ResultNoticeData(
            agency=_agency(dossier.handling_agency),
            applicant=_applicant(dossier),
            dossier_code=dossier.code,
            procedure_name=dossier.procedure_version.name,
            received_at=dossier.received_at,
            result_type=dossier.procedure_version.result_type,
            decision=decision,
            issued_on=_today(),
            signer_name=approval.actor_name if approval else display_name(actor),
            lookup_url=lookup_url(dossier),
            verification=verification,
        )
    )


_RENDERERS: dict[str, Callable[..., bytes]] = {
    "01": _receipt,
    "02": _supplement_request,
    "03": _refusal,
    "04": _apology,
    "05": _stop_notice,
}
# The titles the register of issued documents shows (the forms' own, in Vietnamese).
TITLES = {
    "01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "03": "Phiếu từ chối tiếp nhận, giải quyết hồ sơ",
    "04": "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
    "05": "Thông báo dừng giải quyết hồ sơ",
    "06": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
}


def issuing_agency(dossier: Dossier, form_code: str, *, after_appraisal: bool = False) -> Agency:
    """The agency whose name heads the form, hence whose signature it bears: the competent
    agency for what it decides (an apology, a refusal after appraisal), else the desk."""
    if form_code == "04" or (form_code == "03" and after_appraisal):
        return dossier.handling_agency
    return dossier.agency


def _title(dossier: Dossier, form_code: str) -> str:
    return f"Mẫu {form_code}: {TITLES[form_code]} ({dossier.code or dossier.public_id})"


def _sealed(
    dossier: Dossier, form_code: str, agency: Agency, actor: Any, render: Callable[..., bytes]
) -> tuple[str, bytes, list[dict[str, Any]]]:
    """Code, bytes and signatures of a form: the code printed, then the agency's signature
    when it has a usable certificate (the form says it is unsigned otherwise)."""
    certificate = signatures.agency_certificate(agency)
    code = signatures.new_code()
    content = render(signatures.verification(code, agency_signs=certificate is not None))
    if certificate is None:
        return code, content, []
    content = signatures.seal_form(
        content,
        agency=agency,
        certificate=certificate,
        actor=actor,
        reason=_title(dossier, form_code),
    )
    return code, content, signatures.read_signatures(content)


def issue(
    dossier: Dossier, form_code: str, *, event: Event, actor: Any, **extra: Any
) -> DossierFile:
    """Render form ``form_code`` for ``dossier``, sign it for its agency, keep it with the
    history line and register it under its verification code."""
    agency = issuing_agency(dossier, form_code, after_appraisal=bool(extra.get("after_appraisal")))
    code, content, found = _sealed(
        dossier,
        form_code,
        agency,
        actor,
        lambda verification: _RENDERERS[form_code](
            dossier, actor, verification=verification, **extra
        ),
    )
    name = f"mau-{form_code}-{dossier.code or dossier.public_id}.pdf"
    stored = files.store_generated(
        dossier,
        content,
        name=name,
        kind=DossierFile.Kind.FORM,
        actor=actor,
        form_code=form_code,
        event=event,
        verification_code=code,
        signatures=found,
    )
    signatures.register(
        code,
        content,
        kind=SignedDocument.Kind.ONESTOP_FORM,
        title=_title(dossier, form_code),
        agency=agency,
        reference=dossier.code or "",
        actor=actor,
    )
    return stored


def _control_slip_data(dossier: Dossier, viewer: Any) -> forms.ControlSlipData:
    """One row per hand-over, replayed from the whole history; an agency that only takes
    part in an inter-agency dossier gets the rows of the history lines it may see (its own
    part), the leading agencies all of them."""
    assert dossier.code and dossier.received_at and dossier.due_at  # noqa: S101 - received
    everything = dossier.events.select_related("agency").order_by("at", "id")
    visible = set(events_visible_to(viewer, dossier).values_list("id", flat=True))
    rows = [h.row for h in handovers.hand_overs(dossier, everything) if h.event_id in visible]
    return forms.ControlSlipData(
        agency=_agency(dossier.agency),
        dossier_code=dossier.code,
        procedure_name=dossier.procedure_version.name,
        applicant=_applicant(dossier),
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        rows=rows,
    )


@transaction.atomic
def control_slip(dossier: Dossier, *, actor: Any) -> bytes:
    """Form 06: one row per hand-over (from the history: forward, send back, consultation
    and its answer, approval, issue, hand to the desk, return), with the result against the
    handing step's deadline at that time, as ``actor`` may see it (``_control_slip_data``).
    Printed on demand as the dossier stands, so each print is an issued document of its
    own: its own code, the desk agency's signature, its own register line."""
    data = _control_slip_data(dossier, actor)
    agency = dossier.agency
    code, content, _found = _sealed(
        dossier,
        "06",
        agency,
        actor,
        lambda verification: forms.control_slip_pdf(
            dataclasses.replace(data, verification=verification)
        ),
    )
    signatures.register(
        code,
        content,
        kind=SignedDocument.Kind.ONESTOP_FORM,
        title=_title(dossier, "06"),
        agency=agency,
        reference=dossier.code or "",
        actor=actor,
    )
    return content


def _book_row(dossier: Dossier) -> forms.TrackingBookRow:
    assert dossier.code and dossier.received_at and dossier.due_at  # noqa: S101 - received
    applicant = _applicant(dossier)
    return forms.TrackingBookRow(
        dossier_code=dossier.code,
        procedure_name=dossier.procedure_version.name,
        applicant_name=dossier.applicant_name,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        applicant_address=applicant.address,
        applicant_phone=dossier.applicant_phone,
        handling_agency=dossier.handling_agency.name,
        transferred_at=dossier.received_at,
        result_received_at=dossier.finished_at,
        returned_at=dossier.returned_at,
    )


def _book(agency: Agency, dossiers: Iterable[Dossier], start: dt.date, end: dt.date) -> Any:
    return forms.TrackingBookData(
        agency=_agency(agency),
        rows=[_book_row(d) for d in dossiers if d.code and d.received_at and d.due_at],
        period_start=start,
        period_end=end,
    )


def tracking_book(
    agency: Agency, dossiers: Iterable[Dossier], *, start: dt.date, end: dt.date, xlsx: bool = False
) -> bytes:
    """Form 07 for ``dossiers`` received by ``agency`` in the period, as PDF or XLSX."""
    book = _book(agency, dossiers, start, end)
    return forms.tracking_book_xlsx(book) if xlsx else forms.tracking_book_pdf(book)
