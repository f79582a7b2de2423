"""The citizen's side: ask for a certified copy, follow the requests ("Bản sao chứng thực
của tôi", an account page), download the signed copy. Only one's own requests exist here:
anybody else's answer "not found"."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from egov.core.errors import ApplicationError, NotFound
from egov.signing.records import display_code, verification_path

from .. import selectors, services
from ..fees import copy_fee
from ..forms import RequestForm
from ..models import CopyRequest
from ..reasons import labels
from ._common import citizen_required, error_links, pdf_response

PAGE_SIZE = 20


@require_GET
@citizen_required
def mine(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.requests_of(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "certification/citizen/mine.html", {"page": page})


@require_http_methods(["GET", "POST"])
@citizen_required
def new_request(request: HttpRequest) -> HttpResponse:
    form = RequestForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        agencies=selectors.certifying_agencies(),
        max_bytes=services.scan_max_bytes(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.copy_request_submit(
                agency=form.cleaned_data["agency"],
                document_name=form.cleaned_data["document_name"],
                scan=form.cleaned_data["scan"],
                actor=request.user,
            )
        except ApplicationError as error:
            form.refuse(error)
        else:
            messages.success(
                request,
                _("Your request was sent. Bring the original to %(agency)s to have it compared.")
                % {"agency": created.agency.name},
            )
            return redirect("certification:mine_detail", public_id=created.public_id)
    return render(
        request,
        "certification/citizen/new.html",
        {"form": form, "error_links": error_links(form) if form.errors else []},
        status=400 if form.errors else 200,
    )


@require_GET
@citizen_required
def mine_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    found = selectors.request_of(request.user, public_id)
    entry = getattr(found, "book_entry", None) if found.status == "certified" else None
    return render(
        request,
        "certification/citizen/detail.html",
        {
            "item": found,
            "entry": entry,
            "code": display_code(entry.verification_code) if entry else "",
            "check_path": verification_path(entry.verification_code) if entry else "",
            "reasons": labels(found.refusal_reasons),
            "expected_fee": copy_fee(found.pages),
        },
    )


@require_POST
@citizen_required
def withdraw(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    found = selectors.request_of(request.user, public_id)
    try:
        services.copy_request_withdraw(found, actor=request.user)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The request was withdrawn."))
    return redirect("certification:mine_detail", public_id=found.public_id)


@require_GET
@citizen_required
def download(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    """The signed copy, to its requester only, once certified."""
    found = selectors.request_of(request.user, public_id)
    if found.status != CopyRequest.Status.CERTIFIED or found.document is None:
        raise NotFound(_("This copy has not been certified."))
    return pdf_response(found.document.file, f"ban-sao-chung-thuc-{found.document.code}.pdf")
