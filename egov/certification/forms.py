"""Forms of the certification pages; they parse input, the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.core.errors import ApplicationError
from egov.core.uploads import CheckedFileField, FileKind
from egov.orgs.models import Agency

from .models import CopyRequest
from .reasons import RefusalReason

SCAN_HELP = _(
    "A PDF scan of every page of the original, in colour, at 200 dpi or more (Decree 30/2020)."
)


class RefusingForm(forms.Form):
    """A form that can show a service's refusal on the field it names."""

    def refuse(self, error: ApplicationError) -> None:
        field = error.extra.get("field")
        self.add_error(field if field in self.fields else None, str(error.message))


class AgencyChoiceField(forms.ModelChoiceField[Agency]):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.name


def _scan_field(max_bytes: int) -> CheckedFileField:
    return CheckedFileField(
        label=_("Scan of the original (PDF)"),
        allowed=[FileKind.PDF],
        max_bytes=max_bytes,
        help_text=SCAN_HELP,
    )


class RequestForm(RefusingForm):
    agency = AgencyChoiceField(
        label=_("Agency that certifies"),
        queryset=Agency.objects.none(),
        empty_label=_("Choose the agency"),
        help_text=_("You will bring the original to this agency's desk."),
    )
    document_name = forms.CharField(
        label=_("Document"),
        max_length=300,
        help_text=_("For example: Bằng tốt nghiệp trung học phổ thông."),
    )
    promise = forms.BooleanField(
        label=_("I will present the original of this document at the agency's desk."),
        required=True,
    )

    def __init__(self, *args: Any, agencies: Any, max_bytes: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = agencies
        self.fields["scan"] = _scan_field(max_bytes)
        self.order_fields(["agency", "document_name", "scan", "promise"])


class CounterForm(RefusingForm):
    agency = AgencyChoiceField(label=_("Agency that certifies"), queryset=Agency.objects.none())
    requester_name = forms.CharField(label=_("Requester's full name"), max_length=200)
    requester_phone = forms.CharField(
        label=_("Requester's mobile phone"),
        max_length=20,
        required=False,
        help_text=_("Optional: an SMS tells them when the copy is ready."),
    )
    requester_email = forms.EmailField(
        label=_("Requester's email"),
        required=False,
        help_text=_("Optional: the certified copy's code and link are sent there."),
    )
    document_name = forms.CharField(label=_("Document"), max_length=300)

    def __init__(self, *args: Any, agencies: Any, max_bytes: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = agencies
        if len(agencies) == 1:
            field.initial = agencies[0].pk
        self.fields["scan"] = _scan_field(max_bytes)


class CertifyForm(RefusingForm):
    compared = forms.BooleanField(
        label=_(
            "I compared the scan with the original presented: every page matches the original."
        ),
        required=True,
    )
    notes = forms.CharField(
        label=_("Notes for the certification book"),
        max_length=300,
        required=False,
    )


class RefuseForm(RefusingForm):
    reasons = forms.MultipleChoiceField(
        label=_("Reasons"),
        choices=RefusalReason.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Decree 23/2015/NĐ-CP Art. 22 lists the originals that cannot be certified."),
    )
    note = forms.CharField(
        label=_("Explanation for the requester"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class QueueForm(forms.Form):
    agency = AgencyChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *CopyRequest.Status.choices],
        required=False,
        initial=CopyRequest.Status.PENDING,
    )
    q = forms.CharField(label=_("Requester or document"), max_length=200, required=False)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = agencies


class BookForm(forms.Form):
    agency = AgencyChoiceField(label=_("Agency"), queryset=Agency.objects.none(), empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    start = forms.DateField(
        label=_("From"), input_formats=["%d/%m/%Y"], required=False, help_text=_("dd/mm/yyyy")
    )
    end = forms.DateField(
        label=_("To"), input_formats=["%d/%m/%Y"], required=False, help_text=_("dd/mm/yyyy")
    )
    q = forms.CharField(label=_("Requester or document"), max_length=200, required=False)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = agencies

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end, year = data.get("start"), data.get("end"), data.get("year")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            self.add_error("end", _("The last day comes before the first."))
        for name in ("start", "end"):
            day = data.get(name)
            if isinstance(day, dt.date) and isinstance(year, int) and day.year != year:
                self.add_error(name, _("Choose a day in the book's year."))
        return data
