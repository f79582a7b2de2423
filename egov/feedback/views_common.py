"""What the feedback pages share: rendering with the error summary, posted data, files."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.datastructures import MultiValueDict

from .forms import SummaryForm
from .models import ReportFile


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST, even an empty one."""
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest) -> MultiValueDict[str, UploadedFile[Any]] | None:
    return request.FILES if request.method == "POST" else None


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    forms: Sequence[SummaryForm | None] = (),
    status: int = 200,
) -> HttpResponse:
    """Render with the error summary's links of every form given."""
    links = [link for form in forms if form is not None for link in form.error_links()]
    return render(request, template, {**context, "error_links": links}, status=status)


def map_context() -> dict[str, Any]:
    """The operator's tile server (``EGOV_MAP_TILE_URL``; none: no map is drawn) and where
    an empty map starts."""
    return {
        "tile_url": getattr(settings, "EGOV_MAP_TILE_URL", ""),
        "tile_attribution": getattr(settings, "EGOV_MAP_TILE_ATTRIBUTION", ""),
        "map_center": getattr(settings, "EGOV_MAP_CENTER", (16.0, 106.0)),
    }


def send_file(item: ReportFile, *, inline: bool, private: bool) -> FileResponse:
    try:
        handle = item.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=not inline, filename=item.name, content_type=item.content_type
    )
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
