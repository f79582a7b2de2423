"""Reports come in: sent by a citizen on the web (or a partner app), or registered by an
official for a caller, a visitor or a letter. Either way the report gets its code, its
classification deadline and the proposed agency, and the reporter is told its code."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from egov.core.errors import PermissionRefused, ValidationFailed
from egov.orgs.models import AdministrativeUnit, Agency
from egov.orgs.selectors import units_valid_on

from ..attributes import clean_values
from ..lifecycle import Action, Status
from ..models import Category, Channel, Report, ReportFile
from ..permissions import can_receive_at, key_hash
from ..photos import MAX_PHOTOS, clean_photo
from ..selectors import hotline_agency, suggest_agency
from . import _core
from .codes import next_code

MAX_TITLE = 200
MAX_DESCRIPTION = 5000
_PHONE = re.compile(r"^(\+84|0)\d{9,10}$")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
OFFICIAL_CHANNELS = frozenset({Channel.HOTLINE, Channel.IN_PERSON, Channel.WRITTEN})


@dataclass
class ReportInput:
    """What a reporter says. Location and contact are optional; the services decide."""

    category: Category
    title: str
    description: str
    latitude: Decimal | str | None = None
    longitude: Decimal | str | None = None
    address: str = ""
    unit: AdministrativeUnit | None = None
    is_anonymous: bool = False
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    may_publish: bool = False
    attributes: dict[str, Any] = field(default_factory=dict)
    photos: Sequence[File[Any]] = ()


@dataclass(frozen=True)
class Submitted:
    """The new report, and for a reporter without an account the secret follow link key
    (shown once, and sent with the first message; the report keeps only its hash)."""

    report: Report
    follow_key: str = ""


def _point(data: ReportInput, errors: dict[str, str]) -> tuple[Decimal | None, Decimal | None]:
    given = [v not in (None, "") for v in (data.latitude, data.longitude)]
    if not any(given):
        return None, None
    if not all(given):
        errors["latitude"] = str(_("Give both the latitude and the longitude, or neither."))
        return None, None
    try:
        lat = Decimal(str(data.latitude)).quantize(Decimal("0.000001"))
        lng = Decimal(str(data.longitude)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        errors["latitude"] = str(_("The position is not valid."))
        return None, None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        errors["latitude"] = str(_("The position is not valid."))
        return None, None
    return lat, lng


def _phone(value: str, errors: dict[str, str]) -> str:
    phone = _PHONE_SEPARATORS.sub("", value.strip())
    if phone and not _PHONE.match(phone):
        errors["contact_phone"] = str(_("Enter a Vietnamese phone number, e.g. 0912345678."))
    return phone


def _email(value: str, errors: dict[str, str]) -> str:
    email = value.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["contact_email"] = str(_("This is not a valid email address."))
    return email


def _account_name(account: Any) -> str:
    """The name a signed-in citizen's account carries, for a report that gives none."""
    if account is None:
        return ""
    profile = getattr(account, "citizen", None) or getattr(account, "business", None)
    name = getattr(profile, "full_name", "") or getattr(profile, "name", "")
    return str(name or account.get_full_name() or "")


def _check(data: ReportInput, *, account: Any) -> dict[str, Any]:
    """The report's fields, checked; every problem at once, keyed by field."""
    errors: dict[str, str] = {}
    category = data.category
    if category is None or not category.is_active:
        errors["category"] = str(_("Choose what your report is about."))
    title = data.title.strip()
    if not title:
        errors["title"] = str(_("Give your report a short title."))
    elif len(title) > MAX_TITLE:
        errors["title"] = str(_("The title is too long (at most 200 characters)."))
    description = data.description.strip()
    if not description:
        errors["description"] = str(_("Describe the matter you are reporting."))
    elif len(description) > MAX_DESCRIPTION:
        errors["description"] = str(_("The description is too long (at most 5,000 characters)."))
    lat, lng = _point(data, errors)
    address = data.address.strip()[:300]
    unit = data.unit
    if unit is not None and (
        unit.kind not in AdministrativeUnit.COMMUNE_LEVEL
        or not units_valid_on().filter(pk=unit.pk).exists()
    ):
        errors["unit"] = str(_("Choose a commune or ward that exists today."))
    if (
        category is not None
        and category.location_required
        and lat is None
        and not (address and unit is not None)
    ):
        errors["address"] = str(
            _("This kind of report needs a place: a point on the map, or the address and commune.")
        )
    name = "" if data.is_anonymous else (data.contact_name.strip() or _account_name(account))[:200]
    phone = _phone(data.contact_phone, errors)
    email = _email(data.contact_email, errors)
    if not data.is_anonymous:
        if not name:
            errors["contact_name"] = str(_("Give your name, or send the report anonymously."))
        if not phone and not email and account is None:
            errors["contact_phone"] = str(
                _("Give a phone number or an email address so that the agency can answer you.")
            )
    if len(data.photos) > MAX_PHOTOS:
        errors["photos"] = str(_("Send at most 5 photos."))
    attributes: dict[str, Any] = {}
    if category is not None and category.attributes:
        try:
            attributes = clean_values(category.attributes, data.attributes or {})
        except ValidationFailed as refusal:
            errors.update(
                {f"attribute_{code}": msg for code, msg in refusal.extra["errors"].items()}
            )
    if errors:
        raise ValidationFailed(
            _("Some information is missing or not valid."), code="invalid_report", errors=errors
        )
    return {
        "category": category,
        "title": title,
        "description": description,
        "latitude": lat,
        "longitude": lng,
        "address": address,
        "unit": unit,
        "is_anonymous": data.is_anonymous,
        "contact_name": name,
        "contact_phone": phone,
        "contact_email": email,
        "may_publish": data.may_publish,
        "attributes": attributes,
    }


