"""The ways to log in shown on the login page: the password form plus any configured provider.

Settings ``EGOV_LOGIN_METHODS`` lists extra methods as dicts with ``name``, ``label`` and
``url`` (a URL name or a path), e.g. an OpenID Connect provider; see ``egov.orgs.auth``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PASSWORD = "password"  # noqa: S105  (the method name, not a secret)


@dataclass(frozen=True)
class LoginMethod:
    name: str
    label: str | Promise
    url: str

    @property
    def is_password(self) -> bool:
        return self.name == PASSWORD


def _resolve(url: str) -> str:
    if url.startswith(("/", "http://", "https://")):
        return url
    try:
        return reverse(url)
    except NoReverseMatch as exc:
        raise ImproperlyConfigured(f"EGOV_LOGIN_METHODS: unknown URL name {url!r}") from exc


def _entry(item: Any) -> LoginMethod:
    if isinstance(item, LoginMethod):
        return LoginMethod(item.name, item.label, _resolve(item.url))
    try:
        return LoginMethod(str(item["name"]), item["label"], _resolve(str(item["url"])))
    except (KeyError, TypeError) as exc:
        raise ImproperlyConfigured(
            "Each EGOV_LOGIN_METHODS entry needs 'name', 'label' and 'url'."
        ) from exc


def login_methods() -> list[LoginMethod]:
    """Password login first, then the configured providers, in settings order."""
    methods = [LoginMethod(PASSWORD, _("Email, phone or username"), reverse("accounts:login"))]
    for item in getattr(settings, "EGOV_LOGIN_METHODS", []):
        method = _entry(item)
        if method.name != PASSWORD:
            methods.append(method)
    return methods
