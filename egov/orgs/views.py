"""Account pages: log in, log out, register, my account. Thin: form -> service -> page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.views.decorators.http import require_http_methods

from egov.core.errors import ApplicationError

from .forms import BusinessRegistrationForm, CitizenRegistrationForm, LoginForm
from .login_methods import login_methods
from .models import User
from .services import business_register, citizen_register

# Service argument names that the forms call differently.
_FORM_FIELD = {"password": "password1"}
# Session key: the login of an account just registered, shown once on the login page.
_REGISTERED = "orgs_registered_login"


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "orgs/login.html"
    redirect_authenticated_user = True
    registered: str | None = None

    def get_default_redirect_url(self) -> str:
        """Officials land on their work; citizens and businesses on the portal."""
        if hasattr(self.request.user, "official"):
            return resolve_url(settings.EGOV_OFFICIAL_HOME)
        return super().get_default_redirect_url()

    def get_initial(self) -> dict[str, Any]:
        # Right after registration the new login is filled in and announced once.
        self.registered = self.request.session.pop(_REGISTERED, None)
        return {"username": self.registered} if self.registered else {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["login_methods"] = [m for m in login_methods() if not m.is_password]
        context["registered"] = self.registered
        return context


class LogoutView(auth_views.LogoutView):
    """POST only (Django's rule), so a link or an image cannot log anyone out."""


def _refuse(form: forms.Form, error: ApplicationError) -> None:
    """Show a service refusal next to the field it concerns (or above the form)."""
    field = _FORM_FIELD.get(str(error.extra.get("field")), error.extra.get("field"))
    form.add_error(field if field in form.fields else None, str(error.message))


def _register(
    request: HttpRequest,
    form_class: type[CitizenRegistrationForm] | type[BusinessRegistrationForm],
    template: str,
) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "email": data["email"] or None,
            "phone": data["phone"] or None,
            "password": data["password1"],
            "address_unit_code": data["address_unit_code"] or None,
            "address_street": data["address_street"],
        }
        try:
            if isinstance(form, CitizenRegistrationForm):
                user = citizen_register(
                    full_name=data["full_name"],
                    national_id=data["national_id"] or None,
                    date_of_birth=data["date_of_birth"],
                    **common,
                )
            else:
                user = business_register(
                    name=data["name"],
                    tax_code=data["tax_code"],
                    representative=data["representative"],
                    **common,
                )
        except ApplicationError as error:
            _refuse(form, error)
        else:
            request.session[_REGISTERED] = user.username
            return redirect("accounts:login")
    return render(request, template, {"form": form})


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    return _register(request, CitizenRegistrationForm, "orgs/register_citizen.html")


@require_http_methods(["GET", "POST"])
def register_business(request: HttpRequest) -> HttpResponse:
    return _register(request, BusinessRegistrationForm, "orgs/register_business.html")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101  (login_required guarantees it)
    context: dict[str, Any] = {"account": user}
    if user.kind == User.Kind.CITIZEN:
        context["citizen"] = getattr(user, "citizen", None)
    elif user.kind == User.Kind.BUSINESS:
        context["business"] = getattr(user, "business", None)
    else:
        official = getattr(user, "official", None)
        context["official"] = official
        context["roles"] = official.roles.all() if official is not None else []
    return render(request, "orgs/profile.html", context)