def _photos(photos: Sequence[File[Any]]) -> list[Any]:
    cleaned = []
    for index, photo in enumerate(photos):
        try:
            cleaned.append(clean_photo(photo))
        except ValidationFailed as refusal:
            raise ValidationFailed(
                _("Photo %(n)d: %(problem)s") % {"n": index + 1, "problem": refusal.message},
                code=refusal.code,
                errors={"photos": str(refusal.message)},
            ) from None
    return cleaned


def _create(
    fields: dict[str, Any],
    *,
    photos: Sequence[File[Any]],
    channel: Channel,
    receiving: Agency,
    reporter: Any,
    created_by: Any,
    follow_key: str,
    action: Action,
    actor: Any,
) -> Report:
    cleaned_photos = _photos(photos)  # before any write: a bad photo leaves nothing behind
    at = _core.now()
    report = Report(
        **fields,
        code=next_code(at),
        channel=channel,
        receiving_agency=receiving,
        suggested_agency=suggest_agency(fields["category"], fields["unit"]),
        reporter=reporter,
        created_by=created_by,
        follow_key_hash=key_hash(follow_key) if follow_key else "",
        status=Status.RECEIVED,
        received_at=at,
        classify_due_at=_core.due_after(receiving, at, _core.CLASSIFY_DAYS),
    )
    report.refresh_search_text()
    report.save()
    event = _core.record(
        report,
        action,
        actor=actor,
        from_status="",
        agency=receiving,
        data={"channel": channel, "photos": len(cleaned_photos)},
        follow_key=follow_key,
    )
    for photo in cleaned_photos:
        ReportFile.objects.create(
            report=report,
            kind=ReportFile.Kind.PHOTO,
            event=event,
            file=photo.content,
            name=photo.name,
            content_type=photo.content_type,
            size=photo.size,
            sha256=photo.sha256,
        )
    return report


def _is_citizen_account(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and not hasattr(user, "official")


@transaction.atomic
def report_submit(*, data: ReportInput, actor: Any, channel: Channel = Channel.WEB) -> Submitted:
    """A citizen's report from the web or a partner app, received by the provincial hotline.

    A signed-in citizen follows it from "Phản ánh của tôi"; anyone else gets a follow link
    key, returned once and sent with the first message to the email (or, without one, the
    phone) they gave. Officials register reports with ``report_register`` instead.
    """
    if getattr(actor, "is_authenticated", False) and not _is_citizen_account(actor):
        raise PermissionRefused(
            _("Officials register reports for citizens from the officials' pages.")
        )
    account = actor if _is_citizen_account(actor) else None
    fields = _check(data, account=account)
    key = "" if account is not None else secrets.token_urlsafe(24)
    report = _create(
        fields,
        photos=data.photos,
        channel=channel,
        receiving=hotline_agency(),
        reporter=account,
        created_by=account,
        follow_key=key,
        action=Action.SUBMIT,
        actor=actor,
    )
    return Submitted(report=report, follow_key=key)


@transaction.atomic
def report_register(
    *,
    data: ReportInput,
    actor: Any,
    channel: Channel = Channel.HOTLINE,
    agency: Agency | None = None,
) -> Report:
    """A report taken by a receiving unit: a hotline operator for a caller, a commune desk
    for a visitor or a letter. The unit is the official's agency unless another is named.

    A reporter who left an email or a phone gets a follow link (sent to them, never shown
    to the official), so that they can rate the answer and reopen the report themselves.
    """
    if channel not in OFFICIAL_CHANNELS:
        raise ValidationFailed(_("Choose how the report was received."), code="invalid_channel")
    profile = getattr(actor, "official", None)
    receiving = agency or (profile.agency if profile is not None else None)
    if receiving is None or not can_receive_at(actor, receiving):
        raise PermissionRefused(_("Only officials of a receiving unit may register reports."))
    fields = _check(data, account=None)
    reachable = bool(fields["contact_email"] or fields["contact_phone"])
    return _create(
        fields,
        photos=data.photos,
        channel=channel,
        receiving=receiving,
        reporter=None,
        created_by=actor,
        follow_key=secrets.token_urlsafe(24) if reachable else "",
        action=Action.REGISTER,
        actor=actor,
    )
