"""The Open311 GeoReport v2 endpoints (wiki.open311.org/GeoReport_v2) at /open311/.

Each view reads its parameters, calls one selector or service and writes the document in
the format of the URL's extension. Refusals become the spec's error document
(``<errors><error><code/><description/></error></errors>``, in JSON a list of
``{code, description}``) with the HTTP status as the code: 400 for bad parameters, 403 for a
missing, unknown or revoked api_key, 404 for an unknown service, request, token or
jurisdiction, 429 when a key sent too many reports. Descriptions follow the request's
language (Vietnamese by default, English with ``Accept-Language: en``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from egov.core.errors import ApplicationError, NotFound, RateLimited, ValidationFailed
from egov.feedback import presenting as feedback_presenting
from egov.feedback.models import Category
from egov.workcalendar.deadlines import VN_TZ

from . import params, presenting, selectors, services
from .auth import client_of
from .formats import FORMATS, Document, errors_document, respond

View = Callable[..., HttpResponse]
_ATTRIBUTE = re.compile(r"^attribute\[([A-Za-z0-9_-]{1,50})\]$")
_STATUS_OF = {400: 400, 403: 403, 404: 404, 429: 429}


def jurisdiction_id() -> str:
    """The one jurisdiction this installation serves: ``EGOV_OPEN311_JURISDICTION``, else
    the host name of the site."""
    return settings.EGOV_OPEN311_JURISDICTION or (urlsplit(settings.EGOV_SITE_URL).hostname or "")


def _error_response(fmt: str, error: ApplicationError) -> HttpResponse:
    # Conflicts (e.g. no hotline set up) are the spec's "general service error".
    status = _STATUS_OF.get(error.http_status, 400)
    details = error.extra.get("errors") or {}
    if details:
        entries = [
            (status, f"{param}: {message}" if message else f"{param}: {error.message}")
            for param, message in details.items()
        ]
    else:
        entries = [(status, str(error.message))]
    response = respond(errors_document(entries), fmt, status=status)
    if isinstance(error, RateLimited) and error.extra.get("retry_after"):
        response["Retry-After"] = str(error.extra["retry_after"])
    return response


def open311(*methods: str) -> Callable[[View], View]:
    """Check the format, the method and the jurisdiction; turn refusals into error
    documents in the requested format (XML for an unknown one)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
            if fmt not in FORMATS:
                return _error_response(
                    "xml",
                    NotFound(
                        _("The format %(format)s is not offered: use xml or json.")
                        % {"format": fmt}
                    ),
                )
            allowed = (*methods, "HEAD") if "GET" in methods else methods
            if request.method not in allowed:
                response = respond(
                    errors_document([(405, _("This method is not allowed here."))]),
                    fmt,
                    status=405,
                )
                response["Allow"] = ", ".join(methods)
                return response
            given = request.POST.get("jurisdiction_id") or request.GET.get("jurisdiction_id")
            if given and given != jurisdiction_id():
                return _error_response(
                    fmt, NotFound(_("The jurisdiction_id provided was not found."))
                )
            try:
                return view(request, *args, fmt=fmt, **kwargs)
            except ApplicationError as error:
                return _error_response(fmt, error)

        return csrf_exempt(wrapper)

    return decorate


@open311("GET")
def discovery(request: HttpRequest, *, fmt: str) -> HttpResponse:
    return respond(Document("discovery", presenting.discovery()), fmt)


@open311("GET")
def service_list(request: HttpRequest, *, fmt: str) -> HttpResponse:
    rows = [presenting.service(category) for category in selectors.services()]
    return respond(Document("services", rows), fmt)


@open311("GET")
def service_definition(request: HttpRequest, service_code: str, *, fmt: str) -> HttpResponse:
    category = selectors.service(service_code)
    if category is None:
        raise NotFound(_("The service_code %(code)s was not found.") % {"code": service_code})
    return respond(Document("service_definition", presenting.service_definition(category)), fmt)


