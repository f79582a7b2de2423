"""Digital signatures and verification codes on what the one-stop flow issues (DOMAIN.md §4
and §6, Decree 30/2020).

- Forms 01–06 are the agency's: egov signs them itself with the issuing agency's valid
  organisation certificate (``sign_pdf(system_for=agency)``), whoever's action produced them
  (a desk officer accepting, the applicant stopping online); the audit line of the signature
  names that person. An agency without a usable certificate still works: its forms stay
  unsigned and say so in the box the signature would fill, and the dossier page says so too.
- A result is signed first by the leader who approves it, with the leader's own personal
  certificate, and then by the agency when the clerk (or the leader) issues it; the agency's
  signature carries the result's number (an e-document's number and date are those of the
  organisation signature). A leader without a certificate can still approve: the result then
  carries the agency's signature only, or none, and the dossier page flags it.
- Every issued electronic document gets a verification code printed on it (QR and words)
  before any signature, since a signature covers only what is already there, and is
  registered under that code in ``egov.signing`` once final, so /xac-thuc/<code>/ opens it.

Certificates are chosen here, not by the user, except that a leader may name one of their
own personal certificates (the approve form offers them); revoked or expired ones are never
chosen, and naming one is refused by ``egov.signing``.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.errors import ValidationFailed
from egov.orgs.models import Agency
from egov.orgs.permissions import can_act
from egov.orgs.selectors import seal_image_of
from egov.printing import onestop as forms
from egov.printing.layout import signature_box
from egov.signing import records, verify
from egov.signing import services as signing
from egov.signing.models import Certificate, SignedDocument
from egov.signing.pdf import Appearance, placement_of, sign_pdf

from ..models import DossierFile

# Signature field names: who signed in which capacity is read back from them.
LEADER_FIELD = "LanhDaoPheDuyet"
AGENCY_FIELD = "CoQuanBanHanh"
# Printed in a signature box that stays empty (the documents are Vietnamese, not translated).
AGENCY_UNSIGNED_NOTE = "Văn bản chưa được ký số: cơ quan chưa có chứng thư số hợp lệ."
LEADER_UNSIGNED_NOTE = "Lãnh đạo phê duyệt chưa ký số văn bản này."
_CODE_TRIES = 5


def _usable(certificates: Any) -> Certificate | None:
    now = timezone.now()
    return (
        certificates.filter(
            is_authority=False, revoked=False, not_before__lte=now, not_after__gte=now
        )
        .order_by("-created_at", "-id")
        .first()
    )


def agency_certificate(agency: Agency) -> Certificate | None:
    """The agency's newest valid, unrevoked organisation certificate, if any."""
    return _usable(Certificate.objects.filter(owner_agency=agency))


