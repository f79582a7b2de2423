"""What the pages share: who may open them, and answering with a stored PDF."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _

from egov.core.errors import PermissionRefused
from egov.orgs.models import User

View = TypeVar("View", bound=Callable[..., HttpResponseBase])

APPLICANT_KINDS = frozenset({User.Kind.CITIZEN, User.Kind.BUSINESS})


def is_applicant(user: Any) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and getattr(user, "kind", "") in APPLICANT_KINDS
        and not hasattr(user, "official")
    )


def citizen_required(view: View) -> View:
    """Signed-out visitors go to the login page; officials are refused."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_applicant(request.user):
            raise PermissionRefused(_("These pages are for citizens and businesses."))
        return view(request, *args, **kwargs)

    return cast(View, login_required(wrapper))


def official_required(view: View) -> View:
    """Signed-out visitors go to the login page; accounts that are not officials are
    refused (the same answer for every address)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not hasattr(request.user, "official"):
            raise PermissionRefused(_("These pages are for officials."))
        return view(request, *args, **kwargs)

    return cast(View, login_required(wrapper))


def pdf_response(file: FieldFile, name: str, *, inline: bool = False) -> FileResponse:
    """A stored PDF, never cached by shared caches (it holds personal data)."""
    try:
        handle = file.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=not inline, filename=name, content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def error_links(form: Any) -> list[tuple[str, str]]:
    """(anchor, message) pairs for the error summary; each links to its field."""
    links: list[tuple[str, str]] = []
    for error in form.non_field_errors():
        links.append(("", str(error)))
    for field in form:
        for error in field.errors:
            anchor = field.id_for_label or field.auto_id
            if field.widget_type in ("checkboxselectmultiple", "radioselect"):
                anchor = f"{field.auto_id}_0"
            links.append((anchor, f"{field.label}: {error}"))
    return links
