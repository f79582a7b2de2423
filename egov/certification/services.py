"""Every change to certification requests and the book.

A request is made online by a citizen or business (``copy_request_submit``) or at the
counter by a desk officer for a walk-in requester (``copy_request_register``); the scan must
meet Decree 30/2020 (``scans.check_scan``). The requester presents the original; a leader of
the agency compares and certifies (``copy_request_certify``) or refuses with reasons
(``copy_request_refuse``); the requester may withdraw a pending request.

Certifying takes the next number of the agency's book for the year from its counter row,
incremented with an UPDATE whose row lock holds until the commit: concurrent certifications
of one agency wait for each other, and a certification that fails (a signature refused, a
file not stored) rolls its number back with everything else, so the book has no gaps. The
signed copy is registered with ``egov.signing`` under its verification code.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.audit import audit_record
from egov.core.errors import Conflict, PermissionRefused, ValidationFailed
from egov.core.uploads import FileKind, check_upload
from egov.orgs.models import Agency, User
from egov.orgs.permissions import is_system_admin
from egov.signing import records
from egov.signing.models import SignedDocument
from egov.signing.services import signed_document_register

from . import notifying, scans, selectors
from .fees import copy_fee
from .issuing import CopyFacts, Signers, make_copy
from .models import BookEntry, CertificationBook, CertifyingAgency, CopyRequest
from .reasons import RefusalReason

DEFAULT_SCAN_MAX_BYTES = 15 * 1024 * 1024
MAX_PENDING_PER_REQUESTER = 10
DOCUMENT_TITLE = "Bản sao điện tử chứng thực từ bản chính"
_CODE_ATTEMPTS = 8


def scan_max_bytes() -> int:
    limit = int(getattr(settings, "EGOV_CERTIFICATION_SCAN_MAX_BYTES", DEFAULT_SCAN_MAX_BYTES))
    # The copy (scan + statement + signatures) must stay checkable by the verification page.
    return min(limit, settings.EGOV_SIGNING_VERIFY_MAX_BYTES - 1024 * 1024)


# --- helpers ----------------------------------------------------------------------------------


def _clean(text: str, *, field: str, message: Any, max_length: int) -> str:
    value = " ".join(text.split())
    if not value:
        raise ValidationFailed(message, field=field)
    if len(value) > max_length:
        raise ValidationFailed(
            _("At most %(n)d characters, please.") % {"n": max_length}, field=field
        )
    return value


def _checked_agency(agency: Agency) -> Agency:
    if not selectors.is_certifying_agency(agency):
        raise ValidationFailed(
            _("%(agency)s does not certify copies; choose another agency.")
            % {"agency": agency.name},
            field="agency",
        )
    return agency


def _read_scan(scan: File[Any]) -> tuple[bytes, str, scans.ScanFacts]:
    """The scan's bytes, safe name and facts; refuses what is not a good enough PDF scan."""
    try:
        checked = check_upload(scan, allowed=[FileKind.PDF], max_bytes=scan_max_bytes())
    except ValidationFailed as error:
        raise ValidationFailed(error.message, code=error.code, field="scan") from None
    scan.seek(0)
    data = scan.read()
    try:
        facts = scans.check_scan(data)
    except ValidationFailed as error:
        raise ValidationFailed(error.message, code=error.code, field="scan") from None
    return data, checked.name, facts


def _store(request: CopyRequest, data: bytes, name: str, facts: scans.ScanFacts) -> None:
    request.scan_name = name
    request.scan_sha256 = hashlib.sha256(data).hexdigest()
    request.scan_size = len(data)
    request.scan_dpi = facts.lowest_dpi
    request.pages = facts.page_count
    request.refresh_search_text()
    request.scan.save(name, ContentFile(data), save=False)
    request.save()


def _requester_name(user: Any) -> str:
    """The citizen's name, or the business's, as on their profile; else the account's."""
    for relation, attribute in (("citizen", "full_name"), ("business", "name")):
        # A missing profile raises RelatedObjectDoesNotExist, an AttributeError.
        name = str(getattr(getattr(user, relation, None), attribute, "") or "")
        if name:
            return name
    return str(user.display_name)


def _lock(request: CopyRequest) -> CopyRequest:
    return (
        CopyRequest.objects.select_for_update(of=("self",))
        .select_related("agency", "agency__unit", "agency__parent")
        .get(pk=request.pk)
    )


def _require_pending(request: CopyRequest) -> None:
    if request.status != CopyRequest.Status.PENDING:
        raise Conflict(
            _("This request is no longer waiting: it is %(status)s.")
            % {"status": CopyRequest.Status(request.status).label.lower()},
            code="request_decided",
        )


def _require_certifier(actor: Any, agency: Agency) -> None:
    if not selectors.may_certify(actor, agency):
        raise PermissionRefused(
            _("Only a leader of %(agency)s may certify or refuse its copies.")
            % {"agency": agency.name},
            code="not_certifier",
        )


