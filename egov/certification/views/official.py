"""The officials' side: the queue of requests, the counter (a walk-in's original scanned at
the desk), the request page with the scan beside the decision, and the certification book
(listed, and exported as PDF or XLSX)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from egov.core.errors import ApplicationError, NotFound
from egov.orgs.models import Agency
from egov.signing.records import display_code, verification_path

from .. import selectors, services
from ..book_export import BookHeader, book_pdf, book_xlsx
from ..fees import copy_fee
from ..forms import BookForm, CertifyForm, CounterForm, QueueForm, RefuseForm
from ..models import CertificationBook, CopyRequest
from ..reasons import labels
from ._common import error_links, official_required, pdf_response

PAGE_SIZE = 25
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _agencies(user: Any) -> Any:
    return Agency.objects.filter(pk__in=[a.pk for a in selectors.office_agencies(user)]).order_by(
        "name"
    )


@require_GET
@official_required
def queue(request: HttpRequest) -> HttpResponse:
    agencies = _agencies(request.user)
    data = request.GET.copy()
    data.setdefault("status", CopyRequest.Status.PENDING)
    form = QueueForm(data, agencies=agencies)
    chosen: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    found = selectors.requests_for_office(
        request.user,
        agency=chosen.get("agency"),
        status=chosen.get("status", CopyRequest.Status.PENDING),
        query=chosen.get("q", ""),
    ).order_by("submitted_at", "id")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "certification/official/queue.html",
        {
            "form": form,
            "page": page,
            "has_agency": agencies.exists(),
            "may_register": agencies.exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@official_required
def counter(request: HttpRequest) -> HttpResponse:
    agencies = _agencies(request.user)
    form = CounterForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        agencies=agencies,
        max_bytes=services.scan_max_bytes(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.copy_request_register(
                agency=form.cleaned_data["agency"],
                requester_name=form.cleaned_data["requester_name"],
                requester_phone=form.cleaned_data["requester_phone"],
                requester_email=form.cleaned_data["requester_email"],
                document_name=form.cleaned_data["document_name"],
                scan=form.cleaned_data["scan"],
                actor=request.user,
            )
        except ApplicationError as error:
            form.refuse(error)
        else:
            messages.success(request, _("The request was registered."))
            return redirect("certification:request", public_id=created.public_id)
    return render(
        request,
        "certification/official/counter.html",
        {
            "form": form,
            "has_agency": agencies.exists(),
            "error_links": error_links(form) if form.errors else [],
        },
        status=400 if form.errors else 200,
    )


def _detail(
    request: HttpRequest,
    found: CopyRequest,
    *,
    certify_form: CertifyForm | None = None,
    refuse_form: RefuseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_decide = found.is_pending and selectors.may_certify(request.user, found.agency)
    entry = getattr(found, "book_entry", None) if found.status == "certified" else None
    certify_form = certify_form or CertifyForm()
    refuse_form = refuse_form or RefuseForm()
    return render(
        request,
        "certification/official/request.html",
        {
            "item": found,
            "entry": entry,
            "code": display_code(entry.verification_code) if entry else "",
            "check_path": verification_path(entry.verification_code) if entry else "",
            "reasons": labels(found.refusal_reasons),
            "fee": found.fee if found.fee is not None else copy_fee(found.pages),
            "may_decide": may_decide,
            "has_certificate": selectors.has_organisation_certificate(found.agency),
            "has_personal": may_decide and selectors.personal_certificate(request.user) is not None,
            "certify_form": certify_form,
            "refuse_form": refuse_form,
            "certify_errors": error_links(certify_form) if certify_form.errors else [],
            "refuse_errors": error_links(refuse_form) if refuse_form.errors else [],
        },
        status=status,
    )


@require_GET
@official_required
def request_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _detail(request, selectors.request_for_official(request.user, public_id))


@require_POST
@official_required
def certify(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    found = selectors.request_for_official(request.user, public_id)
    form = CertifyForm(request.POST)
    if form.is_valid():
        try:
            services.copy_request_certify(
                found,
                actor=request.user,
                compared=form.cleaned_data["compared"],
                notes=form.cleaned_data["notes"],
            )
        except ApplicationError as error:
            form.refuse(error)
            found.refresh_from_db()
            return _detail(request, found, certify_form=form, status=error.http_status)
        messages.success(request, _("The copy was certified, signed and entered in the book."))
        return redirect("certification:request", public_id=found.public_id)
    return _detail(request, found, certify_form=form, status=400)


@require_POST
@official_required
def refuse(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    found = selectors.request_for_official(request.user, public_id)
    form = RefuseForm(request.POST)
    if form.is_valid():
        try:
            services.copy_request_refuse(
                found,
                actor=request.user,
                reasons=form.cleaned_data["reasons"],
                note=form.cleaned_data["note"],
            )
        except ApplicationError as error:
            form.refuse(error)
            found.refresh_from_db()
            return _detail(request, found, refuse_form=form, status=error.http_status)
        messages.success(request, _("The request was refused; the requester is told why."))
        return redirect("certification:request", public_id=found.public_id)
    return _detail(request, found, refuse_form=form, status=400)


@require_GET
@official_required
@xframe_options_sameorigin
def scan(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    """The uploaded scan, shown inline beside the decision form."""
    found = selectors.request_for_official(request.user, public_id)
    return pdf_response(found.scan, found.scan_name, inline=True)


@require_GET
@official_required
def official_copy(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    """The signed copy, to hand over (a walk-in requester has no account to download it)."""
    found = selectors.request_for_official(request.user, public_id)
    if found.document is None:
        raise NotFound(_("This copy has not been certified."))
    return pdf_response(found.document.file, f"ban-sao-chung-thuc-{found.document.code}.pdf")


@require_GET
@official_required
def book(request: HttpRequest) -> HttpResponseBase:
    agencies = _agencies(request.user)
    data = request.GET.copy()
    first = agencies.first()
    if first is not None:
        data.setdefault("agency", str(first.pk))
    data.setdefault("year", str(timezone.localdate().year))
    form = BookForm(data, agencies=agencies)
    if first is None or not form.is_valid():
        return render(
            request,
            "certification/official/book.html",
            {"form": form, "has_agency": first is not None, "page": None},
            status=400 if first is not None else 200,
        )
    agency, year = form.cleaned_data["agency"], form.cleaned_data["year"]
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    entries = selectors.book_entries(
        agency, year=year, start=start, end=end, query=form.cleaned_data["q"]
    )
    label = (
        CertificationBook.objects.filter(agency=agency, year=year).first()
        or CertificationBook(agency=agency, year=year)
    ).label
    export = request.GET.get("format", "")
    if export in ("pdf", "xlsx"):
        header = BookHeader(
            agency_name=agency.name,
            managing_body=agency.parent.name if agency.parent else "",
            label=label,
            start=start,
            end=end,
        )
        rows = list(entries)
        content = book_pdf(header, rows) if export == "pdf" else book_xlsx(header, rows)
        response = HttpResponse(content, content_type=PDF if export == "pdf" else XLSX)
        name = f"so-chung-thuc-{agency.code}-{year}.{export}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(
        request,
        "certification/official/book.html",
        {
            "form": form,
            "has_agency": True,
            "page": page,
            "agency": agency,
            "label": label,
            "query": query.urlencode(),
        },
    )
