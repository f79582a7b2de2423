"""What every officials' page shares: who may open them, and small helpers."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext_lazy as _

from egov.core.errors import PermissionRefused
from egov.orgs.models import Role
from egov.orgs.permissions import roles_of

View = Callable[..., HttpResponseBase]


def official_required(view: View) -> View:
    """Signed-out visitors go to the login page; accounts that are not officials are
    refused (the same answer for every address, so it tells nothing about dossiers)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not hasattr(request.user, "official"):
            raise PermissionRefused(_("These pages are for officials."))
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def is_desk_officer(user: Any) -> bool:
    return Role.DESK_OFFICER in roles_of(user)


def nav_context(user: Any) -> dict[str, Any]:
    """What the officials' layout needs on every page."""
    return {"is_desk": is_desk_officer(user)}
