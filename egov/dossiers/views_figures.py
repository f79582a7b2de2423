"""The officials' figures page (/can-bo/so-lieu/) and its XLSX export: a GET form of filters,
the figures of the agencies in the official's scope (the dossiers they handle) or of their
desks (the dossiers received there), the same table as a workbook."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from egov.catalog.models import Procedure, ProcedureVersion
from egov.core.errors import ValidationFailed
from egov.orgs.models import Agency
from egov.orgs.permissions import agencies_in_scope

from .figures import (
    Dimension,
    Figures,
    Period,
    default_dimension,
    figure_agency_ids,
    local_today,
)
from .figures_daily import read_figures
from .figures_table import agency_heading, dimension_text, header_rows, table_groups
from .figures_xlsx import figures_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMATS = ["%d/%m/%Y"]


class FiguresForm(forms.Form):
    dimension = forms.ChoiceField(
        label=_("Count the dossiers"),
        choices=[
            ("handled", _("Handled by the agency")),
            ("received", _("Received at the agency's one-stop desk")),
        ],
        help_text=_(
            "The service centre receives the departments' dossiers: choose “received at” "
            "to see them."
        ),
    )
    agency = forms.CharField(label=_("Agency"), required=False, widget=forms.Select)
    procedure = forms.CharField(label=_("Procedure"), required=False, widget=forms.Select)
    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("mm/yyyy, for example 04/2026; or give the first and last day below."),
    )
    start = forms.DateField(
        label=_("From"), required=False, input_formats=DATE_FORMATS, help_text=_("dd/mm/yyyy")
    )
    end = forms.DateField(
        label=_("To"), required=False, input_formats=DATE_FORMATS, help_text=_("dd/mm/yyyy")
    )
    by = forms.ChoiceField(
        label=_("Rows"),
        required=False,
        choices=[
            ("", _("Per procedure for one agency, else per agency")),
            ("agency", _("One per agency")),
            ("procedure", _("One per agency and procedure")),
        ],
    )

    def __init__(self, data: QueryDict, *, user: Any) -> None:
        if not data.get("dimension"):
            # Shown as chosen: the service centre's officials start with their desk.
            data = data.copy()
            data["dimension"] = default_dimension(user)
        super().__init__(data)
        scope = agencies_in_scope(user).order_by("code")
        self.fields["agency"].widget.choices = [
            ("", _("All agencies I may see")),
            *((a.code, f"{a.name} ({a.code})") for a in scope),
        ]
        # The procedures the agencies in scope handle, and those their desks receive: a
        # service centre receives the departments' and the province's (as
        # ``services.submission.receiving_agency_for`` routes them).
        offered = Q(procedure__agencies__in=scope)
        if scope.filter(kind=Agency.Kind.SERVICE_CENTRE).exists():
            offered |= Q(
                procedure__agencies__kind__in=[
                    Agency.Kind.DEPARTMENT,
                    Agency.Kind.PROVINCIAL_COMMITTEE,
                ]
            )
        names: dict[str, str] = {}
        for code, name in (
            ProcedureVersion.objects.filter(offered)
            .order_by("procedure__code", "number")
            .values_list("procedure__code", "name")
        ):
            names[code] = name
        self.fields["procedure"].widget.choices = [
            ("", _("All procedures")),
            *((code, f"{code} – {name}") for code, name in names.items()),
        ]

    def clean_agency(self) -> Agency | None:
        code = self.cleaned_data["agency"].strip()
        if not code:
            return None
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            raise forms.ValidationError(_("There is no agency with this code."))
        return agency

    def clean_procedure(self) -> Procedure | None:
        code = self.cleaned_data["procedure"].strip()
        if not code:
            return None
        procedure = Procedure.objects.filter(code=code).first()
        if procedure is None:
            raise forms.ValidationError(_("There is no procedure with this code."))
        return procedure

    def clean_month(self) -> tuple[int, int] | None:
        text = self.cleaned_data["month"].strip()
        if not text:
            return None
        for pattern in ("%Y-%m", "%m/%Y"):
            try:
                first = dt.datetime.strptime(text, pattern)  # noqa: DTZ007  (a month only)
            except ValueError:
                continue
            return first.year, first.month
        raise forms.ValidationError(_("Write the month as mm/yyyy, for example 04/2026."))

    def period(self) -> Period:
        """The period asked for: from–to if given, else the month, else this month."""
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if start or end:
            if not (start and end):
                raise ValidationFailed(_("Give both the first and the last day."))
            return Period(start, end)
        year, month = data.get("month") or (local_today().year, local_today().month)
        return Period.month(year, month)


def _figures_for(request: HttpRequest) -> tuple[FiguresForm, Figures | None, str | None]:
    """The form and, when it is valid, the figures; refuses non-officials and agencies
    outside the official's scope (403)."""
    figure_agency_ids(request.user)
    # Always bound: every field is optional, and nothing chosen means this month.
    form = FiguresForm(request.GET, user=request.user)
    if not form.is_valid():
        return form, None, None
    try:
        period = form.period()
    except ValidationFailed as error:
        form.add_error(None, str(error.message))
        return form, None, None
    dimension = cast(Dimension, form.cleaned_data["dimension"])
    agency_ids = figure_agency_ids(request.user, form.cleaned_data.get("agency"), dimension)
    procedure = form.cleaned_data.get("procedure")
    by = form.cleaned_data.get("by") or (
        "procedure" if procedure is not None or (agency_ids and len(agency_ids) == 1) else "agency"
    )
    figures = read_figures(
        period=period,
        agency_ids=agency_ids,
        procedure_id=procedure.pk if procedure is not None else None,
        per_procedure=by == "procedure",
        dimension=dimension,
    )
    return form, figures, urlencode({k: v for k, v in request.GET.items() if v})


@login_required
@require_GET
def figures_page(request: HttpRequest) -> HttpResponse:
    form, figures, query = _figures_for(request)
    top, bottom = header_rows()
    queries: dict[int, str] = {}
    if figures is not None and not figures.per_procedure and figures.dimension == "handled":
        # Each agency's row links to its own figures, per procedure.
        base = {k: v for k, v in request.GET.items() if v and k not in ("agency", "by")}
        queries = {
            row.agency_id: urlencode({**base, "agency": row.agency_code}) for row in figures.rows
        }
    groups, total = table_groups(figures, queries) if figures is not None else ([], "")
    context = {
        "form": form,
        "figures": figures,
        "groups": groups,
        "total_cells": total,
        "header_top": top,
        "header_bottom": bottom,
        "export_query": query,
        "dimension_text": dimension_text(figures) if figures is not None else "",
        "agency_heading": agency_heading(figures) if figures is not None else _("Agency"),
    }
    status = 200 if figures is not None else 400
    return render(request, "dossiers/figures/index.html", context, status=status)


@login_required
@require_GET
def figures_export(request: HttpRequest) -> HttpResponse:
    _form, figures, _query = _figures_for(request)
    if figures is None:
        return figures_page(request)
    period = figures.period
    response = HttpResponse(figures_workbook(figures), content_type=XLSX)
    name = f"so-lieu-ho-so-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
