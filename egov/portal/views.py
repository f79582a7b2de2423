"""Public pages: home, the procedure catalogue and a procedure's detail. Views only read."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from egov.catalog.models import ProcedureVersion
from egov.catalog.selectors import procedure_detail as find_procedure
from egov.catalog.selectors import procedure_search

from .forms import CatalogSearchForm
from .selectors import catalog_summary
from .templatetags.egov_format import vnd


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/home.html", {"summary": catalog_summary(), "form": CatalogSearchForm()}
    )


@dataclass(frozen=True)
class Result:
    version: ProcedureVersion
    fee: str


def fee_summary(version: ProcedureVersion) -> str:
    """One line for a result: free, one amount, or the range of amounts."""
    amounts = sorted({fee.amount for fee in version.fees.all() if fee.amount})
    if not amounts:
        return vnd(0)
    if len(amounts) == 1:
        return vnd(amounts[0])
    return f"{vnd(amounts[0])} – {vnd(amounts[-1])}"


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    try:
        return max(int(raw), 1)
    except ValueError:
        messages.warning(request, _("The page number was not understood; showing page 1."))
        return 1


@require_GET
def catalog(request: HttpRequest) -> HttpResponse:
    """Search the procedures in force; a bad criterion is ignored, never an error page."""
    form = CatalogSearchForm(request.GET)
    criteria = form.usable()
    if form.errors:
        labels = ", ".join(str(form.fields[name].label) for name in form.errors)
        messages.warning(
            request,
            _("Some search criteria were not valid and were ignored: %(names)s.")
            % {"names": labels},
        )
    versions = procedure_search(
        q=criteria.get("q", ""),
        field=criteria.get("field") or None,
        agency=criteria.get("agency") or None,
        online=criteria.get("online") or None,
    )
    paginator = Paginator(versions.prefetch_related("fees"), settings.EGOV_CATALOG_PAGE_SIZE)
    page = paginator.get_page(_page_number(request))
    results = [Result(version, fee_summary(version)) for version in page.object_list]
    kept = {name: value for name, value in criteria.items() if value}
    return render(
        request,
        "portal/catalog.html",
        {
            "form": CatalogSearchForm(initial=kept),
            "criteria": kept,
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "results": results,
            "query_string": urlencode(kept),
        },
    )


@require_GET
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    version = find_procedure(code=code)
    if version is None:
        raise Http404
    fees = list(version.fees.all())
    return render(
        request,
        "portal/procedure_detail.html",
        {
            "version": version,
            "procedure": version.procedure,
            "agencies": list(version.procedure.agencies.all()),
            "components": list(version.components.all()),
            "fees": fees,
            "steps": list(version.steps.all()),
        },
    )
