"""JSON API of certified copies (mounted at /api/v1/certified-copies/): the public facts of a
copy by its verification code, without personal data, and a signed-in citizen's own copies.

The public answer names the agency, the book number, the date, the pages and the SHA-256 of
the issued file (to compare with a copy one holds); never the requester, the document's name
(it may carry a name) or the certifier. Unknown codes count against the client's rate limit,
like the dossier lookup, although a 60-bit code cannot be guessed anyway.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema
from ninja.security import django_auth

from egov.core import ratelimit
from egov.core.errors import NotFound, PermissionRefused
from egov.signing import records

from . import selectors
from .models import CopyRequest

router = Router(tags=["certification"])

RATE_SCOPE = "certified-copy-lookup"
RATE_LIMIT = 30
RATE_WINDOW = 15 * 60


class ErrorOut(Schema):
    code: str
    message: str


class CopyOut(Schema):
    code: str
    display_code: str
    kind: str
    agency: str
    agency_code: str
    certification_number: int
    book: str
    certified_at: dt.datetime
    pages: int
    sha256: str
    verification_url: str


class MyCopyOut(Schema):
    id: str
    document_name: str
    agency: str
    status: str
    status_label: str
    submitted_at: dt.datetime
    pages: int
    fee: int | None
    code: str | None
    certification_number: str | None
    download_url: str | None


@router.get(
    "/mine",
    response={200: list[MyCopyOut], 401: ErrorOut, 403: ErrorOut},
    auth=django_auth,
    url_name="certified_copies_mine",
    summary="The signed-in citizen's certification requests and copies",
)
def mine(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    if hasattr(user, "official"):
        raise PermissionRefused(_("This list is for citizens and businesses."))
    out = []
    for item in selectors.requests_of(user).select_related("book_entry__book"):
        entry = getattr(item, "book_entry", None) if item.document_id else None
        out.append(
            {
                "id": str(item.public_id),
                "document_name": item.document_name,
                "agency": item.agency.name,
                "status": item.status,
                "status_label": str(CopyRequest.Status(item.status).label),
                "submitted_at": item.submitted_at,
                "pages": item.pages,
                "fee": item.fee,
                "code": entry.verification_code if entry else None,
                "certification_number": entry.certification_number if entry else None,
                "download_url": reverse("certification:download", args=[item.public_id])
                if entry
                else None,
            }
        )
    return out


@router.get(
    "/{code}",
    response={200: CopyOut, 404: ErrorOut, 429: ErrorOut},
    url_name="certified_copy",
    summary="Public facts of a certified electronic copy, by its verification code",
)
def copy_facts(request: HttpRequest, code: str) -> dict[str, Any]:
    client = ratelimit.client_key(request)
    ratelimit.check(RATE_SCOPE, client, limit=RATE_LIMIT, window_seconds=RATE_WINDOW)
    normalised = records.normalise_code(code)
    entry = selectors.certified_copy(normalised) if records.is_valid_code(normalised) else None
    if entry is None or entry.request.document is None:
        ratelimit.hit(RATE_SCOPE, client, limit=RATE_LIMIT, window_seconds=RATE_WINDOW)
        raise NotFound(_("No certified copy has this code."), code="not_found")
    document = entry.request.document
    return {
        "code": entry.verification_code,
        "display_code": records.display_code(entry.verification_code),
        "kind": document.kind,
        "agency": entry.book.agency.name,
        "agency_code": entry.book.agency.code,
        "certification_number": entry.number,
        "book": entry.book.label,
        "certified_at": timezone.localtime(entry.certified_at),
        "pages": entry.pages,
        "sha256": document.sha256,
        "verification_url": records.verification_url(entry.verification_code),
    }
