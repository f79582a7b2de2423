"""The officials' figures page: an agency (and those below it) and a period."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from egov.core.errors import ApplicationError, PermissionRefused
from egov.orgs.models import Agency
from egov.orgs.permissions import agencies_in_scope

from . import figures


class FiguresForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False, empty_label=_("All")
    )
    start = forms.DateField(label=_("From (dd/mm/yyyy)"), required=False)
    end = forms.DateField(label=_("To (dd/mm/yyyy)"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[Agency]", self.fields["agency"])
        field.queryset = agencies_in_scope(user).order_by("name")


@login_required
@require_GET
def figures_page(request: HttpRequest) -> HttpResponse:
    if not hasattr(request.user, "official"):
        raise PermissionRefused(_("These pages are for officials."))
    form = FiguresForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    problem = ""
    result = None
    try:
        period = figures.check_period(
            data.get("start"), data.get("end"), today=timezone.localdate()
        )
        ids = figures.agencies_for(request.user, data.get("agency"))
        result = figures.feedback_figures(ids, period)
    except ApplicationError as error:
        problem = str(error.message)
    return render(
        request,
        "feedback/official/figures.html",
        {"form": form, "figures": result, "problem": problem},
    )
