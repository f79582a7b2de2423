"""Forms of the payment pages; refusals from the services show in the error summary."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.dossiers.forms_citizen import SummaryForm

from .methods.base import PaymentMethod
from .models import Payment


class MethodForm(SummaryForm):
    method = forms.ChoiceField(
        label=_("How do you want to pay?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you want to pay.")},
    )

    def __init__(self, *args: Any, methods: list[PaymentMethod], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["method"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [(m.code, m.label) for m in methods]


class ChargeForm(SummaryForm):
    """The desk's exemptions: one checkbox and one reason per fee of the schedule."""

    def __init__(self, *args: Any, fees: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fees = fees
        for fee in fees:
            self.fields[f"exempt_{fee.pk}"] = forms.BooleanField(
                label=_("Exempt: %(fee)s") % {"fee": fee.description}, required=False
            )
            self.fields[f"reason_{fee.pk}"] = forms.CharField(
                label=_("Legal ground of the exemption: %(fee)s") % {"fee": fee.description},
                required=False,
                max_length=500,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for fee in self.fees:
            if data.get(f"exempt_{fee.pk}") and not (data.get(f"reason_{fee.pk}") or "").strip():
                self.add_error(f"reason_{fee.pk}", _("Give the legal ground of this exemption."))
        return data

    def exemptions(self) -> dict[int, str]:
        return {
            fee.pk: self.cleaned_data[f"reason_{fee.pk}"]
            for fee in self.fees
            if self.cleaned_data.get(f"exempt_{fee.pk}")
        }

    def pairs(self) -> list[tuple[Any, Any, Any]]:
        return [(fee, self[f"exempt_{fee.pk}"], self[f"reason_{fee.pk}"]) for fee in self.fees]


class DeskPaymentForm(SummaryForm):
    method = forms.ChoiceField(
        label=_("Paid by"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the applicant paid.")},
    )
    amount = forms.IntegerField(
        label=_("Amount received (đồng)"),
        min_value=1,
        error_messages={"required": _("Enter the amount received.")},
    )
    slip = forms.CharField(
        label=_("Card slip number"),
        required=False,
        max_length=100,
        help_text=_("For a card payment: the number printed on the terminal's slip."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args: Any, methods: list[PaymentMethod], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["method"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [(m.code, m.label) for m in methods]


class PaymentFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    end = forms.DateField(label=_("To"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    method = forms.ChoiceField(label=_("Method"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Payment.Status.choices],
    )
    attention = forms.BooleanField(label=_("Needs attention only"), required=False)

    def __init__(self, *args: Any, methods: list[PaymentMethod], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["method"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [("", _("Any method")), *((m.code, m.label) for m in methods)]


class StatementForm(SummaryForm):
    agency: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Account of"), queryset=None, empty_label=None
    )
    file = forms.FileField(
        label=_("Statement file (CSV or XLSX)"),
        help_text=_("The export of the account's credits from the bank, at most 5 MB."),
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = agencies


class NoteForm(SummaryForm):
    note = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Say what was done.")},
    )
    reference = forms.CharField(
        label=_("Payment reference it pays (if known)"), required=False, max_length=20
    )


class RefundRequestForm(SummaryForm):
    amount = forms.IntegerField(
        label=_("Amount to refund (đồng)"),
        min_value=1,
        error_messages={"required": _("Enter the amount to refund.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Give the reason for the refund.")},
    )


class RefundDecisionForm(SummaryForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("approve", _("Approve the refund")), ("reject", _("Reject the refund"))],
        error_messages={"required": _("Choose a decision.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Required when rejecting."),
    )


class ResolveForm(SummaryForm):
    note = forms.CharField(
        label=_("How it was dealt with"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Say how the payment was dealt with.")},
    )
