"""Reads about certificates and roots."""

from __future__ import annotations

import hashlib
from typing import Any

from cryptography import x509
from django.db.models import Q
from django.utils import timezone

from egov.orgs.models import Role
from egov.orgs.permissions import agencies_in_scope, can_act

from .models import Certificate, SignedDocument, TrustedRoot

SIGNING_ROLES = frozenset({Role.CLERK, Role.AGENCY_LEADER})


def trusted_root_certificates() -> list[x509.Certificate]:
    return [
        x509.load_pem_x509_certificate(pem.encode("ascii"))
        for pem in TrustedRoot.objects.values_list("certificate_pem", flat=True)
    ]


def certificate_by_fingerprint(fingerprint: str) -> Certificate | None:
    return Certificate.objects.filter(fingerprint=fingerprint.lower()).first()


def latest_demo_ca() -> Certificate | None:
    return (
        Certificate.objects.filter(is_authority=True, revoked=False, not_after__gt=timezone.now())
        .order_by("-created_at", "-id")
        .first()
    )


def may_use(certificate: Certificate, user: Any) -> bool:
    """Personal keys by their owner; organisation keys by the agency's clerks and leaders."""
    if certificate.is_authority or not getattr(user, "is_authenticated", False):
        return False
    if not getattr(user, "is_active", False):
        return False
    if certificate.owner_user_id is not None:
        return bool(certificate.owner_user_id == user.pk)
    assert certificate.owner_agency is not None  # noqa: S101 (the owner constraint)
    return can_act(user, agency=certificate.owner_agency, roles=SIGNING_ROLES)


def certificates_usable_by(user: Any) -> list[Certificate]:
    """Valid, unrevoked certificates ``user`` may sign with now."""
    now = timezone.now()
    candidates = Certificate.objects.filter(
        is_authority=False, revoked=False, not_before__lte=now, not_after__gte=now
    ).filter(Q(owner_user_id=user.pk) | Q(owner_agency_id__in=agencies_in_scope(user).values("id")))
    return [c for c in candidates.select_related("owner_agency") if may_use(c, user)]


def signed_document_by_code(code: str) -> SignedDocument | None:
    """The issued document with this (normalised) verification code."""
    return SignedDocument.objects.select_related("agency").filter(code=code).first()


def signed_document_by_sha256(sha256: str) -> SignedDocument | None:
    """The issued document whose final file has exactly this fingerprint, if any."""
    return (
        SignedDocument.objects.select_related("agency")
        .filter(sha256=sha256)
        .order_by("issued_at", "id")
        .first()
    )


def trust_state() -> str:
    """A short token that changes when a root is trusted or removed or a certificate is
    revoked: what a stored verification report depends on besides the file."""
    roots = sorted(TrustedRoot.objects.values_list("fingerprint", flat=True))
    revoked = sorted(Certificate.objects.filter(revoked=True).values_list("fingerprint", flat=True))
    return hashlib.sha256("|".join([*roots, "", *revoked]).encode()).hexdigest()[:16]