@open311("GET", "POST")
def requests(request: HttpRequest, *, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    return _search(request, fmt)


def _form(request: HttpRequest, name: str) -> str:
    return str(request.POST.get(name, "")).strip()


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    client = client_of(request, _form(request, "api_key") or request.GET.get("api_key", ""))
    service_code = _form(request, "service_code")
    if not service_code:
        raise ValidationFailed(
            _("The service_code was not provided."),
            errors={"service_code": _("The service_code was not provided.")},
        )
    attributes: dict[str, Any] = {}
    for name in request.POST:
        match = _ATTRIBUTE.match(name)
        if match:
            values = request.POST.getlist(name)
            attributes[match.group(1)] = values[0] if len(values) == 1 else values
    data = services.RequestInput(
        service_code=service_code,
        lat=_form(request, "lat"),
        long=_form(request, "long"),
        address_string=_form(request, "address_string"),
        address_id=_form(request, "address_id"),
        attributes=attributes,
        email=_form(request, "email"),
        device_id=_form(request, "device_id"),
        account_id=_form(request, "account_id"),
        first_name=_form(request, "first_name"),
        last_name=_form(request, "last_name"),
        phone=_form(request, "phone"),
        description=_form(request, "description"),
        media_urls=[url for url in request.POST.getlist("media_url") if url.strip()],
        title=_form(request, "title"),
        may_publish=params.boolean("may_publish", _form(request, "may_publish")),
    )
    report = services.request_create(client=client, data=data)
    notice = _(
        "Your report has been received with the code %(code)s. The hotline will classify it "
        "by %(date)s."
    ) % {
        "code": report.code,
        "date": report.classify_due_at.astimezone(VN_TZ).strftime("%d/%m/%Y")
        if report.classify_due_at
        else "",
    }
    if report.follow_key_hash and (report.contact_email or report.contact_phone):
        notice += " " + _(
            "A private link to follow the report, rate its answer and reopen it is sent to "
            "the email address (or, without one, the phone number) given."
        )
    row = {
        "service_request_id": report.code,
        "token": str(report.token),
        "service_notice": notice,
        "account_id": data.account_id or None,
    }
    return respond(Document("service_requests", [row]), fmt)


def _search(request: HttpRequest, fmt: str) -> HttpResponse:
    query = request.GET
    ids = params.comma_list("service_request_id", query.get("service_request_id", ""))
    codes = params.comma_list("service_code", query.get("service_code", ""))
    if codes and not ids:
        known = set(Category.objects.filter(code__in=codes).values_list("code", flat=True))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise NotFound(
                _("The service_code %(code)s was not found.") % {"code": ", ".join(unknown)}
            )
    statuses = params.statuses(query.get("status", ""))
    window = None
    if not ids:
        window = params.window(query.get("start_date", ""), query.get("end_date", ""))
    page = params.page(query.get("page", ""), query.get("page_size", ""))
    reports = selectors.requests_search(
        ids=ids, service_codes=codes, statuses=statuses, window=window
    )[page.offset : page.offset + page.size]
    rows = [presenting.service_request(report) for report in reports]
    return respond(Document("service_requests", rows), fmt)


@open311("GET")
def request_detail(request: HttpRequest, service_request_id: str, *, fmt: str) -> HttpResponse:
    try:
        report = selectors.request_by_id(service_request_id)
    except NotFound:
        raise NotFound(
            _("The service_request_id %(id)s was not found.") % {"id": service_request_id}
        ) from None
    return respond(Document("service_requests", [presenting.service_request(report)]), fmt)


@open311("GET")
def token(request: HttpRequest, token: str, *, fmt: str) -> HttpResponse:
    report = selectors.request_by_token(token)
    if report is None:
        raise NotFound(_("The token %(token)s was not found.") % {"token": token})
    row = {"service_request_id": report.code, "token": str(report.token)}
    return respond(Document("service_requests", [row]), fmt)


@open311("GET")
def request_updates(request: HttpRequest, *, fmt: str) -> HttpResponse:
    """mySociety's extension: the public timeline lines of published reports in a window."""
    query = request.GET
    window = params.window(query.get("start_date", ""), query.get("end_date", ""))
    page = params.page(query.get("page", ""), query.get("page_size", ""))
    events = list(selectors.updates(window)[page.offset : page.offset + page.size])
    lines: dict[int, feedback_presenting.Line] = {}
    seen: set[int] = set()
    for event in events:
        if event.report_id in seen:
            continue
        seen.add(event.report_id)
        for line in feedback_presenting.timeline(event.report, audience="public"):
            lines[line.event.pk] = line
    rows = [
        presenting.request_update(lines[event.pk], event.report)
        for event in events
        if event.pk in lines
    ]
    return respond(Document("service_request_updates", rows), fmt)
