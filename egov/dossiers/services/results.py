"""The result document from the leader's approval to its issue (DOMAIN.md §4 and §6).

At approval the leader may attach the result: a PDF uploaded unsigned, or a result notice egov
generates. egov prints the verification code on it first, then the leader's own personal
certificate signs it (when the leader has a valid one); it is kept as the approved result,
which the applicant does not see. Issuing then numbers it, adds the agency's signature with
the number, keeps it as the result and registers it under its code. A leader who approved
without a document leaves the clerk to upload or generate the result at issue, as before:
that result carries the agency's signature only, and the page says so.

An uploaded result must be an unsigned PDF: the code has to be printed before any signature,
and printing on a signed PDF would break the signature.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.files import File
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.errors import ValidationFailed
from egov.core.uploads import FileKind, check_upload
from egov.orgs.models import Agency
from egov.signing import records
from egov.signing.models import Certificate, SignedDocument
from egov.signing.stamp import add_verification_stamp

from ..models import Dossier, DossierFile, Event, ResultNumberSequence
from . import files, paperwork, signatures


@dataclass
class Prepared:
    """A result document ready to be kept: its code, bytes and what the history says."""

    code: str
    content: bytes
    name: str
    generated: bool
    data: dict[str, Any] = field(default_factory=dict)


def approved_document(dossier: Dossier) -> DossierFile | None:
    """The result the leader approved (and maybe signed), waiting to be issued."""
    return (
        dossier.files.filter(kind=DossierFile.Kind.APPROVED_RESULT, removed=False)
        .select_related("event")
        .order_by("-uploaded_at", "-id")
        .first()
    )


def _stamped(upload: File[Any], code: str) -> tuple[str, bytes]:
    checked = check_upload(upload, allowed=[FileKind.PDF])
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        stamped = add_verification_stamp(data, code=code, url=records.verification_url(code))
    except ValidationFailed as error:
        if error.code == "already_signed":
            raise ValidationFailed(
                _(
                    "Upload the result before it is signed: egov prints its verification "
                    "code on it, then the signatures are added."
                ),
                code="result_already_signed",
            ) from None
        raise
    return checked.name, stamped


def _result_name(dossier: Dossier) -> str:
    return f"ket-qua-{dossier.code}.pdf"


def for_approval(
    dossier: Dossier,
    *,
    actor: Any,
    upload: File[Any] | None,
    generate: bool,
    decision: str,
    certificate: Certificate | None,
) -> Prepared:
    """The result the leader approves, with its code and the leader's signature when the
    leader has (or names) a personal certificate."""
    code = signatures.new_code()
    agency = dossier.handling_agency
    chosen = certificate or signatures.personal_certificate(actor)
    if generate:
        verification = signatures.verification(
            code,
            agency_signs=signatures.agency_certificate(agency) is not None,
            with_person=True,
            person_signs=chosen is not None,
        )
        name = _result_name(dossier)
        content = paperwork.result_notice(
            dossier, actor, decision=decision, verification=verification
        )
    else:
        assert upload is not None  # noqa: S101 - the caller passes one or the other
        name, content = _stamped(upload, code)
    if chosen is not None:
        content = signatures.sign_as_leader(
            content,
            certificate=chosen,
            actor=actor,
            agency=agency,
            reason=f"Phê duyệt kết quả giải quyết hồ sơ {dossier.code}",
            generated=generate,
        )
    return Prepared(
        code=code,
        content=content,
        name=name,
        generated=generate,
        data={
            "result": "generated" if generate else "uploaded",
            "verification_code": code,
            "leader_signed": chosen is not None,
        },
    )


def _next_number(agency: Agency, moment: dt.datetime) -> tuple[int, str]:
    """The agency's next result number of the (Vietnam) year, and its notation. The counter
    row is incremented with an UPDATE, so concurrent issues wait for each other."""
    year = timezone.localtime(moment).year
    sequence, _created = ResultNumberSequence.objects.get_or_create(agency=agency, year=year)
    ResultNumberSequence.objects.filter(pk=sequence.pk).update(last=F("last") + 1)
    sequence.refresh_from_db(fields=["last"])
    series = f"KQ-{agency.short_name}" if agency.short_name else "KQ"
    return sequence.last, f"{sequence.last:02d}/{series}"


def for_issue(
    dossier: Dossier,
    *,
    actor: Any,
    upload: File[Any] | None,
    generate: bool,
    decision: str,
    at: dt.datetime,
) -> Prepared | None:
    """The electronic result to issue, numbered and signed by the agency; ``None`` for a
    paper-only result. Refuses a new document when the leader approved one already."""
    approved = approved_document(dossier)
    if approved is not None and (upload is not None or generate):
        raise ValidationFailed(
            _(
                "The leader approved the result document already: issue it as approved, "
                "without uploading or generating another."
            ),
            code="result_already_approved",
        )
    agency = dossier.handling_agency
    certificate = signatures.agency_certificate(agency)
    leader_signed = False
    if approved is not None:
        with approved.file.open("rb") as handle:
            content = handle.read()
        code, name = approved.verification_code, approved.name
        approval: Event | None = approved.event
        generated = bool(approval and approval.data.get("result") == "generated")
        leader_signed = bool(approval and approval.data.get("leader_signed"))
    elif upload is not None:
        code = signatures.new_code()
        name, content = _stamped(upload, code)
        generated = False
    elif generate:
        code = signatures.new_code()
        name, generated = _result_name(dossier), True
        verification = signatures.verification(
            code, agency_signs=certificate is not None, with_person=True, person_signs=False
        )
        content = paperwork.result_notice(
            dossier, actor, decision=decision, verification=verification
        )
    else:
        return None
    number, notation = _next_number(agency, at)
    if certificate is not None:
        content = signatures.sign_as_agency(
            content,
            certificate=certificate,
            actor=actor,
            agency=agency,
            reason=f"Ban hành kết quả giải quyết hồ sơ {dossier.code}",
            notation=notation,
            generated=generated,
        )
    return Prepared(
        code=code,
        content=content,
        name=name,
        generated=generated,
        data={
            "result": "approved" if approved else ("generated" if generated else "uploaded"),
            "verification_code": code,
            "number": number,
            "notation": notation,
            "leader_signed": leader_signed,
            "agency_signed": certificate is not None,
        },
    )


def keep(
    dossier: Dossier, prepared: Prepared, *, kind: DossierFile.Kind, actor: Any, event: Event
) -> DossierFile:
    """Store the document with its history line (the signatures read back from it)."""
    found = signatures.read_signatures(prepared.content) if _signed(prepared) else []
    return files.store_generated(
        dossier,
        prepared.content,
        name=prepared.name,
        kind=kind,
        actor=actor,
        event=event,
        verification_code=prepared.code,
        signatures=found,
    )


def _signed(prepared: Prepared) -> bool:
    return bool(prepared.data.get("leader_signed") or prepared.data.get("agency_signed"))


def register(dossier: Dossier, prepared: Prepared, *, actor: Any) -> SignedDocument:
    """Register the issued result under its printed code."""
    version = dossier.procedure_version
    what = version.result_type or version.name
    number = prepared.data.get("notation", "")
    return signatures.register(
        prepared.code,
        prepared.content,
        kind=SignedDocument.Kind.DOSSIER_RESULT,
        # The number is in the title too: with a seal picture it is not printed on the page.
        title=f"{what} số {number} (kết quả hồ sơ {dossier.code})",
        agency=dossier.handling_agency,
        reference=dossier.code or "",
        actor=actor,
    )


__all__ = [
    "Prepared",
    "approved_document",
    "for_approval",
    "for_issue",
    "keep",
    "register",
]