@transaction.atomic
def certifying_agency_set(*, agency: Agency, active: bool, actor: Any | None) -> CertifyingAgency:
    """Let an agency other than a commune People's Committee certify copies (or stop it)."""
    if actor is not None and not is_system_admin(actor):
        raise PermissionRefused(_("Only a system administrator may do this."))
    row, _created = CertifyingAgency.objects.update_or_create(
        agency=agency, defaults={"is_active": active}
    )
    audit_record(
        "certification_agency_set",
        actor=actor,
        target=row,
        summary=agency.name,
        data={"agency": agency.code, "active": active},
    )
    return row


# --- requests -------------------------------------------------------------------------------


@transaction.atomic
def copy_request_submit(
    *, agency: Agency, document_name: str, scan: File[Any], actor: Any
) -> CopyRequest:
    """A citizen or business asks, from their own account, for a scan to be certified."""
    if not (
        getattr(actor, "is_authenticated", False)
        and getattr(actor, "kind", "") in (User.Kind.CITIZEN, User.Kind.BUSINESS)
        and not hasattr(actor, "official")
    ):
        raise PermissionRefused(
            _("Certification requests are made from a citizen's or a business's account.")
        )
    _checked_agency(agency)
    name = _clean(
        document_name,
        field="document_name",
        message=_("Name the document to certify."),
        max_length=300,
    )
    if selectors.pending_count(actor) >= MAX_PENDING_PER_REQUESTER:
        raise ValidationFailed(
            _(
                "You already have %(n)d requests waiting; present those originals or withdraw "
                "a request before making another."
            )
            % {"n": MAX_PENDING_PER_REQUESTER},
            code="too_many_pending",
        )
    data, file_name, facts = _read_scan(scan)
    request = CopyRequest(
        agency=agency,
        channel=CopyRequest.Channel.ONLINE,
        requester=actor,
        requester_name=_requester_name(actor),
        requester_email=actor.email or "",
        requester_phone=actor.phone or "",
        document_name=name,
        submitted_at=timezone.now(),
        submitted_by=actor,
    )
    _store(request, data, file_name, facts)
    audit_record(
        "certification_request_submitted",
        actor=actor,
        target=request,
        summary=f"{agency.code} {name}"[:200],
        data={"agency": agency.code, "pages": request.pages, "sha256": request.scan_sha256},
    )
    return request


@transaction.atomic
def copy_request_register(
    *,
    agency: Agency,
    requester_name: str,
    document_name: str,
    scan: File[Any],
    actor: Any,
    requester_phone: str = "",
    requester_email: str = "",
) -> CopyRequest:
    """The desk scans the original of a walk-in requester at the counter."""
    if not selectors.may_work_for(actor, agency):
        raise PermissionRefused(
            _("Only the desk officers and leaders of %(agency)s receive its requests.")
            % {"agency": agency.name}
        )
    _checked_agency(agency)
    person = _clean(
        requester_name,
        field="requester_name",
        message=_("Give the requester's full name."),
        max_length=200,
    )
    name = _clean(
        document_name,
        field="document_name",
        message=_("Name the document to certify."),
        max_length=300,
    )
    data, file_name, facts = _read_scan(scan)
    request = CopyRequest(
        agency=agency,
        channel=CopyRequest.Channel.COUNTER,
        requester=None,
        requester_name=person,
        requester_email=requester_email.strip(),
        requester_phone=requester_phone.strip(),
        document_name=name,
        submitted_at=timezone.now(),
        submitted_by=actor,
    )
    _store(request, data, file_name, facts)
    audit_record(
        "certification_request_registered",
        actor=actor,
        target=request,
        summary=f"{agency.code} {name}"[:200],
        data={"agency": agency.code, "pages": request.pages, "sha256": request.scan_sha256},
    )
    return request


@transaction.atomic
def copy_request_withdraw(request: CopyRequest, *, actor: Any) -> CopyRequest:
    """The requester withdraws a request that is still waiting."""
    request = _lock(request)
    if request.requester_id is None or request.requester_id != getattr(actor, "pk", None):
        raise PermissionRefused(_("Only the requester may withdraw this request."))
    _require_pending(request)
    request.status = CopyRequest.Status.WITHDRAWN
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.save(update_fields=["status", "decided_at", "decided_by"])
    audit_record("certification_request_withdrawn", actor=actor, target=request)
    return request


# --- decisions ------------------------------------------------------------------------------


def _book(agency: Agency, year: int) -> CertificationBook:
    book, _created = CertificationBook.objects.get_or_create(agency=agency, year=year)
    return book


def _next_number(book: CertificationBook) -> int:
    """The next number of the book; the UPDATE locks the counter row until the commit."""
    CertificationBook.objects.filter(pk=book.pk).update(last_number=F("last_number") + 1)
    book.refresh_from_db(fields=["last_number"])
    return book.last_number


def _free_code() -> str:
    for _attempt in range(_CODE_ATTEMPTS):
        code = records.new_verification_code()
        if not SignedDocument.objects.filter(code=code).exists():
            return code
    raise Conflict(_("No free verification code was found; try again."))  # pragma: no cover