def personal_certificate(user: Any) -> Certificate | None:
    """The user's newest valid, unrevoked personal certificate, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return _usable(Certificate.objects.filter(owner_user=user))


def personal_certificates(user: Any) -> list[Certificate]:
    """Every valid personal certificate of ``user``, newest first (for the approve form)."""
    if not getattr(user, "is_authenticated", False):
        return []
    now = timezone.now()
    return list(
        Certificate.objects.filter(
            owner_user=user, revoked=False, not_before__lte=now, not_after__gte=now
        ).order_by("-created_at", "-id")
    )


def new_code() -> str:
    """A verification code used by no issued or pending document."""
    for _attempt in range(_CODE_TRIES):
        code = records.new_verification_code()
        taken = (
            SignedDocument.objects.filter(code=code).exists()
            or DossierFile.objects.filter(verification_code=code).exists()
        )
        if not taken:
            return code
    raise RuntimeError("No free verification code after several tries")  # pragma: no cover


def verification(
    code: str, *, agency_signs: bool, with_person: bool = False, person_signs: bool = False
) -> forms.Verification:
    """What the printing layer prints: the code, its QR, and the note of each box that no
    signature will fill."""
    return forms.Verification(
        code=records.display_code(code),
        url=records.verification_url(code),
        with_person=with_person,
        agency_note="" if agency_signs else AGENCY_UNSIGNED_NOTE,
        person_note="" if person_signs or not with_person else LEADER_UNSIGNED_NOTE,
    )


def read_signatures(pdf: bytes) -> list[dict[str, Any]]:
    """The signatures of ``pdf`` as ``egov.signing.verify`` reports them; [] for a PDF
    without any (or one that cannot be read: that is not this file's signer's doing)."""
    try:
        report = verify.verify_pdf(pdf)
    except ValidationFailed:
        return []
    return [
        {
            "field": item.field_name,
            "signer": item.signer,
            "organisation": item.organisation,
            "signed_at": timezone.localtime(item.signed_at).isoformat(timespec="seconds")
            if item.signed_at
            else None,
            "intact": item.intact,
            "trusted": item.trusted,
        }
        for item in report.signatures
    ]


def _current(certificate: Certificate) -> Certificate:
    """The certificate as stored now: ``egov.signing`` judges the instance it is given, and
    one revoked since it was read must not sign."""
    return Certificate.objects.select_related("owner_agency").get(pk=certificate.pk)


def _place(agency: Agency) -> str:
    return agency.unit.name if agency.unit_id else ""


def seal_form(
    pdf: bytes, *, agency: Agency, certificate: Certificate, actor: Any, reason: str
) -> bytes:
    """A form signed by egov for ``agency`` into its band's agency box (last page): the
    seal picture when the agency has one, its name and the signing time otherwise."""
    return sign_pdf(
        pdf,
        certificate=_current(certificate),
        actor=actor,
        reason=reason,
        location=_place(agency),
        field_name=AGENCY_FIELD,
        appearance=Appearance.organisation(page=-1, box=signature_box("agency")),
        system_for=agency,
    )


def _position(user: Any) -> str:
    official = getattr(user, "official", None)
    return str(getattr(official, "position", "") or "")


def sign_as_leader(
    pdf: bytes,
    *,
    certificate: Certificate,
    actor: Any,
    agency: Agency,
    reason: str,
    generated: bool,
) -> bytes:
    """The approving leader's personal signature (Decree 30/2020: title, signature picture,
    name): in the band's person box of a result egov generated, at the foot of the last page
    of an uploaded one. Only a personal certificate may be named, and ``egov.signing``
    refuses anyone else's, a revoked or an expired one."""
    certificate = _current(certificate)
    if not certificate.is_personal:
        raise ValidationFailed(
            _("Approve with your personal certificate, not an organisation's."),
            code="certificate_not_personal",
        )
    box = signature_box("person", with_person=True) if generated else None
    return sign_pdf(
        pdf,
        certificate=certificate,
        actor=actor,
        reason=reason,
        location=_place(agency),
        field_name=LEADER_FIELD,
        appearance=Appearance.personal(title=_position(actor).upper(), box=box),
    )


def _agency_appearance(pdf: bytes, agency: Agency, line: str, *, generated: bool) -> Appearance:
    """Decree 30/2020 puts the seal over the left third of the leader's signature picture;
    on a generated result without a seal picture the agency's text goes in its own box of
    the band (beside the leader's it would cover the code), and without the leader's
    signature the agency signs alone, in that box or at the foot of the last page."""
    over = placement_of(pdf, LEADER_FIELD)
    if over is not None and (not generated or seal_image_of(agency) is not None):
        return Appearance.organisation(over=over, notation=line)
    if generated:
        return Appearance.organisation(
            page=-1, box=signature_box("agency", with_person=True), notation=line
        )
    return Appearance.organisation(page=-1, notation=line)


def sign_as_agency(
    pdf: bytes,
    *,
    certificate: Certificate,
    actor: Any,
    agency: Agency,
    reason: str,
    notation: str,
    generated: bool,
) -> bytes:
    """The agency's signature on a result, by the clerk or leader issuing it, with its
    number ("Số: 01/KQ-UBND", shown in words when the agency has no seal picture)."""
    certificate = _current(certificate)
    return sign_pdf(
        pdf,
        certificate=certificate,
        actor=actor,
        reason=reason,
        location=_place(agency),
        field_name=AGENCY_FIELD,
        appearance=_agency_appearance(pdf, agency, f"Số: {notation}", generated=generated),
    )


def register(
    code: str,
    pdf: bytes,
    *,
    kind: str,
    title: str,
    agency: Agency,
    reference: str,
    actor: Any,
) -> SignedDocument:
    """Register the final file under its printed code. The registrar is the acting official
    when they belong to the agency; otherwise (the applicant stopping a dossier, an official
    of another agency of an inter-agency dossier) the system."""
    registrar = actor if actor is not None and can_act(actor, agency=agency) else None
    return signing.signed_document_register(
        code=code,
        pdf=pdf,
        kind=kind,
        title=title,
        agency=agency,
        reference=reference,
        actor=registrar,
    )


def summary(stored: DossierFile) -> dict[str, Any]:
    """What the pages show of a file's signatures: who signed as leader and as agency, and
    every signature's signer and organisation."""
    found = list(stored.signatures or [])
    return {
        "signed": bool(found),
        "leader": next((s for s in found if s.get("field") == LEADER_FIELD), None),
        "agency": next((s for s in found if s.get("field") == AGENCY_FIELD), None),
        "all": found,
    }
