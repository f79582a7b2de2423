"""Placeholder."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def payments_list(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def payments_xlsx(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def payment_detail(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def statements(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def statement_detail(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def unmatched(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def settle_line(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def refunds(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def refund_decide(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def figures(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404
