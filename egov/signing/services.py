"""Every change to certificates and trusted roots, and the check made before a key is used.

``actor=None`` means the system (a command, the demo). Importing, issuing and revoking a
certificate needs the agency administrator of the owning agency (of the official's agency for
a personal certificate); creating the demo CA or changing the trusted roots, a system
administrator.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import IO, Any

from cryptography import x509
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.audit import audit_record
from egov.core.errors import Conflict, PermissionRefused, ValidationFailed
from egov.orgs.models import Agency, OfficialProfile, Role
from egov.orgs.permissions import can_act, is_system_admin, require_role

from . import keys, records, selectors, tokens
from .models import Certificate, SignedDocument, TrustedRoot
from .trust import chains_to

PKCS12_MAX_BYTES = 1024 * 1024
ROOT_MAX_BYTES = 256 * 1024


def _require_system_admin(actor: Any | None) -> None:
    if actor is not None and not is_system_admin(actor):
        raise PermissionRefused(_("Only a system administrator may do this."))


def _official_agency(user: Any) -> Agency:
    try:
        profile: OfficialProfile = user.official
    except OfficialProfile.DoesNotExist:
        raise ValidationFailed(
            _("A personal certificate can only belong to an official.")
        ) from None
    return profile.agency


def _owner(owner_agency: Agency | None, owner_user: Any | None) -> Agency:
    """The agency answerable for the certificate; refuses zero or two owners."""
    if (owner_agency is None) == (owner_user is None):
        raise ValidationFailed(
            _("A certificate belongs either to an agency or to one official, not both.")
        )
    return owner_agency if owner_agency is not None else _official_agency(owner_user)


def _require_manager(actor: Any | None, agency: Agency) -> None:
    if actor is not None:
        require_role(actor, agency=agency, roles=[Role.AGENCY_ADMIN])


def _is_trusted(chain: list[x509.Certificate]) -> bool:
    return chains_to(chain, selectors.trusted_root_certificates())


def _store(
    chain: list[x509.Certificate],
    key: keys.PrivateKey | None,
    *,
    owner_agency: Agency | None,
    owner_user: Any | None,
    is_authority: bool = False,
    token_label: str = "",
    key_label: str = "",
) -> Certificate:
    """``key=None``: the key stays on the token ``token_label`` under ``key_label``."""
    info = keys.facts(chain[0])
    if Certificate.objects.filter(fingerprint=info.fingerprint).exists():
        raise Conflict(_("This certificate is already stored in egov."))
    return Certificate.objects.create(
        key_storage=(
            Certificate.KeyStorage.DATABASE if key is not None else Certificate.KeyStorage.PKCS11
        ),
        token_label=token_label,
        key_label=key_label,
        owner_agency=owner_agency,
        owner_user=owner_user,
        is_authority=is_authority,
        subject=info.subject,
        common_name=info.common_name or info.subject,
        organisation=info.organisation,
        issuer=info.issuer,
        serial_number=info.serial_number,
        not_before=info.not_before,
        not_after=info.not_after,
        fingerprint=info.fingerprint,
        chain_pem=keys.chain_to_pem(chain),
        private_key_encrypted=keys.encrypt_private_key(key) if key is not None else "",
        trusted=_is_trusted(chain),
    )


def _read_upload(file: IO[bytes] | bytes, limit: int) -> bytes:
    data = file if isinstance(file, bytes) else file.read(limit + 1)
    if len(data) > limit:
        raise ValidationFailed(_("The file is too large."))
    return data


def _check_signing_certificate(cert: x509.Certificate) -> None:
    info = keys.facts(cert)
    if info.is_authority:
        raise ValidationFailed(_("A CA certificate cannot sign documents."))
    if info.not_after <= timezone.now():
        raise ValidationFailed(_("The certificate has expired."), code="certificate_expired")


@transaction.atomic
def pkcs12_import(
    file: IO[bytes] | bytes,
    password: str,
    *,
    owner_agency: Agency | None = None,
    owner_user: Any | None = None,
    actor: Any | None,
) -> Certificate:
    """Store a certificate and its key from a PKCS#12 (.p12/.pfx) file issued by a CA."""
    agency = _owner(owner_agency, owner_user)
    _require_manager(actor, agency)
    data = _read_upload(file, PKCS12_MAX_BYTES)
    try:
        content = keys.read_pkcs12(data, password)
    except ValueError:
        raise ValidationFailed(
            _("The file is not a PKCS#12 certificate file or the password is wrong."),
            code="pkcs12_unreadable",
        ) from None
    _check_signing_certificate(content.certificate)
    chain = [content.certificate, *content.extra]
    certificate = _store(chain, content.key, owner_agency=owner_agency, owner_user=owner_user)
    audit_record(
        "signing_certificate_imported",
        actor=actor,
        target=certificate,
        summary=str(certificate),
        data={"fingerprint": certificate.fingerprint, "agency": agency.code},
    )
    return certificate


