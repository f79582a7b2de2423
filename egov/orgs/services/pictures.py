"""The pictures digital signatures show: an official's signature and an agency's seal
(Decree 30/2020, Appendix I). ``image=None`` removes the picture; signatures then fall back
to text. The replaced file is deleted after the commit, so a rolled-back change keeps it."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models.fields.files import ImageFieldFile

from egov.core.audit import audit_record

from ..images import CheckedPicture, Picture, check_picture
from ..models import Agency, OfficialProfile, User
from ._common import require_agency_admin
from .officials import _profile_of


def _replace(field: ImageFieldFile, checked: CheckedPicture | None, name: str) -> None:
    """Store the new picture (or none) in ``field``; the old file goes after the commit."""
    old_name = field.name
    storage = field.storage
    if checked is None:
        field.name = ""
    else:
        field.save(name, ContentFile(checked.png), save=False)
    if old_name:
        transaction.on_commit(lambda: storage.delete(old_name))


def _is_self(actor: Any | None, user: User) -> bool:
    return (
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and getattr(actor, "is_active", False)
        and actor.pk == user.pk
    )


def _audit_data(checked: CheckedPicture | None) -> dict[str, Any]:
    if checked is None:
        return {"removed": True}
    return {
        "sha256": checked.sha256,
        "width": checked.width,
        "height": checked.height,
        "dpi": round(checked.dpi),
        "made_transparent": checked.made_transparent,
    }


@transaction.atomic
def official_set_signature_image(
    *, user: User, image: File[Any] | bytes | None, actor: Any | None
) -> OfficialProfile:
    """Set (or with ``None`` remove) the official's signature picture: blue ink, PNG.

    The official himself may, and so may an administrator of the official's agency (or a
    system administrator).
    """
    profile = _profile_of(user)
    if not _is_self(actor, user):
        require_agency_admin(actor, profile.agency)
    checked = check_picture(image, Picture.SIGNATURE) if image is not None else None
    profile = OfficialProfile.objects.select_for_update().get(pk=profile.pk)
    _replace(profile.signature_image, checked, f"chu-ky-{user.pk}.png")
    profile.save(update_fields=["signature_image"])
    audit_record(
        "official_signature_image_set" if checked else "official_signature_image_removed",
        actor=actor,
        target=user,
        summary=user.username,
        data={"agency": profile.agency.code, **_audit_data(checked)},
    )
    return profile


@transaction.atomic
def agency_set_seal_image(
    *, agency: Agency, image: File[Any] | bytes | None, actor: Any | None
) -> Agency:
    """Set (or with ``None`` remove) the agency's seal picture: red, PNG, at its real size.

    Only an administrator of the agency (or of one above it) or a system administrator.
    """
    require_agency_admin(actor, agency)
    checked = check_picture(image, Picture.SEAL) if image is not None else None
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    _replace(agency.seal_image, checked, f"con-dau-{agency.code}.png")
    agency.save(update_fields=["seal_image"])
    audit_record(
        "agency_seal_image_set" if checked else "agency_seal_image_removed",
        actor=actor,
        target=agency,
        summary=f"{agency.code} {agency.name}",
        data={"code": agency.code, **_audit_data(checked)},
    )
    return agency
