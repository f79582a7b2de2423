"""Placeholder."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def owed(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def pay(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def payment(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def qr_png(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def gateway_return(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404
