"""How categories, reports and their timeline read in GeoReport v2, field names and order
as the specification (and mySociety's ``servicerequestupdates``) gives them.

Only what the public pages show leaves here: the published title and description, the
location unless an official hid it, photos not hidden, agencies (never people), and of the
timeline only the public lines (``feedback.presenting.timeline(audience="public")``).
Reporters' names, phones, emails and accounts never appear.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from egov.core.errors import Conflict
from egov.feedback import presenting as feedback_presenting
from egov.feedback.attributes import open311_attributes
from egov.feedback.lifecycle import Resolution, Status, open311_status
from egov.feedback.models import Category, Event, Report, ReportFile

from .params import w3c

logger = logging.getLogger(__name__)

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this interface last changed (discovery's changeset).
CHANGESET = "2026-05-01T00:00:00+07:00"
SERVICE_TYPE = "realtime"  # a report gets its service_request_id at once


def site_url(path: str) -> str:
    return f"{settings.EGOV_SITE_URL}{path}"


def discovery() -> dict[str, Any]:
    contact = settings.EGOV_OPEN311_CONTACT or settings.EGOV_SITE_URL
    return {
        "changeset": CHANGESET,
        "contact": contact,
        "key_service": _(
            "Partner applications get an api_key from the administrators of %(site)s. "
            "Reading is open to everyone; sending reports needs the key."
        )
        % {"site": settings.EGOV_SITE_URL},
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": site_url("/open311/v2"),
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }


def service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": bool(category.attributes),
        "type": SERVICE_TYPE,
        "keywords": "",
        "group": category.group,
    }


def service_definition(category: Category) -> dict[str, Any]:
    """The category's extra questions, through the same code that checks them when an
    administrator saves the category (``feedback.attributes``). A definition broken outside
    the admin is the spec's general error, not a half-published list."""
    try:
        attributes = open311_attributes(category.attributes or [])
    except ValidationError:
        logger.error("The questions of category %s are not valid.", category.code)
        raise Conflict(
            _("The definition of service %(code)s is being corrected; try again later.")
            % {"code": category.code},
            code="invalid_definition",
        ) from None
    return {"service_code": category.code, "attributes": attributes}


def _file_url(report: Report, item: ReportFile) -> str:
    return site_url(reverse("feedback:public_file", args=[report.code, item.pk]))


def status_notes(report: Report) -> str:
    """The detailed status: the state in words, the outcome, and what the public may read of
    why (the published answer, where a transferred report went, the report a duplicate joins)."""
    parts = [str(feedback_presenting.status_tag(report)["label"])]
    status = Status(report.status)
    if status == Status.MERGED:
        target = feedback_presenting.final_target(report)
        if target is not None and target.is_published:
            parts.append(_("Handled with report %(code)s") % {"code": target.code})
    elif status == Status.TRANSFERRED and report.transferred_to:
        parts.append(_("Sent to %(body)s") % {"body": report.transferred_to})
    elif status in (Status.ANSWERED, Status.CLOSED) and report.answer:
        parts.append(report.answer)
        if report.resolution != Resolution.RESOLVED and report.resolution_reason:
            parts.append(report.resolution_reason)
    return "\n\n".join(parts)


def _description(report: Report) -> str:
    title, text = report.shown_title.strip(), report.shown_description.strip()
    if not title or text.startswith(title.rstrip("…")):
        return text
    return f"{title}\n\n{text}"


def service_request(report: Report) -> dict[str, Any]:
    status = open311_status(report.status)
    agency = report.handling_agency or report.receiving_agency
    shown_place = not report.location_hidden
    photos = list(getattr(report, "public_photos", None) or [])
    media = _file_url(report, photos[0]) if photos and report.status != Status.MERGED else None
    point = shown_place and report.has_point
    return {
        "service_request_id": report.code,
        "status": status,
        "status_notes": status_notes(report),
        "service_name": report.category.name,
        "service_code": report.category.code,
        "description": _description(report),
        "agency_responsible": agency.name if agency is not None else None,
        "service_notice": None,
        "requested_datetime": w3c(report.received_at),
        "updated_datetime": w3c(report.updated_at),
        "expected_datetime": w3c(report.due_at) if status == "open" else None,
        "address": (report.address or None) if shown_place else None,
        "address_id": report.unit.code if report.unit is not None else None,
        "zipcode": None,
        "lat": float(report.latitude) if point and report.latitude is not None else None,
        "long": float(report.longitude) if point and report.longitude is not None else None,
        "media_url": media,
    }


# mySociety's extended statuses (FixMyStreet understands them), by state and outcome.
_OUTCOME_STATUS = {
    Resolution.RESOLVED: "fixed",
    Resolution.NOT_COMPETENT: "not_councils_responsibility",
    Resolution.NOT_RESOLVED: "no_further_action",
}
_STATE_STATUS = {
    Status.RECEIVED: "open",
    Status.HANDLING: "in_progress",
    Status.REJECTED: "closed",
    Status.TRANSFERRED: "not_councils_responsibility",
    Status.MERGED: "duplicate",
    Status.ANSWERED: "closed",
    Status.CLOSED: "closed",
}


def update_status(event: Event, report: Report) -> str:
    status = Status(event.to_status or report.status)
    if status in (Status.ANSWERED, Status.CLOSED):
        resolution = (event.data or {}).get("resolution") or report.resolution
        if resolution in _OUTCOME_STATUS:
            return _OUTCOME_STATUS[Resolution(resolution)]
    return _STATE_STATUS[status]


def request_update(line: feedback_presenting.Line, report: Report) -> dict[str, Any]:
    """One public timeline line as a mySociety ``request_update``."""
    head = line.action
    if line.status and line.status != line.action:
        head = f"{head} ({line.status})"
    if line.detail:
        head = f"{head}: {line.detail}"
    description = "\n\n".join(part for part in (head, line.note.strip()) if part)
    media = _file_url(report, line.files[0]) if line.files else ""
    return {
        "update_id": str(line.event.pk),
        "service_request_id": report.code,
        "status": update_status(line.event, report),
        "updated_datetime": w3c(line.event.at),
        "description": description,
        "media_url": media,
    }
