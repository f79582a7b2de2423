"""Public pages of the catalogue: form template downloads."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .models import Component
from .templates import safe_template_name


@require_GET
def template_download(request: HttpRequest, component_id: int) -> FileResponse:
    """The form template of a dossier component, as an attachment with an ASCII name."""
    component = get_object_or_404(Component, pk=component_id)
    if not component.template:
        raise Http404
    try:
        handle = component.template.open("rb")
    except OSError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=safe_template_name(component.template.name or "")
    )
