"""JSON API of the public verification: POST /api/v1/signatures/verify (multipart, field
``file``) and GET /api/v1/signatures/documents/{code}. No login; uploads are rate-limited
per client and refused by their declared length before the body is read (hence the request
is read by hand rather than through a ninja ``File`` parameter). The stored file of an issued
document is never served: it carries personal data."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from egov.core.errors import NotFound

from . import checking, records, selectors
from .verify import VerificationReport

router = Router(tags=["signing"])


class Error(Schema):
    code: str
    message: str


class SignatureOut(Schema):
    signer: str
    organisation: str
    signed_at: str | None
    intact: bool
    trusted: bool
    revoked: bool | None


class VerificationOut(Schema):
    signatures: list[SignatureOut]
    valid: bool


class AgencyOut(Schema):
    code: str
    name: str


class DocumentOut(Schema):
    code: str
    display_code: str
    kind: str
    kind_label: str
    title: str
    agency: AgencyOut
    reference: str
    issued_at: str
    sha256: str
    size: int
    url: str
    signatures: list[SignatureOut]
    valid: bool
    problem: str


def _iso(moment: dt.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _verification(report: VerificationReport | None) -> VerificationOut:
    if report is None:
        return VerificationOut(signatures=[], valid=False)
    return VerificationOut(
        signatures=[
            SignatureOut(
                signer=s.signer,
                organisation=s.organisation,
                signed_at=_iso(s.signed_at),
                intact=s.intact,
                trusted=s.trusted,
                revoked=s.revoked,
            )
            for s in report.signatures
        ],
        valid=report.valid,
    )


_MULTIPART = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            }
        }
    }
}


@router.post(
    "/verify",
    response={200: VerificationOut, 400: Error, 413: Error, 429: Error},
    openapi_extra=_MULTIPART,
    summary="Check the digital signatures of a PDF",
)
def verify(request: HttpRequest) -> VerificationOut:
    """Signer, organisation, signing time (ISO 8601, Vietnam time) and the three findings of
    each signature; ``valid`` when every signature is intact, trusted and not revoked."""
    checking.refuse_oversized_body(request)
    checking.throttle(request)
    report = checking.check_pdf(checking.read_upload(request.FILES))
    return _verification(report)


@router.get(
    "/documents/{code}",
    response={200: DocumentOut, 404: Error},
    summary="The public record of an issued document",
)
def document(request: HttpRequest, code: str) -> DocumentOut:
    """What the record page shows: kind, title, issuing agency, issue time, reference,
    fingerprint and the report on the stored file. Codes are accepted as typed."""
    normalised = records.normalise_code(code)
    found = (
        selectors.signed_document_by_code(normalised) if records.is_valid_code(normalised) else None
    )
    if found is None:
        raise NotFound(_("No document issued through egov has this verification code."))
    stored = checking.stored_report(found)
    verification = _verification(stored.report)
    return DocumentOut(
        code=found.code,
        display_code=records.display_code(found.code),
        kind=found.kind,
        kind_label=str(found.get_kind_display()),
        title=found.title,
        agency=AgencyOut(code=found.agency.code, name=found.agency.name),
        reference=found.reference,
        issued_at=_iso(found.issued_at) or "",
        sha256=found.sha256,
        size=found.size,
        url=records.verification_url(found.code),
        signatures=verification.signatures,
        valid=verification.valid,
        problem=stored.problem_message,
    )