@transaction.atomic
def token_certificate_register(
    *,
    token_label: str,
    key_label: str,
    owner_agency: Agency | None = None,
    owner_user: Any | None = None,
    actor: Any | None,
) -> Certificate:
    """Register a certificate whose key stays on a hardware token (PKCS#11): the certificate
    is read from the token, and the key must sign a challenge the certificate verifies."""
    agency = _owner(owner_agency, owner_user)
    _require_manager(actor, agency)
    token_label, key_label = token_label.strip(), key_label.strip()
    if not token_label or len(token_label.encode("utf-8")) > tokens.TOKEN_LABEL_MAX:
        raise ValidationFailed(_("Give the token label (at most 32 bytes)."), field="token_label")
    if not key_label or len(key_label) > 300:
        raise ValidationFailed(_("Give the label of the key on the token."), field="key_label")
    chain = tokens.read_certificate(token_label=token_label, key_label=key_label)
    _check_signing_certificate(chain[0])
    certificate = _store(
        chain,
        None,
        owner_agency=owner_agency,
        owner_user=owner_user,
        token_label=token_label,
        key_label=key_label,
    )
    audit_record(
        "signing_token_certificate_registered",
        actor=actor,
        target=certificate,
        summary=str(certificate),
        data={
            "fingerprint": certificate.fingerprint,
            "agency": agency.code,
            "token": token_label,
            "key": key_label,
        },
    )
    return certificate


@transaction.atomic
def local_ca_create(*, actor: Any | None, trust: bool = False) -> Certificate:
    """egov's own CA for demos and tests, marked NOT TRUSTED; ``trust`` also adds it as a root
    (never do that in production: anyone with the database could then forge signatures)."""
    _require_system_admin(actor)
    key, cert = keys.make_demo_ca(now=timezone.now())
    if trust:
        trusted_root_add(keys.chain_to_pem([cert]).encode("ascii"), actor=actor)
    ca = _store([cert], key, owner_agency=None, owner_user=None, is_authority=True)
    audit_record(
        "signing_demo_ca_created",
        actor=actor,
        target=ca,
        summary=ca.common_name,
        data={"fingerprint": ca.fingerprint, "trusted": trust},
    )
    return ca


@transaction.atomic
def certificate_issue(
    *,
    owner_agency: Agency | None = None,
    owner_user: Any | None = None,
    actor: Any | None,
    valid_from: dt.datetime | None = None,
    valid_until: dt.datetime | None = None,
) -> Certificate:
    """A demo certificate from the newest demo CA (one year by default)."""
    agency = _owner(owner_agency, owner_user)
    _require_manager(actor, agency)
    ca = selectors.latest_demo_ca()
    if ca is None:
        raise ValidationFailed(_("Create the demo certificate authority first."))
    ca_key = keys.decrypt_private_key(ca.private_key_encrypted)
    ca_chain = keys.pem_to_chain(ca.chain_pem)
    start = valid_from or timezone.now() - dt.timedelta(minutes=5)
    end = valid_until or start + dt.timedelta(days=365)
    if owner_user is not None:
        name = owner_user.get_full_name() or owner_user.username
    else:
        name = agency.name
    key, cert = keys.make_demo_certificate(
        ca_key,
        ca_chain[0],
        common_name=name,
        organisation=agency.name,
        not_before=start,
        not_after=end,
    )
    certificate = _store([cert, *ca_chain], key, owner_agency=owner_agency, owner_user=owner_user)
    audit_record(
        "signing_certificate_issued",
        actor=actor,
        target=certificate,
        summary=str(certificate),
        data={"fingerprint": certificate.fingerprint, "ca": ca.fingerprint, "agency": agency.code},
    )
    return certificate


