"""Who may do what with certification requests, and the queries behind the pages.

Roles (``egov.orgs``): Decree 23/2015 Art. 5 gives the signature of a certification to the
chairman or a vice-chairman of the commune People's Committee (or the head or deputy head of
a justice office); in egov that is the AGENCY_LEADER role, held in the certifying agency
itself (a leader of a higher agency does not sign for a commune). The desk officers
(DESK_OFFICER) receive requests and scan originals at the counter; they and the leaders see
the agency's queue and its certification book.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from egov.core.text import fold
from egov.orgs.models import Agency, OfficialProfile, Role
from egov.orgs.permissions import agencies_in_scope, can_act
from egov.signing.models import Certificate
from egov.signing.selectors import certificates_usable_by
from egov.workcalendar.deadlines import VN_TZ

from .models import BookEntry, CertifyingAgency, CopyRequest

OFFICE_ROLES = (Role.DESK_OFFICER, Role.AGENCY_LEADER)
CERTIFIER_ROLES = (Role.AGENCY_LEADER,)


def certifying_agencies() -> QuerySet[Agency]:
    """Active agencies that certify copies: every commune People's Committee, and the
    agencies an administrator registered (a justice office)."""
    registered = CertifyingAgency.objects.filter(is_active=True).values("agency_id")
    return (
        Agency.objects.filter(is_active=True)
        .filter(Q(kind=Agency.Kind.COMMUNE_COMMITTEE) | Q(id__in=registered))
        .select_related("unit")
        .order_by("name")
    )


def is_certifying_agency(agency: Agency) -> bool:
    return certifying_agencies().filter(pk=agency.pk).exists()


def _official_agency_id(user: Any) -> int | None:
    try:
        profile: OfficialProfile = user.official
    except (AttributeError, OfficialProfile.DoesNotExist):
        return None
    return profile.agency_id


def may_certify(user: Any, agency: Agency) -> bool:
    """A leader of the certifying agency itself."""
    return _official_agency_id(user) == agency.pk and can_act(
        user, agency=agency, roles=CERTIFIER_ROLES
    )


def may_work_for(user: Any, agency: Agency) -> bool:
    """Desk officers and leaders of ``agency`` (or of an agency above it)."""
    return can_act(user, agency=agency, roles=OFFICE_ROLES)


def office_agencies(user: Any) -> list[Agency]:
    """Certifying agencies whose queue and book ``user`` may see."""
    scope = agencies_in_scope(user).values("id")
    return [a for a in certifying_agencies().filter(id__in=scope) if may_work_for(user, a)]


def requests_for_office(
    user: Any,
    *,
    agency: Agency | None = None,
    status: str = "",
    query: str = "",
) -> QuerySet[CopyRequest]:
    agencies = [a for a in office_agencies(user) if agency is None or a.pk == agency.pk]
    found = CopyRequest.objects.filter(agency__in=agencies).select_related("agency")
    if status:
        found = found.filter(status=status)
    for word in fold(query).split():
        found = found.filter(search_text__contains=word)
    return found


def request_for_official(user: Any, public_id: uuid.UUID) -> CopyRequest:
    """The request if ``user`` works for its agency; "not found" otherwise."""
    found = (
        CopyRequest.objects.select_related("agency", "agency__unit", "document", "decided_by")
        .filter(public_id=public_id)
        .first()
    )
    if found is None or not may_work_for(user, found.agency):
        raise Http404
    return found


def requests_of(user: Any) -> QuerySet[CopyRequest]:
    """The requests a citizen or business made from their own account."""
    if not getattr(user, "is_authenticated", False):
        return CopyRequest.objects.none()
    return CopyRequest.objects.filter(requester=user).select_related("agency", "document")


def request_of(user: Any, public_id: uuid.UUID) -> CopyRequest:
    """The user's own request; anybody else's is "not found", never "forbidden"."""
    found = requests_of(user).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def pending_count(user: Any) -> int:
    return requests_of(user).filter(status=CopyRequest.Status.PENDING).count()


def book_entries(
    agency: Agency,
    *,
    year: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
    query: str = "",
) -> QuerySet[BookEntry]:
    """The book of ``agency`` for ``year``, in number order, optionally narrowed."""
    found = BookEntry.objects.filter(book__agency=agency, book__year=year).select_related(
        "book", "request"
    )
    if start is not None:
        found = found.filter(certified_at__gte=dt.datetime.combine(start, dt.time.min, VN_TZ))
    if end is not None:
        until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, VN_TZ)
        found = found.filter(certified_at__lt=until)
    for word in fold(query).split():
        found = found.filter(search_text__contains=word)
    return found.order_by("number")


def book_years(agency: Agency) -> list[int]:
    years = set(BookEntry.objects.filter(book__agency=agency).values_list("book__year", flat=True))
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def _usable(user: Any) -> list[Certificate]:
    return certificates_usable_by(user)


def organisation_certificate(agency: Agency, user: Any) -> Certificate | None:
    """The agency's own certificate that ``user`` may sign with now (newest first)."""
    mine = [c for c in _usable(user) if c.owner_agency_id == agency.pk]
    return max(mine, key=lambda c: (c.not_after, c.pk), default=None)


def personal_certificate(user: Any) -> Certificate | None:
    mine = [c for c in _usable(user) if c.owner_user_id == user.pk]
    return max(mine, key=lambda c: (c.not_after, c.pk), default=None)


def has_organisation_certificate(agency: Agency) -> bool:
    now = timezone.now()
    return Certificate.objects.filter(
        owner_agency=agency,
        is_authority=False,
        revoked=False,
        not_before__lte=now,
        not_after__gte=now,
    ).exists()


def certified_copy(code: str) -> BookEntry | None:
    """The book entry of the certified copy with this (normalised) verification code."""
    return (
        BookEntry.objects.select_related("book", "book__agency", "request__document")
        .filter(verification_code=code, request__status=CopyRequest.Status.CERTIFIED)
        .first()
    )
