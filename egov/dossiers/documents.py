"""What the pages say about a dossier file's digital signatures and verification code.

The signatures were read with ``egov.signing.verify`` when the file was stored (files never
change); the live check, against today's trusted roots and revocations, is the public
verification page the code opens. An issued document that should carry a signature and does
not is flagged in words, not only by a missing line: an agency without a certificate, or a
leader who approved without one, is legal but the reader must know.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from egov.signing import records

from .models import DossierFile
from .services.signatures import AGENCY_FIELD, LEADER_FIELD

ISSUED_KINDS = frozenset(
    {DossierFile.Kind.FORM, DossierFile.Kind.RESULT, DossierFile.Kind.APPROVED_RESULT}
)
RESULT_KINDS = frozenset({DossierFile.Kind.RESULT, DossierFile.Kind.APPROVED_RESULT})


@dataclass(frozen=True)
class Signature:
    signer: str
    organisation: str
    signed_at: dt.datetime | None
    as_leader: bool
    as_agency: bool


@dataclass(frozen=True)
class Signing:
    """A file's signatures, its code (as printed) and the page that checks it, and what is
    missing from an issued document."""

    signatures: list[Signature] = field(default_factory=list)
    code: str = ""
    verify_url: str = ""
    warnings: list[Promise] = field(default_factory=list)


def _signature(item: dict[str, Any]) -> Signature:
    when = item.get("signed_at")
    return Signature(
        signer=str(item.get("signer") or ""),
        organisation=str(item.get("organisation") or ""),
        signed_at=parse_datetime(when) if isinstance(when, str) else None,
        as_leader=item.get("field") == LEADER_FIELD,
        as_agency=item.get("field") == AGENCY_FIELD,
    )


def signing_of(stored: DossierFile) -> Signing:
    found = [_signature(item) for item in stored.signatures or [] if isinstance(item, dict)]
    warnings: list[Promise] = []
    issued = stored.kind in ISSUED_KINDS and bool(stored.verification_code)
    if issued and stored.kind in RESULT_KINDS and not any(s.as_leader for s in found):
        warnings.append(_("Not digitally signed by the approving leader."))
    if (
        issued
        and stored.kind != DossierFile.Kind.APPROVED_RESULT
        and not any(s.as_agency for s in found)
    ):
        warnings.append(
            _("Not digitally signed by the agency: it had no valid organisation certificate.")
        )
    code = stored.verification_code
    return Signing(
        signatures=found,
        code=records.display_code(code) if code else "",
        verify_url=records.verification_path(code) if code else "",
        warnings=warnings,
    )


def with_signing(files: list[DossierFile]) -> list[DossierFile]:
    """The same files, each with ``signing`` set for the templates."""
    for stored in files:
        stored.signing = signing_of(stored)  # type: ignore[attr-defined]
    return files