@transaction.atomic
def certificate_revoke(certificate: Certificate, *, actor: Any | None, reason: str) -> Certificate:
    """Stop a certificate from signing again; its past signatures then report it revoked."""
    if certificate.is_authority:
        _require_system_admin(actor)
    else:
        _require_manager(actor, _owner(certificate.owner_agency, certificate.owner_user))
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(_("Give the reason for the revocation."), field="reason")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked:
        raise Conflict(_("This certificate is already revoked."))
    certificate.revoked = True
    certificate.revoked_at = timezone.now()
    certificate.revocation_reason = reason[:500]
    certificate.save(update_fields=["revoked", "revoked_at", "revocation_reason"])
    audit_record(
        "signing_certificate_revoked",
        actor=actor,
        target=certificate,
        summary=reason,
        data={"fingerprint": certificate.fingerprint},
    )
    return certificate


def certificate_check_use(certificate: Certificate, *, actor: Any) -> None:
    """Refuse a key to anyone but its holders, and any revoked or expired certificate."""
    if not selectors.may_use(certificate, actor):
        raise PermissionRefused(
            _("You may not sign with this certificate."), code="certificate_not_yours"
        )
    if certificate.revoked:
        raise ValidationFailed(
            _("This certificate was revoked and can no longer sign."), code="certificate_revoked"
        )
    if not certificate.is_valid_at():
        raise ValidationFailed(
            _("This certificate is outside its validity period (%(start)s – %(end)s).")
            % {
                "start": timezone.localtime(certificate.not_before).strftime("%d/%m/%Y"),
                "end": timezone.localtime(certificate.not_after).strftime("%d/%m/%Y"),
            },
            code="certificate_expired",
        )


def certificate_check_system_use(certificate: Certificate, *, agency: Agency) -> None:
    """egov signing by itself, for ``agency``, the forms its one-stop flow issues (forms
    01–06 are "generated by the system, digitally signed", DOMAIN.md §4): whoever's action
    produced the form (a desk officer, or the applicant stopping a dossier online) need not
    hold a signing role, so no person is checked here; the caller names that person as the
    actor of the audit line. Only the agency's own organisation certificate qualifies, and
    never a revoked or expired one."""
    own = not certificate.is_authority and not certificate.is_personal
    if not own or certificate.owner_agency_id != agency.pk:
        raise PermissionRefused(
            _("You may not sign with this certificate."), code="certificate_not_agency"
        )
    if certificate.revoked:
        raise ValidationFailed(
            _("This certificate was revoked and can no longer sign."), code="certificate_revoked"
        )
    if not certificate.is_valid_at():
        raise ValidationFailed(
            _("This certificate is outside its validity period (%(start)s – %(end)s).")
            % {
                "start": timezone.localtime(certificate.not_before).strftime("%d/%m/%Y"),
                "end": timezone.localtime(certificate.not_after).strftime("%d/%m/%Y"),
            },
            code="certificate_expired",
        )


@transaction.atomic
def trusted_root_add(pem: bytes, *, actor: Any | None, name: str = "") -> TrustedRoot:
    """Trust a root CA (PEM) and re-evaluate every stored certificate against the roots."""
    _require_system_admin(actor)
    if len(pem) > ROOT_MAX_BYTES:
        raise ValidationFailed(_("The file is too large."))
    try:
        cert = x509.load_pem_x509_certificate(pem)
    except ValueError:
        raise ValidationFailed(_("The file is not a PEM certificate.")) from None
    info = keys.facts(cert)
    if not info.is_authority:
        raise ValidationFailed(_("Only a CA certificate can be a trusted root."))
    if TrustedRoot.objects.filter(fingerprint=info.fingerprint).exists():
        raise Conflict(_("This root is already trusted."))
    root = TrustedRoot.objects.create(
        name=(name.strip() or info.common_name or info.subject)[:300],
        certificate_pem=keys.chain_to_pem([cert]),
        fingerprint=info.fingerprint,
        not_after=info.not_after,
    )
    certificates_refresh_trust()
    audit_record(
        "signing_root_trusted",
        actor=actor,
        target=root,
        summary=root.name,
        data={"fingerprint": root.fingerprint},
    )
    return root


@transaction.atomic
def trusted_root_remove(root: TrustedRoot, *, actor: Any | None) -> None:
    _require_system_admin(actor)
    audit_record(
        "signing_root_removed",
        actor=actor,
        target=root,
        summary=root.name,
        data={"fingerprint": root.fingerprint},
    )
    root.delete()
    certificates_refresh_trust()


