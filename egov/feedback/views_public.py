"""The public pages: the list of published reports, a report's page, the map."""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import presenting, selectors
from .forms import PublicFilterForm
from .lifecycle import Status
from .models import ReportFile
from .views_common import map_context, send_file

PAGE_SIZE = 20
MAP_LIMIT = 500


def _filters(request: HttpRequest) -> tuple[PublicFilterForm, selectors.PublicFilters]:
    form = PublicFilterForm(request.GET or None, categories=selectors.categories())
    data = form.cleaned_data if form.is_valid() else {}
    return form, selectors.PublicFilters(
        category=data.get("category", ""),
        unit=data.get("unit", ""),
        group=data.get("group", ""),
        q=data.get("q", ""),
    )


def _kept(filters: selectors.PublicFilters) -> dict[str, str]:
    return {k: v for k, v in vars(filters).items() if v}


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    paginator = Paginator(selectors.public_search(filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    kept = _kept(filters)
    return render(
        request,
        "feedback/public/list.html",
        {
            "form": form,
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "rows": [{"report": r, "tag": presenting.status_tag(r)} for r in page.object_list],
            "query_string": urlencode(kept),
            "filtered": bool(kept),
        },
    )


@require_GET
def report_detail(request: HttpRequest, code: str) -> HttpResponse:
    report = selectors.public_report(code)
    if report.status == Status.MERGED:
        target = presenting.final_target(report)
        return render(
            request,
            "feedback/public/merged.html",
            {"report": report, "target": target if target and target.is_published else None},
        )
    return render(
        request,
        "feedback/public/detail.html",
        {
            "report": report,
            "tag": presenting.status_tag(report),
            "photos": presenting.public_photos(report),
            "timeline": presenting.timeline(report, audience="public"),
            "show_location": not report.location_hidden,
        },
    )


@require_GET
def public_file(request: HttpRequest, code: str, file_id: int) -> FileResponse:
    """A published report's photo (unless hidden) or a document of its answer."""
    report = selectors.public_report(code)
    if report.status == Status.MERGED:
        raise Http404
    item = report.files.filter(pk=file_id).first()
    if item is None or (item.kind == ReportFile.Kind.PHOTO and item.hidden):
        raise Http404
    return send_file(item, inline=item.kind == ReportFile.Kind.PHOTO, private=False)


def _point(report: Any) -> dict[str, Any]:
    return {
        "code": report.code,
        "title": report.shown_title,
        "status": str(presenting.status_tag(report)["label"]),
        "url": reverse("feedback:public_detail", args=[report.code]),
        "lat": float(Decimal(report.latitude)),
        "lng": float(Decimal(report.longitude)),
    }


@require_GET
def report_map(request: HttpRequest) -> HttpResponse:
    """Published reports by commune, always; on a map too when the operator runs a tile
    server (``EGOV_MAP_TILE_URL``): the portal never fetches tiles from the internet."""
    form, filters = _filters(request)
    reports = list(selectors.public_search(filters)[:MAP_LIMIT])
    groups: OrderedDict[str, list[Any]] = OrderedDict()
    for report in sorted(reports, key=lambda r: (r.unit.name if r.unit else "~", r.code)):
        name = report.unit.name if report.unit else _("No commune given")
        groups.setdefault(name, []).append({"report": report, "tag": presenting.status_tag(report)})
    points = [_point(r) for r in reports if r.has_point and not r.location_hidden]
    return render(
        request,
        "feedback/public/map.html",
        {
            "form": form,
            "groups": list(groups.items()),
            "total": len(reports),
            **map_context(),
            "points": points,
            "query_string": urlencode(_kept(filters)),
        },
    )
