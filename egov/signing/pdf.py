"""Sign a PDF with a stored certificate: PAdES (ETSI.CAdES.detached) with the signing time,
an RFC 3161 timestamp when ``EGOV_TSA_URL`` is set, validation data when the chain is
trusted, and the visible appearance of Decree 30/2020. Each signature is an incremental
update, so a person's signature and then the agency's both stay valid on one document."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import LayoutError
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from egov.core.audit import audit_record
from egov.core.errors import ValidationFailed
from egov.orgs.models import Agency

from . import keys, selectors, services, tokens
from .appearance import Appearance, Placement, placement_of, visible_signature
from .models import Certificate
from .tsa import UrllibTimeStamper

__all__ = [
    "Appearance",
    "Placement",
    "placement_of",
    "sign_pdf",
    "sign_person_then_organisation",
    "validation_context",
]


def _signer(certificate: Certificate) -> signers.Signer:
    if certificate.key_storage == Certificate.KeyStorage.PKCS11:
        return tokens.token_signer(
            token_label=certificate.token_label,
            key_label=certificate.key_label,
            chain=keys.pem_to_chain(certificate.chain_pem),
        )
    key = keys.decrypt_private_key(certificate.private_key_encrypted)
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    chain = [
        asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
        for c in keys.pem_to_chain(certificate.chain_pem)
    ]
    return signers.SimpleSigner(
        signing_cert=chain[0],
        signing_key=asn1_keys.PrivateKeyInfo.load(der),
        cert_registry=SimpleCertificateStore.from_certs(chain[1:]),  # type: ignore[no-untyped-call]
    )


def validation_context() -> ValidationContext:
    """The roots configured in egov; revocation data fetched only when allowed."""
    roots = [
        asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
        for c in selectors.trusted_root_certificates()
    ]
    return ValidationContext(
        trust_roots=roots,
        allow_fetching=settings.EGOV_SIGNING_FETCH_REVOCATION,
        revocation_mode="soft-fail",
    )


def sign_pdf(
    pdf_bytes: bytes,
    *,
    certificate: Certificate,
    actor: Any,
    reason: str,
    location: str,
    field_name: str,
    appearance: Appearance | None = None,
    system_for: Agency | None = None,
) -> bytes:
    """The document with one more signature; ``appearance=None`` signs invisibly.

    ``system_for``: egov itself signs for that agency with its organisation certificate
    (``services.certificate_check_system_use``), ``actor`` being whoever's action led to it,
    named in the audit line; otherwise ``actor`` must be a holder of the key."""
    signed, _placement = _sign(
        pdf_bytes,
        certificate=certificate,
        actor=actor,
        reason=reason,
        location=location,
        field_name=field_name,
        appearance=appearance,
        system_for=system_for,
    )
    return signed


def _sign(
    pdf_bytes: bytes,
    *,
    certificate: Certificate,
    actor: Any,
    reason: str,
    location: str,
    field_name: str,
    appearance: Appearance | None,
    system_for: Agency | None,
) -> tuple[bytes, Placement | None]:
    if system_for is None:
        services.certificate_check_use(certificate, actor=actor)
    else:
        services.certificate_check_system_use(certificate, agency=system_for)
    if not field_name or "." in field_name:
        raise ValidationFailed(_("The signature field needs a name without dots."))
    signer = _signer(certificate)
    embed_ltv = certificate.trusted and settings.EGOV_SIGNING_FETCH_REVOCATION
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason or None,
        location=location or None,
        name=certificate.common_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        # Long-term validation data (DSS) needs the CRL/OCSP answers, hence fetching.
        embed_validation_info=embed_ltv,
        validation_context=validation_context() if embed_ltv else None,
    )
    # Shown on the stamp; the signature's own signing time is taken a moment later.
    signed_at = timezone.now().replace(microsecond=0)
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf_bytes), strict=False)
        if writer.security_handler is not None:
            raise ValidationFailed(_("An encrypted PDF cannot be signed."))
        visible = (
            visible_signature(
                writer, certificate=certificate, appearance=appearance, signed_at=signed_at
            )
            if appearance
            else None
        )
        field = fields.SigFieldSpec(
            sig_field_name=field_name,
            on_page=appearance.page if appearance else 0,
            box=visible.box if visible else None,
        )
        tsa_url = settings.EGOV_TSA_URL
        pdf_signer = signers.PdfSigner(
            meta,
            signer=signer,
            timestamper=UrllibTimeStamper(tsa_url) if tsa_url else None,
            stamp_style=visible.style if visible else None,
            new_field_spec=field,
        )
        output = pdf_signer.sign_pdf(writer)
    except (PdfError, SigningError, LayoutError, OSError, IndexError) as exc:
        raise ValidationFailed(
            _("The document could not be signed: %(error)s") % {"error": exc},
            code="signing_failed",
        ) from exc
    with transaction.atomic():
        audit_record(
            "signing_certificate_used",
            actor=actor,
            target=certificate,
            summary=reason[:200],
            data={"field": field_name, "fingerprint": certificate.fingerprint},
        )
    return output.getvalue(), visible.placement if visible else None


PERSONAL_FIELD = "ChuKyNguoiKy"
ORGANISATION_FIELD = "ChuKyCoQuan"


@transaction.atomic
def sign_person_then_organisation(
    pdf_bytes: bytes,
    *,
    personal: Certificate,
    organisation: Certificate,
    actor_person: Any,
    actor_organisation: Any,
    title: str,
    reason: str,
    location: str,
    name: str | None = None,
    organisation_reason: str | None = None,
    page: int = -1,
    box: tuple[int, int, int, int] | None = None,
    personal_field: str = PERSONAL_FIELD,
    organisation_field: str = ORGANISATION_FIELD,
    system_for: Agency | None = None,
) -> bytes:
    """An original electronic document (Decree 30/2020): the competent person signs (title,
    signature picture, name), then the agency (its seal over the left third of the
    signature picture), as two incremental signatures that both stay valid.

    ``box`` places the personal signature (bottom right of ``page`` by default); the seal
    follows it. ``system_for``: egov signs for that agency with ``organisation``
    (``actor_organisation`` is then whoever's action led to it). Both keys are checked
    before anything is signed; the audit lines are written together or not at all.
    """
    if not personal.is_personal:
        raise ValidationFailed(
            _("The first signature must be made with a personal certificate."),
            code="not_personal",
        )
    if organisation.is_personal or organisation.is_authority:
        raise ValidationFailed(
            _("The second signature must be made with an agency's certificate."),
            code="not_organisation",
        )
    if personal_field == organisation_field:
        raise ValidationFailed(_("The two signatures need two different field names."))
    services.certificate_check_use(personal, actor=actor_person)
    if system_for is None:
        services.certificate_check_use(organisation, actor=actor_organisation)
    else:
        services.certificate_check_system_use(organisation, agency=system_for)
    once, placement = _sign(
        pdf_bytes,
        certificate=personal,
        actor=actor_person,
        reason=reason,
        location=location,
        field_name=personal_field,
        appearance=Appearance.personal(title=title, name=name, page=page, box=box),
        system_for=None,
    )
    assert placement is not None  # noqa: S101 (a personal appearance is always placed)
    twice, _none = _sign(
        once,
        certificate=organisation,
        actor=actor_organisation,
        reason=reason if organisation_reason is None else organisation_reason,
        location=location,
        field_name=organisation_field,
        appearance=Appearance.organisation(over=placement),
        system_for=system_for,
    )
    return twice
