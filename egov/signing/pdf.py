"""Sign a PDF with a stored certificate: PAdES (ETSI.CAdES.detached) with the signing time,
an RFC 3161 timestamp when ``EGOV_TSA_URL`` is set, validation data when the chain is
trusted, and the visible appearance of Decree 30/2020. Each signature is an incremental
update, so a person's signature and then the agency's both stay valid on one document."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.stamp.text import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from egov.core.audit import audit_record
from egov.core.errors import ValidationFailed
from egov.orgs.models import Agency
from egov.printing.fonts import font_files

from . import keys, selectors, services, tokens
from .models import Certificate
from .tsa import UrllibTimeStamper

_A4 = (0.0, 0.0, 595.0, 842.0)
_MARGIN = 20
# Width and height in points (1/72 inch) of the two boxes Decree 30/2020 describes.
_PERSONAL_SIZE = (190, 70)
_ORGANISATION_SIZE = (200, 58)


@dataclass(frozen=True)
class Appearance:
    """Where a visible signature goes and the lines around the signer's name.

    ``corner`` places the box on the page whatever its size: "bottom_right" (a form's
    signature block) or "top_right" (an attachment's organisation signature); ``box`` in PDF
    points overrides it. ``title`` is the signing mark and position above the name ("KT. CHỦ
    TỊCH\nPHÓ CHỦ TỊCH"); ``notation`` the number and notation shown in an organisation
    signature ("Số: 15/QĐ-UBND"). ``page`` counts from 0; -1 is the last page.
    """

    corner: str = "bottom_right"
    box: tuple[int, int, int, int] | None = None
    page: int = 0
    title: str = ""
    notation: str = ""
    font_size: int = 7

    @classmethod
    def personal(cls, *, page: int = -1, title: str = "") -> Appearance:
        return cls(corner="bottom_right", page=page, title=title)

    @classmethod
    def organisation(cls, *, page: int = 0, notation: str = "") -> Appearance:
        return cls(corner="top_right", page=page, notation=notation)

    def box_on(self, media_box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
        if self.box is not None:
            return self.box
        _left, bottom, right, top = media_box
        width, height = _PERSONAL_SIZE if self.corner == "bottom_right" else _ORGANISATION_SIZE
        x2 = int(right) - _MARGIN
        if self.corner == "top_right":
            y2 = int(top) - _MARGIN
            return (x2 - width, y2 - height, x2, y2)
        y1 = int(bottom) + _MARGIN
        return (x2 - width, y1, x2, y1 + height)


def _media_box(writer: IncrementalPdfFileWriter, page: int) -> tuple[float, float, float, float]:
    page_ref, _resources = writer.find_page_for_modification(page)  # type: ignore[no-untyped-call]
    node = page_ref.get_object()
    box = None
    for _level in range(32):  # MediaBox may be inherited from the page tree
        box = node.get("/MediaBox")
        if box is not None or "/Parent" not in node:
            break
        node = node["/Parent"].get_object()
    if box is None or len(box) != 4:
        return _A4
    left, bottom, right, top = (float(v) for v in box)
    return (left, bottom, right, top)


def _escape(text: str) -> str:
    return text.replace("%", "%%")


def _stamp_text(certificate: Certificate, appearance: Appearance) -> str:
    lines: list[str] = []
    if certificate.is_personal:
        lines += [line for line in appearance.title.splitlines() if line.strip()]
        lines.append(gettext("Signed by: %(name)s") % {"name": certificate.common_name})
        if certificate.organisation:
            lines.append(gettext("Agency: %(name)s") % {"name": certificate.organisation})
    else:
        lines.append(certificate.organisation or certificate.common_name)
        if appearance.notation:
            lines.append(appearance.notation)
    lines.append(gettext("Signing time: %(time)s") % {"time": "\x00ts\x00"})
    return _escape("\n".join(lines)).replace("\x00ts\x00", "%(ts)s")


def _stamp_style(certificate: Certificate, appearance: Appearance) -> TextStampStyle:
    font = GlyphAccumulatorFactory(str(font_files()[""]), font_size=appearance.font_size)
    return TextStampStyle(
        stamp_text=_stamp_text(certificate, appearance),
        text_box_style=TextBoxStyle(font=font, font_size=appearance.font_size),
        border_width=1,
    )


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
    signed_at = timezone.localtime()
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf_bytes), strict=False)
        if writer.security_handler is not None:
            raise ValidationFailed(_("An encrypted PDF cannot be signed."))
        field = fields.SigFieldSpec(
            sig_field_name=field_name,
            on_page=appearance.page if appearance else 0,
            box=appearance.box_on(_media_box(writer, appearance.page)) if appearance else None,
        )
        tsa_url = settings.EGOV_TSA_URL
        pdf_signer = signers.PdfSigner(
            meta,
            signer=signer,
            timestamper=UrllibTimeStamper(tsa_url) if tsa_url else None,
            stamp_style=_stamp_style(certificate, appearance) if appearance else None,
            new_field_spec=field,
        )
        output = pdf_signer.sign_pdf(
            writer, appearance_text_params={"ts": signed_at.isoformat(timespec="seconds")}
        )
    except (PdfError, SigningError, OSError, IndexError) as exc:
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
    return output.getvalue()
