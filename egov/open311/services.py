"""Every change the Open311 interface makes: issuing and revoking partner keys, and
creating a report for a partner application through ``feedback.services.report_submit``, so
that it enters the same workflow as a report sent on the web.

Partner keys are managed by system administrators (``actor=None``: the ``egov open311_key``
command). A report carries its client in the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from egov.core import ratelimit
from egov.core.audit import audit_record
from egov.core.errors import Conflict, NotFound, PermissionRefused, ValidationFailed
from egov.feedback import services as feedback
from egov.feedback.models import Channel, Report
from egov.orgs.permissions import is_system_admin
from egov.orgs.selectors import unit_on

from . import selectors
from .keys import key_hash, new_key
from .models import Open311Client

MAX_NAME = 100
MAX_MEDIA_URLS = 5
MAX_MEDIA_URL = 500
TITLE_LENGTH = 100

# Feedback's field names, as the Open311 parameters a partner sent.
PARAMETER_OF = {
    "category": "service_code",
    "title": "description",
    "description": "description",
    "latitude": "lat",
    "longitude": "long",
    "address": "address_string",
    "unit": "address_id",
    "contact_name": "first_name",
    "contact_phone": "phone",
    "contact_email": "email",
    "photos": "media_url",
}


# --- partner keys ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedKey:
    """A client and its new key: shown once, only its hash is kept."""

    client: Open311Client
    key: str


def _require_admin(actor: Any) -> None:
    if actor is not None and not is_system_admin(actor):
        raise PermissionRefused(_("Only system administrators manage Open311 keys."))


def _named(name: str) -> Open311Client | None:
    """The client called ``name``, whatever the case (Vietnamese letters too, which SQLite's
    case-insensitive lookups do not fold)."""
    wanted = " ".join(name.split()).casefold()
    return next((c for c in Open311Client.objects.all() if c.name.casefold() == wanted), None)


def _check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationFailed(
            _("Name the partner application."), errors={"name": str(_("Required."))}
        )
    if len(name) > MAX_NAME:
        raise ValidationFailed(
            _("The name is too long (at most %(max)d characters).") % {"max": MAX_NAME},
            errors={"name": ""},
        )
    if _named(name) is not None:
        raise ValidationFailed(
            _("A partner application is already called “%(name)s”.") % {"name": name},
            code="name_taken",
            errors={"name": ""},
        )
    return name


@transaction.atomic
def client_create(*, name: str, actor: Any) -> IssuedKey:
    """Register a partner application and issue its key."""
    _require_admin(actor)
    name = _check_name(name)
    key = new_key()
    try:
        with transaction.atomic():
            client = Open311Client.objects.create(
                name=name,
                key_hash=key_hash(key),
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:  # the same name, created at the same moment
        raise ValidationFailed(
            _("A partner application is already called “%(name)s”.") % {"name": name},
            code="name_taken",
        ) from None
    audit_record("open311.client_create", actor=actor, target=client, summary=client.name, data={})
    return IssuedKey(client=client, key=key)


def _locked(client: Open311Client) -> Open311Client:
    found = Open311Client.objects.select_for_update().filter(pk=client.pk).first()
    if found is None:
        raise NotFound(_("There is no such partner application."))
    return found


@transaction.atomic
def client_rekey(client: Open311Client, *, actor: Any) -> IssuedKey:
    """Replace a client's key (lost or leaked): the old key stops working at once."""
    _require_admin(actor)
    client = _locked(client)
    if client.revoked_at is not None:
        raise Conflict(
            _("The key of “%(name)s” is revoked; register the application again.")
            % {"name": client.name},
            code="revoked",
        )
    key = new_key()
    client.key_hash = key_hash(key)
    client.save(update_fields=["key_hash"])
    audit_record("open311.client_rekey", actor=actor, target=client, summary=client.name)
    return IssuedKey(client=client, key=key)


@transaction.atomic
def client_revoke(client: Open311Client, *, actor: Any) -> Open311Client:
    """Stop accepting a client's key; its reports stay."""
    _require_admin(actor)
    client = _locked(client)
    if client.revoked_at is not None:
        raise Conflict(
            _("The key of “%(name)s” is already revoked.") % {"name": client.name},
            code="revoked",
        )
    client.revoked_at = timezone.now()
    client.save(update_fields=["revoked_at"])
    audit_record("open311.client_revoke", actor=actor, target=client, summary=client.name)
    return client


def client_by_name(name: str) -> Open311Client:
    client = _named(name)
    if client is None:
        raise NotFound(_("No partner application is called “%(name)s”.") % {"name": name})
    return client


# --- requests -------------------------------------------------------------------------------


def post_limit() -> tuple[int, int]:
    """(requests, seconds): how many reports one key may send in a window."""
    return (
        settings.EGOV_OPEN311_POST_LIMIT,
        settings.EGOV_OPEN311_POST_WINDOW,
    )


