"""What the citizen's pages share: who may use them, and which dossiers they may see."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, QueryDict
from django.http.response import HttpResponseBase
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from egov.core.errors import PermissionRefused
from egov.orgs.models import User

from ..models import Dossier
from ..selectors import visible_to_citizen

View = TypeVar("View", bound=Callable[..., HttpResponseBase])

APPLICANT_KINDS = frozenset({User.Kind.CITIZEN, User.Kind.BUSINESS})


def is_applicant_account(user: Any) -> bool:
    """Citizen and business accounts apply; officials never do, even for themselves here."""
    return (
        getattr(user, "is_authenticated", False)
        and getattr(user, "kind", "") in APPLICANT_KINDS
        and not hasattr(user, "official")
    )


def citizen_required(view: View) -> View:
    """Anonymous visitors go to the login page; official accounts are refused."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_applicant_account(request.user):
            raise PermissionRefused(
                _(
                    "These pages are for citizens and businesses. Officials handle dossiers "
                    "from the officials' pages."
                )
            )
        return view(request, *args, **kwargs)

    return cast(View, login_required(wrapper))


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST, even an empty one (``request.POST or None`` would treat an
    empty POST as no submission and show no errors)."""
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest) -> MultiValueDict[str, UploadedFile[Any]] | None:
    return request.FILES if request.method == "POST" else None


def owned_dossiers(user: Any) -> QuerySet[Dossier]:
    """The dossiers this account owns."""
    return visible_to_citizen(user)


def get_owned(user: Any, public_id: uuid.UUID, *, related: tuple[str, ...] = ()) -> Dossier:
    """The user's dossier ``public_id``; anybody else's is "not found", never "forbidden", so
    a stranger learns nothing about it."""
    found = (
        owned_dossiers(user)
        .select_related("procedure_version", "procedure_version__procedure", "agency", *related)
        .filter(public_id=public_id)
        .first()
    )
    if found is None:
        raise Http404
    return found