def _signers(agency: Agency, actor: Any) -> Signers:
    agency_certificate = selectors.organisation_certificate(agency, actor)
    if agency_certificate is None:
        raise ValidationFailed(
            _(
                "%(agency)s has no valid organisation certificate to sign with, so it cannot "
                "issue certified electronic copies. Ask the agency administrator to import "
                "the agency's certificate."
            )
            % {"agency": agency.name},
            code="no_organisation_certificate",
        )
    return Signers(agency=agency_certificate, person=selectors.personal_certificate(actor))


def _read_stored_scan(request: CopyRequest) -> bytes:
    try:
        with request.scan.open("rb") as handle:
            data: bytes = handle.read()
    except OSError:
        raise ValidationFailed(
            _("The stored scan cannot be read; register the request again."),
            code="scan_missing",
        ) from None
    return data


@transaction.atomic
def copy_request_certify(
    request: CopyRequest, *, actor: Any, compared: bool, notes: str = ""
) -> CopyRequest:
    """Certify the scan as a true copy of the original the official compared it with:
    number it in the book, make and sign the copy, register it, tell the requester."""
    request = _lock(request)
    agency = request.agency
    _require_certifier(actor, agency)
    _require_pending(request)
    if not compared:
        raise ValidationFailed(
            _("Confirm that you compared the scan with the original presented."),
            field="compared",
        )
    notes = " ".join(notes.split())
    if len(notes) > 300:
        raise ValidationFailed(_("At most %(n)d characters, please.") % {"n": 300}, field="notes")
    _checked_agency(agency)
    signers = _signers(agency, actor)
    scan = _read_stored_scan(request)

    moment = timezone.now()
    local = timezone.localtime(moment)
    book = _book(agency, local.year)
    number = _next_number(book)
    code = _free_code()
    fee = copy_fee(request.pages)
    certifier_name = actor.get_full_name() or actor.display_name
    certifier_title = getattr(getattr(actor, "official", None), "position", "") or ""
    entry = BookEntry(
        book=book,
        number=number,
        request=request,
        certified_at=moment,
        requester_name=request.requester_name,
        document_name=request.document_name,
        copies=1,
        pages=request.pages,
        fee=fee,
        certifier_name=certifier_name,
        certifier_title=certifier_title,
        verification_code=code,
        notes=notes,
    )
    pdf = make_copy(
        scan,
        CopyFacts(
            agency_name=agency.name,
            managing_body=agency.parent.name if agency.parent else "",
            place=agency.unit.name,
            certified_at=moment,
            document_name=request.document_name,
            pages=request.pages,
            certification_number=entry.certification_number,
            book_notation=f"Số {number} - Quyển số {book.label}",
            certifier_name=certifier_name,
            certifier_title=certifier_title,
            verification_code=records.display_code(code),
            verification_url=records.verification_url(code),
        ),
        signers=signers,
        actor=actor,
    )
    document = signed_document_register(
        code=code,
        pdf=pdf,
        kind=SignedDocument.Kind.CERTIFIED_COPY,
        title=DOCUMENT_TITLE,
        agency=agency,
        reference=f"Số {number}, Quyển số {book.label}",
        actor=actor,
    )
    entry.refresh_search_text()
    entry.save()
    request.status = CopyRequest.Status.CERTIFIED
    request.decided_at = moment
    request.decided_by = actor
    request.fee = fee
    request.document = document
    request.save(update_fields=["status", "decided_at", "decided_by", "fee", "document"])
    audit_record(
        "certification_copy_certified",
        actor=actor,
        target=request,
        summary=entry.certification_number,
        data={
            "agency": agency.code,
            "book": book.label,
            "number": number,
            "code": code,
            "fee": fee,
            "pages": request.pages,
            "personal_signature": signers.person is not None,
        },
    )
    notifying.tell_certified(request, entry)
    return request


@transaction.atomic
def copy_request_refuse(
    request: CopyRequest, *, actor: Any, reasons: list[str], note: str = ""
) -> CopyRequest:
    """Refuse to certify, with the reasons of Decree 23/2015 Art. 22 (or another, explained)."""
    request = _lock(request)
    _require_certifier(actor, request.agency)
    _require_pending(request)
    chosen = list(dict.fromkeys(reasons))
    unknown = [code for code in chosen if code not in RefusalReason.values]
    if unknown or not chosen:
        raise ValidationFailed(_("Choose at least one reason for the refusal."), field="reasons")
    note = note.strip()
    if RefusalReason.OTHER in chosen and not note:
        raise ValidationFailed(_("Explain the other reason."), field="note")
    if len(note) > 2000:
        raise ValidationFailed(_("At most %(n)d characters, please.") % {"n": 2000}, field="note")
    request.status = CopyRequest.Status.REFUSED
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.refusal_reasons = chosen
    request.refusal_note = note
    request.save(
        update_fields=["status", "decided_at", "decided_by", "refusal_reasons", "refusal_note"]
    )
    audit_record(
        "certification_request_refused",
        actor=actor,
        target=request,
        summary=", ".join(chosen)[:200],
        data={"agency": request.agency.code, "reasons": chosen},
    )
    notifying.tell_refused(request)
    return request