@dataclass
class RequestInput:
    """The parameters of ``POST requests`` (GeoReport v2), already read from the form."""

    service_code: str
    lat: str = ""
    long: str = ""
    address_string: str = ""
    address_id: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)
    email: str = ""
    device_id: str = ""
    account_id: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    description: str = ""
    media_urls: list[str] = field(default_factory=list)
    title: str = ""  # egov's extension: otherwise the description's first line
    may_publish: bool = False  # egov's extension: the reporter agrees to publication


def _title(text: str) -> str:
    first = text.strip().splitlines()[0].strip() if text.strip() else ""
    if len(first) <= TITLE_LENGTH:
        return first
    cut = first[: TITLE_LENGTH - 1].rsplit(" ", 1)[0] or first[: TITLE_LENGTH - 1]
    return cut.rstrip(" ,.;:") + "…"


def _media_urls(urls: list[str]) -> list[str]:
    check = URLValidator(schemes=["http", "https"])
    if len(urls) > MAX_MEDIA_URLS:
        raise ValidationFailed(
            _("Some information is missing or not valid."),
            errors={"media_url": str(_("Send at most 5 media_url values."))},
        )
    kept = []
    for url in urls:
        url = url.strip()
        if not url:
            continue
        try:
            if len(url) > MAX_MEDIA_URL:
                raise ValidationError("too long")
            check(url)
        except ValidationError:
            raise ValidationFailed(
                _("Some information is missing or not valid."),
                errors={"media_url": str(_("Give the address of the photo (http or https)."))},
            ) from None
        kept.append(url)
    return kept


def _description(data: RequestInput, urls: list[str]) -> str:
    text = data.description.strip()
    if urls:
        # Officials read the links with the report; the portal never fetches them itself.
        with translation.override("vi"):
            lines = [gettext("Photo: %(url)s") % {"url": url} for url in urls]
        text = "\n\n".join([text, "\n".join(lines)]) if text else ""
    return text


def _location(data: RequestInput, category: Any) -> Any:
    """The commune of ``address_id``; refuses a category's report without a place."""
    errors: dict[str, str] = {}
    unit = None
    if data.address_id.strip():
        unit = unit_on(data.address_id.strip())
        if unit is None:
            errors["address_id"] = str(_("There is no commune or ward with this code."))
    has_point = bool(data.lat.strip() and data.long.strip())
    if bool(data.lat.strip()) != bool(data.long.strip()):
        errors["lat"] = str(_("Give both lat and long, or neither."))
    elif (
        category.location_required
        and not has_point
        and not (data.address_string.strip() and data.address_id.strip())
    ):
        errors["lat"] = str(
            _(
                "This service needs a location: lat and long, or address_string with the "
                "commune's code as address_id."
            )
        )
    if errors:
        raise ValidationFailed(_("Some information is missing or not valid."), errors=errors)
    return unit


def _open311_errors(refusal: ValidationFailed) -> ValidationFailed:
    """Feedback's refusal with its fields renamed to the Open311 parameters."""
    errors: dict[str, str] = {}
    for name, message in (refusal.extra.get("errors") or {}).items():
        if name.startswith("attribute_"):
            param = f"attribute[{name.removeprefix('attribute_')}]"
        else:
            param = PARAMETER_OF.get(name, name)
        errors.setdefault(param, message)
    return ValidationFailed(refusal.message, code=refusal.code, errors=errors)


@transaction.atomic
def request_create(*, client: Open311Client, data: RequestInput) -> Report:
    """A partner application's report, received by the provincial hotline like a web one.

    The client must hold a key that is not revoked; each key may send ``post_limit()``
    reports per window.
    """
    if not client.is_active:
        raise PermissionRefused(_("This api_key has been revoked."), code="revoked_key")
    limit, seconds = post_limit()
    ratelimit.hit("open311.post", str(client.pk), limit=limit, window_seconds=seconds)
    category = selectors.service(data.service_code.strip())
    if category is None:
        raise NotFound(
            _("The service_code %(code)s was not found.") % {"code": data.service_code},
            code="unknown_service",
        )
    unit = _location(data, category)
    urls = _media_urls(data.media_urls)
    description = _description(data, urls)
    name = " ".join(f"{data.first_name} {data.last_name}".split())
    report_input = feedback.ReportInput(
        category=category,
        title=data.title.strip()[:200] or _title(data.description),
        description=description,
        latitude=data.lat.strip() or None,
        longitude=data.long.strip() or None,
        address=data.address_string,
        unit=unit,
        is_anonymous=not name,
        contact_name=name,
        contact_phone=data.phone,
        contact_email=data.email,
        may_publish=data.may_publish,
        attributes=data.attributes,
    )
    try:
        submitted = feedback.report_submit(data=report_input, actor=None, channel=Channel.API)
    except ValidationFailed as refusal:
        raise _open311_errors(refusal) from None
    report = submitted.report
    audit_record(
        "open311.request_create",
        actor=None,
        target=report,
        summary=f"{client.name}: {report.code}",
        data={
            "client": client.pk,
            "client_name": client.name,
            "device_id": data.device_id.strip()[:200],
            "account_id": data.account_id.strip()[:200],
            "media_urls": len(urls),
        },
    )
    return report
