"""Make the certified electronic copy: the scanned pages, then the statement page, signed by
the certifying official (when they hold a personal certificate) and then by the agency, with
``egov.signing.pdf.sign_person_then_organisation``.

Decree 30/2020: a document signed by the competent person and by the organisation is an
original; the organisation's signature (its seal) covers the left third of the person's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from egov.signing.appearance import Appearance
from egov.signing.models import Certificate
from egov.signing.pdf import sign_pdf, sign_person_then_organisation

from .assembly import assemble
from .statement import StatementData, statement_pdf

REASON = "Chứng thực bản sao đúng với bản chính"
PERSON_FIELD = "chung_thuc_nguoi_ky"
AGENCY_FIELD = "chung_thuc_co_quan"


@dataclass(frozen=True)
class Signers:
    agency: Certificate
    person: Certificate | None


@dataclass(frozen=True)
class CopyFacts:
    agency_name: str
    managing_body: str
    place: str
    certified_at: dt.datetime
    document_name: str
    pages: int
    certification_number: str
    book_notation: str  # "Số 12 - Quyển số 01/2026-SCT/BS", in the agency's signature
    certifier_name: str
    certifier_title: str
    verification_code: str
    verification_url: str


def make_copy(scan: bytes, facts: CopyFacts, *, signers: Signers, actor: Any) -> bytes:
    """The signed copy: ``scan``'s pages, the statement page, the signatures."""
    statement = statement_pdf(
        StatementData(
            agency_name=facts.agency_name,
            managing_body=facts.managing_body,
            place=facts.place,
            certified_at=facts.certified_at,
            document_name=facts.document_name,
            pages=facts.pages,
            certification_number=facts.certification_number,
            certifier_name=facts.certifier_name,
            certifier_title=facts.certifier_title,
            verification_code=facts.verification_code,
            verification_url=facts.verification_url,
            person_signs=signers.person is not None,
        )
    )
    copy = assemble([scan, statement.pdf])
    last = copy.pages - 1
    if signers.person is not None:
        return sign_person_then_organisation(
            copy.pdf,
            personal=signers.person,
            organisation=signers.agency,
            actor_person=actor,
            actor_organisation=actor,
            title=statement.signer_title,
            name=facts.certifier_name,
            reason=REASON,
            location=facts.place,
            page=last,
            box=statement.person_box,
            personal_field=PERSON_FIELD,
            organisation_field=AGENCY_FIELD,
        )
    return sign_pdf(
        copy.pdf,
        certificate=signers.agency,
        actor=actor,
        reason=REASON,
        location=facts.place,
        field_name=AGENCY_FIELD,
        appearance=Appearance.organisation(
            page=last, box=statement.agency_box, notation=facts.book_notation
        ),
    )