@transaction.atomic
def signing_key_rotate(*, actor: Any | None) -> int:
    """Re-encrypt every private key stored in egov with the current ``EGOV_SIGNING_KEY``, so
    the keys in ``EGOV_SIGNING_KEY_PREVIOUS`` can then be dropped. All or nothing: one key
    that no configured secret decrypts changes nothing. Returns how many were re-encrypted."""
    _require_system_admin(actor)
    stored = (
        Certificate.objects.select_for_update()
        .exclude(private_key_encrypted="")
        .only("pk", "private_key_encrypted")
        .order_by("pk")
    )
    count = 0
    for certificate in stored:
        try:
            token = keys.rotate_encrypted(certificate.private_key_encrypted)
        except ValueError:
            raise ValidationFailed(
                _(
                    "The private key of certificate %(id)s cannot be decrypted with "
                    "EGOV_SIGNING_KEY or EGOV_SIGNING_KEY_PREVIOUS; nothing was changed."
                )
                % {"id": certificate.pk},
                code="signing_key_unknown",
            ) from None
        Certificate.objects.filter(pk=certificate.pk).update(private_key_encrypted=token)
        count += 1
    audit_record(
        "signing_key_rotated",
        actor=actor,
        summary=f"{count}",
        data={"certificates": count},
    )
    return count


def certificates_refresh_trust() -> int:
    """Recompute ``trusted`` for every certificate; returns how many changed."""
    roots = selectors.trusted_root_certificates()
    changed = 0
    for certificate in Certificate.objects.only("pk", "chain_pem", "trusted"):
        trusted = chains_to(keys.pem_to_chain(certificate.chain_pem), roots)
        if trusted != certificate.trusted:
            Certificate.objects.filter(pk=certificate.pk).update(trusted=trusted)
            changed += 1
    return changed


@transaction.atomic
def signed_document_register(
    *,
    code: str,
    pdf: bytes,
    kind: str,
    title: str,
    agency: Agency,
    reference: str = "",
    actor: Any | None,
) -> SignedDocument:
    """Record an issued document under the code already printed on it, so that anyone can
    check it at /xac-thuc/<code>/. ``pdf`` is the final file, signatures included: its
    SHA-256 is what a copy is compared against. ``actor`` must be an official of ``agency``
    (``None``: the system)."""
    if actor is not None and not can_act(actor, agency=agency):
        raise PermissionRefused(
            _("You may not issue documents for %(agency)s.") % {"agency": agency.name}
        )
    normalised = records.normalise_code(code)
    if not records.is_valid_code(normalised):
        raise ValidationFailed(_("The verification code is malformed."), field="code")
    if kind not in SignedDocument.Kind.values:
        raise ValidationFailed(_("Unknown kind of document."), field="kind")
    title = " ".join(title.split())
    if not title:
        raise ValidationFailed(_("Give the title of the document."), field="title")
    if not pdf.startswith(b"%PDF-"):
        raise ValidationFailed(_("The document is not a PDF file."), field="pdf")
    limit = settings.EGOV_SIGNING_VERIFY_MAX_BYTES
    if len(pdf) > limit:
        # Larger than the verification page accepts: nobody could check it.
        raise ValidationFailed(
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)},
            field="pdf",
        )
    if SignedDocument.objects.filter(code=normalised).exists():
        raise Conflict(_("This verification code is already in use."), code="code_taken")
    document = SignedDocument(
        code=normalised,
        kind=kind,
        title=title[:500],
        agency=agency,
        reference=reference.strip()[:100],
        issued_at=timezone.now(),
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    document.file.save(f"{normalised}.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # the same code registered concurrently
        document.file.delete(save=False)
        raise Conflict(_("This verification code is already in use."), code="code_taken") from None
    audit_record(
        "signing_document_registered",
        actor=actor,
        target=document,
        summary=f"{document.code} {document.title}",
        data={"kind": kind, "agency": agency.code, "sha256": document.sha256},
    )
    return document


@transaction.atomic
def certificates_trust_refresh(*, actor: Any | None) -> int:
    """``certificates_refresh_trust`` on an operator's request (after a root CA was renewed
    elsewhere, say): a system administrator only, recorded in the audit trail."""
    _require_system_admin(actor)
    changed = certificates_refresh_trust()
    audit_record(
        "signing_trust_refreshed",
        actor=actor,
        summary=str(changed),
        data={"changed": changed, "roots": TrustedRoot.objects.count()},
    )
    return changed
