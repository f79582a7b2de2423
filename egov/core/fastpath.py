"""Serve a few public, stateless JSON endpoints without the middleware made for pages.

The citizen lookup (``GET /api/v1/dossiers/lookup``) is the busiest public endpoint, and it
needs no session, user, CSRF token, messages, lock-out check or URL resolution: on the load
benchmark (bench/) that machinery cost more than the lookup's own query. ``FastPathMiddleware``
sits right after Django's ``SecurityMiddleware`` (so the HTTPS redirect and the security
headers still apply) and hands a request whose path is a key of ``settings.EGOV_FAST_PATHS``
straight to the view named there; every other request goes on through the stack. What the
skipped middleware would have done that such a view needs is done here (the host check, the
visitor's language) or by the view itself (errors as JSON). Remove the middleware and the
same URLs are served the ordinary way (tests check both give the same answers).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string

from .errors import ApplicationError, RateLimited

View = Callable[[HttpRequest], HttpResponse]


class FastPathMiddleware:
    def __init__(self, get_response: View) -> None:
        self.get_response = get_response
        self.views: dict[str, View] = {
            path: import_string(dotted) for path, dotted in settings.EGOV_FAST_PATHS.items()
        }

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = self.views.get(request.path_info)
        if view is None:
            return self.get_response(request)
        request.get_host()  # ALLOWED_HOSTS, as CommonMiddleware would check it
        language = translation.get_language_from_request(request)
        with translation.override(language):
            response = view(request)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        return response


def error_response(error: ApplicationError) -> JsonResponse:
    """An ApplicationError as the API renders it: ``{"code", "message"}`` and its status."""
    response = JsonResponse(
        {"code": error.code, "message": str(error.message)}, status=error.http_status
    )
    retry_after = error.extra.get("retry_after")
    if isinstance(error, RateLimited) and retry_after is not None:
        response["Retry-After"] = str(int(retry_after))
    return response
