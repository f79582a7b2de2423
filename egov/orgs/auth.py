"""Authentication: who is logging in, whatever identifier they type.

Login is pluggable. Callers only ever use ``django.contrib.auth.authenticate()`` / ``login()``
and the login page lists the methods from ``egov.orgs.login_methods``; neither changes when a
method is added. To add an OpenID Connect provider (VNeID-like):

1. Install an OIDC client library (e.g. mozilla-django-oidc) and subclass its backend so that
   it finds or creates the account through ``egov.orgs.services`` (``citizen_register``)
   from the verified claims (CCCD, full name, date of birth).
2. Append that backend to ``AUTHENTICATION_BACKENDS`` after Axes.
3. Include the library's URLs and add a login method entry to ``EGOV_LOGIN_METHODS``::

       EGOV_LOGIN_METHODS = [
           {"name": "vneid", "label": "Đăng nhập bằng VNeID", "url": "oidc_authentication_init"},
       ]

The password method (``EmailOrPhoneBackend``) is always available.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from .identifiers import normalise_login
from .models import User
from .selectors import account_by_identifier

__all__ = ["EmailOrPhoneBackend", "axes_username", "normalise_login"]


class EmailOrPhoneBackend(ModelBackend):
    """Accept a username, an email address or a phone number (0… or +84…) as the login."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or password is None:
            return None
        user = account_by_identifier(username)
        if user is None:
            User().set_password(password)  # same cost as a real check: no user enumeration
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The identity Axes counts failures for (AXES_USERNAME_CALLABLE).

    Normalised, so that "An@Example.vn" and "an@example.vn", or "+84912…" and "0912…",
    share one failure counter and cannot be alternated to dodge the lockout.
    """
    raw = credentials.get("username") if credentials else request.POST.get("username")
    return normalise_login(str(raw or ""))
