"""Placeholder."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def receipt_download(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def dossier_fees(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404
