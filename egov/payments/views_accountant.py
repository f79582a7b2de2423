"""The accountants' pages (/can-bo/ke-toan/): payments by day, method and status with an XLSX
export, one payment with its history, bank statements and their lines, the lines and bank
messages no payment took, refunds, and the online-payment figure."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from egov.core.errors import ApplicationError, PermissionRefused

from . import figures as payment_figures
from . import permissions, selectors, services
from .forms import (
    NoteForm,
    PaymentFilterForm,
    RefundDecisionForm,
    RefundRequestForm,
    ResolveForm,
    StatementForm,
)
from .methods import registered_methods
from .models import Refund, StatementLine
from .xlsx import payments_workbook, share_workbook

View = TypeVar("View", bound=Callable[..., HttpResponseBase])
PAGE_SIZE = 50


def accountant_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not permissions.is_any_accountant(request.user):
            raise PermissionRefused(_("These pages are for the agencies' accountants."))
        return view(request, *args, **kwargs)

    return cast(View, login_required(wrapper))


def _filters(request: HttpRequest) -> tuple[PaymentFilterForm, selectors.PaymentFilter]:
    form = PaymentFilterForm(request.GET or None, methods=list(registered_methods().values()))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, selectors.PaymentFilter(
            start=data.get("start"),
            end=data.get("end"),
            method=data.get("method") or "",
            status=data.get("status") or "",
            attention=bool(data.get("attention")),
        )
    return form, selectors.PaymentFilter()


@accountant_required
@require_GET
def payments_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    found = selectors.payments_for_accountant(request.user, filters)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "payments/accountant/payments.html",
        {
            "form": form,
            "page": page,
            "totals": selectors.totals(found),
            "query": query.urlencode(),
            "attention_count": selectors.payments_for_accountant(
                request.user, selectors.PaymentFilter(attention=True)
            ).count(),
        },
    )


@accountant_required
@require_GET
def payments_xlsx(request: HttpRequest) -> HttpResponse:
    _form, filters = _filters(request)
    content = payments_workbook(selectors.payments_for_accountant(request.user, filters))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    day = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="thanh-toan-{day}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


@accountant_required
@require_http_methods(["GET", "POST"])
def payment_detail(request: HttpRequest, payment_id: uuid.UUID) -> HttpResponse:
    payment = selectors.accountant_payment(request.user, payment_id)
    action = request.POST.get("form") if request.method == "POST" else None
    resolve = ResolveForm(request.POST if action == "resolve" else None, prefix="resolve")
    refund = RefundRequestForm(
        request.POST if action == "refund" else None,
        prefix="refund",
        initial={"amount": payment.received_amount},
    )
    try:
        if action == "resolve" and resolve.is_valid():
            services.payment_resolve(payment, actor=request.user, note=resolve.cleaned_data["note"])
            messages.success(request, _("The payment is marked as dealt with."))
            return redirect("payments:accounts_payment", payment_id=payment.public_id)
        if action == "refund" and refund.is_valid():
            services.refund_request(
                payment,
                actor=request.user,
                amount=refund.cleaned_data["amount"],
                reason=refund.cleaned_data["reason"],
            )
            messages.success(request, _("The refund is requested; another person must approve it."))
            return redirect("payments:accounts_payment", payment_id=payment.public_id)
    except ApplicationError as error:
        (resolve if action == "resolve" else refund).refuse(error)
    return render(
        request,
        "payments/accountant/payment.html",
        {
            "payment": payment,
            "observations": list(payment.observations.order_by("received_at", "id")),
            "refunds": list(payment.refunds.select_related("requested_by", "decided_by")),
            "resolve_form": resolve,
            "refund_form": refund,
            "receipt": getattr(payment, "receipt", None),
            "error_links": [*resolve.error_links(), *refund.error_links()],
        },
    )


@accountant_required
@require_http_methods(["GET", "POST"])
def statements(request: HttpRequest) -> HttpResponse:
    agencies = permissions.accountant_agencies(request.user).filter(bank_account__isnull=False)
    form = StatementForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        agencies=agencies,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            statement = services.statement_import(
                agency=form.cleaned_data["agency"],
                file=upload,
                name=upload.name or "",
                actor=request.user,
            )
        except ApplicationError as error:
            form.refuse(error)
        else:
            messages.success(request, _("The statement is imported; every line is listed below."))
            return redirect("payments:statement", statement_id=statement.pk)
    return render(
        request,
        "payments/accountant/statements.html",
        {
            "form": form,
            "statements": selectors.statements_for(request.user)[:100],
            "error_links": form.error_links(),
        },
    )


@accountant_required
@require_GET
def statement_detail(request: HttpRequest, statement_id: int) -> HttpResponse:
    statement = selectors.statement_for(request.user, statement_id)
    lines = list(statement.lines.select_related("payment").order_by("number"))
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.status] = counts.get(line.status, 0) + 1
    summary = [(StatementLine.Status(s).label, n) for s, n in sorted(counts.items())]
    return render(
        request,
        "payments/accountant/statement.html",
        {"statement": statement, "lines": lines, "summary": summary, "open": selectors.OPEN_LINES},
    )


@accountant_required
@require_GET
def unmatched(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "payments/accountant/unmatched.html",
        {
            "lines": selectors.open_lines(request.user)[:200],
            "bank_messages": selectors.unplaced_bank_messages(request.user)[:200],
        },
    )


@accountant_required
@require_http_methods(["GET", "POST"])
def settle_line(request: HttpRequest, line_id: int) -> HttpResponse:
    line = selectors.line_for(request.user, line_id)
    form = NoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.statement_line_settle(
                line,
                actor=request.user,
                note=form.cleaned_data["note"],
                payment_reference=form.cleaned_data["reference"],
            )
        except ApplicationError as error:
            form.refuse(error)
        else:
            messages.success(request, _("The line is settled."))
            return redirect("payments:unmatched")
    return render(
        request,
        "payments/accountant/settle_line.html",
        {"line": line, "form": form, "error_links": form.error_links()},
    )


def _refund_viewer(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not permissions.refund_agencies(request.user).exists():
            raise PermissionRefused(_("These pages are for the agencies' accountants."))
        return view(request, *args, **kwargs)

    return cast(View, login_required(wrapper))


@_refund_viewer
@require_GET
def refunds(request: HttpRequest) -> HttpResponse:
    found = selectors.refunds_for(request.user)
    return render(
        request,
        "payments/accountant/refunds.html",
        {
            "waiting": [r for r in found if r.status == Refund.Status.REQUESTED],
            "decided": [r for r in found if r.status != Refund.Status.REQUESTED][:100],
        },
    )


@_refund_viewer
@require_http_methods(["GET", "POST"])
def refund_decide(request: HttpRequest, refund_id: int) -> HttpResponse:
    refund = selectors.refund_for_decider(request.user, refund_id)
    form = RefundDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.refund_decide(
                refund,
                actor=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except ApplicationError as error:
            form.refuse(error)
        else:
            messages.success(request, _("The decision on the refund is recorded."))
            return redirect("payments:refunds")
    return render(
        request,
        "payments/accountant/refund_decide.html",
        {"refund": refund, "form": form, "error_links": form.error_links()},
    )


def _period(request: HttpRequest) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    start, end = today.replace(day=1), today
    for key, default in (("start", start), ("end", end)):
        text = request.GET.get(key, "")
        value = default
        for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                value = dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date
                break
            except ValueError:
                continue
        if key == "start":
            start = value
        else:
            end = value
    return (start, end) if start <= end else (end, start)


@accountant_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    start, end = _period(request)
    agencies = permissions.accountant_agencies(request.user)
    by_agency = payment_figures.share_by_agency(agencies, start, end)
    by_procedure = payment_figures.share_by_procedure(agencies, start, end)
    return render(
        request,
        "payments/accountant/figures.html",
        {
            "start": start,
            "end": end,
            "by_agency": by_agency,
            "by_procedure": by_procedure,
            "total": payment_figures.total(by_agency),
        },
    )


@accountant_required
@require_GET
def figures_xlsx(request: HttpRequest) -> HttpResponse:
    """The online-payment share of the period as an XLSX workbook."""
    start, end = _period(request)
    agencies = permissions.accountant_agencies(request.user)
    by_agency = payment_figures.share_by_agency(agencies, start, end)
    content = share_workbook(
        start=start,
        end=end,
        by_agency=by_agency,
        by_procedure=payment_figures.share_by_procedure(agencies, start, end),
        total=payment_figures.total(by_agency),
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"thanh-toan-truc-tuyen-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
