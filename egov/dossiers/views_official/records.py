"""The desk's printed records: a dossier's control slip (form 06) and the tracking book
(form 07) of a receiving desk for a period, as PDF or XLSX."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from egov.core.errors import NotFound

from ..books import book_agencies, book_entries
from ..selectors import dossier_for_official
from ..services import paperwork
from ._common import nav_context, official_required

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_DAYS = 366


def _attachment(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@official_required
def control_slip(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Form 06 of a received dossier, for officials who may see it."""
    dossier = dossier_for_official(request.user, public_id)
    if not dossier.code:
        raise NotFound(_("This dossier has not been received yet."))
    content = paperwork.control_slip(dossier, actor=request.user)
    return _attachment(content, f"mau-06-{dossier.code}.pdf", PDF)


class BookForm(forms.Form):
    agency = forms.ChoiceField(label=_("Receiving desk"))
    start = forms.DateField(label=_("From"), input_formats=["%d/%m/%Y"], help_text=_("dd/mm/yyyy"))
    end = forms.DateField(label=_("To"), input_formats=["%d/%m/%Y"], help_text=_("dd/mm/yyyy"))
    format = forms.ChoiceField(
        label=_("Format"), choices=[("pdf", "PDF"), ("xlsx", "XLSX")], initial="pdf"
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date):
            if end < start:
                self.add_error("end", _("The last day comes before the first."))
            elif (end - start).days >= MAX_DAYS:
                self.add_error("end", _("Choose at most one year."))
        return data


@require_GET
@official_required
def tracking_book(request: HttpRequest) -> HttpResponse:
    """Choose a desk and a period; the book comes back as a file."""
    agencies = book_agencies(request.user)
    today = timezone.localdate()
    initial = {
        "start": today.replace(day=1).strftime("%d/%m/%Y"),
        "end": today.strftime("%d/%m/%Y"),
        "format": "pdf",
    }
    form = BookForm(request.GET or None, initial=initial)
    agency_field = form.fields["agency"]
    assert isinstance(agency_field, forms.ChoiceField)  # noqa: S101 - declared above
    agency_field.choices = [(a.code, a.name) for a in agencies]
    if request.GET and form.is_valid():
        agency = next(a for a in agencies if a.code == form.cleaned_data["agency"])
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        xlsx = form.cleaned_data["format"] == "xlsx"
        content = paperwork.tracking_book(
            agency, book_entries(agency, start, end), start=start, end=end, xlsx=xlsx
        )
        name = f"so-theo-doi-{agency.code}-{start:%Y%m%d}-{end:%Y%m%d}.{'xlsx' if xlsx else 'pdf'}"
        return _attachment(content, name, XLSX if xlsx else PDF)
    return render(
        request,
        "dossiers/official/tracking_book.html",
        {"form": form, "has_agency": bool(agencies), **nav_context(request.user)},
        status=400 if request.GET and form.errors else 200,
    )
