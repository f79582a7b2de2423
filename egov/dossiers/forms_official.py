"""Forms of the officials' pages. They only type-check what was typed; the services decide
the rules and refuse, and the pages show their refusals next to the form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from egov.catalog.models import Fee
from egov.core.uploads import CheckedFileField, FileKind
from egov.orgs.models import AdministrativeUnit, Agency
from egov.orgs.selectors import units_valid_on
from egov.printing.formats import money
from egov.workcalendar.deadlines import VN_TZ

from . import asked
from .lifecycle import Status
from .models import ApplicantKind, Channel, Delivery

Choices = list[tuple[Any, Any]]


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


def _commune_choices() -> list[tuple[str, str | Promise]]:
    units = units_valid_on().filter(kind__in=AdministrativeUnit.COMMUNE_LEVEL).order_by("name")
    return [("", _("— choose —")), *((u.code, u.name) for u in units)]


# --- Work queues ----------------------------------------------------------------------------


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search by code, applicant or procedure"), required=False, max_length=200
    )
    procedure = forms.ChoiceField(label=_("Procedure"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *[c for c in Status.choices if c[0] != Status.DRAFT]],
    )
    channel = forms.TypedChoiceField(
        label=_("Channel"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All channels")), *Channel.choices],
    )

    def __init__(self, *args: Any, procedures: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        procedure = self.fields["procedure"]
        assert isinstance(procedure, forms.ChoiceField)  # noqa: S101
        procedure.choices = [("", _("All procedures")), *procedures]


# --- Desk registration ----------------------------------------------------------------------


class ProcedureSearchForm(forms.Form):
    q = forms.CharField(label=_("Find the procedure (name or code)"), max_length=200)


class RegisterForm(forms.Form):
    """A paper dossier brought to the desk or received by post. Field names follow
    ``services.Applicant`` so the service's errors land on the right field."""

    handling_agency = forms.ModelChoiceField(
        label=_("Competent agency"), queryset=Agency.objects.none(), empty_label=None
    )
    channel = forms.TypedChoiceField(
        label=_("How the dossier arrived"),
        coerce=int,
        choices=[
            (Channel.IN_PERSON, Channel.IN_PERSON.label),
            (Channel.POSTAL, Channel.POSTAL.label),
        ],
        initial=Channel.IN_PERSON,
        widget=forms.RadioSelect,
    )
    kind = forms.ChoiceField(
        label=_("The applicant is"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.INDIVIDUAL,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Applicant's full name or organisation name"), max_length=300)
    id_number = forms.CharField(
        label=_("ID number (CCCD) or tax code"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    address_unit = forms.ChoiceField(
        label=_("Commune / ward"), required=False, choices=_commune_choices
    )
    address_street = forms.CharField(
        label=_("House number, street, hamlet"), required=False, max_length=300
    )
    on_behalf = forms.BooleanField(
        label=_("Brought by someone acting for the applicant"), required=False
    )
    submitter_name = forms.CharField(
        label=_("Name of the person submitting"), required=False, max_length=200
    )
    submitter_id_number = forms.CharField(label=_("Their ID number"), required=False, max_length=20)
    submitter_phone = forms.CharField(label=_("Their phone"), required=False, max_length=20)
    delivery = forms.ChoiceField(
        label=_("How the applicant wants the result"),
        choices=Delivery.choices,
        initial=Delivery.DESK,
        widget=forms.RadioSelect,
    )
    delivery_address = forms.CharField(
        label=_("Address to post the result to"), required=False, max_length=400
    )

    def __init__(self, *args: Any, agencies: Any, electronic_result: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["handling_agency"]
        assert isinstance(agency, forms.ModelChoiceField)  # noqa: S101
        agency.queryset = agencies
        if not electronic_result:
            delivery = self.fields["delivery"]
            assert isinstance(delivery, forms.ChoiceField)  # noqa: S101
            delivery.choices = [c for c in Delivery.choices if c[0] != Delivery.ONLINE]

    def address_unit_object(self) -> AdministrativeUnit | None:
        code = self.cleaned_data.get("address_unit")
        return units_valid_on().filter(code=code).first() if code else None


# --- Documents ------------------------------------------------------------------------------


class UploadForm(forms.Form):
    component = forms.TypedChoiceField(
        label=_("Which document"), coerce=int, empty_value=None, required=False
    )
    file = CheckedFileField(label=_("Scanned file (PDF, JPEG, PNG or DOCX)"))
    digitised = forms.BooleanField(
        label=_("Scanned here from the paper original"), required=False, initial=True
    )

    def __init__(self, *args: Any, components: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        component = self.fields["component"]
        assert isinstance(component, forms.ChoiceField)  # noqa: S101
        component.choices = [("", _("Another document")), *components]


# --- Actions --------------------------------------------------------------------------------


class ActionForm(forms.Form):
    """Every action carries the version of the dossier the official saw."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def text_input(self) -> dict[str, str]:
        """What the user typed, to show back if the action could not be taken."""
        return {
            str(field.label): str(self.data.get(self.add_prefix(name), ""))
            for name, field in self.fields.items()
            if isinstance(field.widget, (forms.Textarea, forms.TextInput))
            and not isinstance(field.widget, forms.HiddenInput)
            and self.data.get(self.add_prefix(name))
        }


NOTE_LABEL = _("Note (optional)")


def _note(label: Any = NOTE_LABEL) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


def _text(label: Any, *, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, help_text=help_text, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


ONE_PER_LINE = _("One per line.")


def _attachment() -> CheckedFileField:
    """An optional file for the action's history line, checked like every upload."""
    return CheckedFileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("PDF, JPEG, PNG or DOCX; kept with this step of the history."),
    )


class NoteForm(ActionForm):
    note = _note()


class AcceptForm(ActionForm):
    """Receive the dossier. The desk may waive fees of the schedule, each with its legal
    ground: what remains is what form 01 prints and the applicant pays."""

    note = _note()

    def __init__(self, *args: Any, fees: Sequence[Fee] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fees = [fee for fee in fees if fee.amount > 0]
        for fee in self.fees:
            self.fields[f"exempt_{fee.pk}"] = forms.BooleanField(
                label=_("Exempt: %(fee)s (%(amount)s)")
                % {"fee": fee.description, "amount": money(fee.amount)},
                required=False,
                help_text=fee.exemptions,
            )
            self.fields[f"reason_{fee.pk}"] = forms.CharField(
                label=_("Legal ground of the exemption: %(fee)s") % {"fee": fee.description},
                required=False,
                max_length=500,
                help_text=_("Needed when the fee is exempted."),
            )
        self.order_fields(
            [name for fee in self.fees for name in (f"exempt_{fee.pk}", f"reason_{fee.pk}")]
            + ["note"]
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


class ItemsForm(ActionForm):
    """Form 02: what is missing, each with why (DOMAIN.md §4: ask once, completely, with
    reasons). A line's reason follows a dash or a colon; the common reason covers the lines
    without one."""

    items = _text(
        _("What is missing, and why"),
        help_text=_(
            "One per line, the reason after a dash: “Giấy chứng sinh – bản chụp mờ, cần bản chính”."
        ),
    )
    note = _note(_("Reason for the lines that give none"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = data.get("items")
        if text and not (data.get("note") or "").strip():
            bare = [what for what, why in self.item_list() if not why]
            if bare:
                self.add_error(
                    "items",
                    _("Say why each item is asked for (missing for: %(items)s).")
                    % {"items": "; ".join(bare)},
                )
        return data

    def item_list(self) -> list[tuple[str, str]]:
        return [asked.split_line(line) for line in _lines(self.cleaned_data["items"])]


class ReasonsForm(ActionForm):
    reasons = _text(_("Reasons"), help_text=ONE_PER_LINE)

    def reason_list(self) -> list[str]:
        return _lines(self.cleaned_data["reasons"])


class ReasonForm(ActionForm):
    reason = _text(_("Reason"))


class NoteAttachmentForm(NoteForm):
    attachment = _attachment()


class ReasonAttachmentForm(ReasonForm):
    attachment = _attachment()


class ReasonsAttachmentForm(ReasonsForm):
    attachment = _attachment()


class RejectRefusalForm(ActionForm):
    note = _text(_("Why the refusal is not approved"))
    attachment = _attachment()


class CompleteForm(ActionForm):
    note = _note(_("What the applicant brought"))
    file = CheckedFileField(label=_("Scanned document (optional)"), required=False)
    component = forms.TypedChoiceField(
        label=_("Which document"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args: Any, components: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        component = self.fields["component"]
        assert isinstance(component, forms.ChoiceField)  # noqa: S101
        component.choices = [("", _("Another document")), *components]


class SupplementForm(ActionForm):
    note = _note(_("What the applicant brought"))
    file = CheckedFileField(label=_("Scanned document (optional)"), required=False)


class AssignForm(ActionForm):
    choice = forms.ChoiceField(label=_("Give the step to"))

    def __init__(self, *args: Any, choices: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice = self.fields["choice"]
        assert isinstance(choice, forms.ChoiceField)  # noqa: S101
        choice.choices = choices
        self.choice_count = len(choices)

    def has_choices(self) -> bool:
        return self.choice_count > 1

    def step_and_handler(self) -> tuple[int, int]:
        step, handler = self.cleaned_data["choice"].split(":")
        return int(step), int(handler)


class ConsultForm(ActionForm):
    agency = forms.ModelChoiceField(
        label=_("Unit to consult"), queryset=Agency.objects.none(), empty_label=_("— choose —")
    )
    question = _text(_("Question"))
    days = forms.DecimalField(
        label=_("Answer within (working days)"),
        min_value=Decimal("0.5"),
        max_digits=4,
        decimal_places=1,
        initial=Decimal(2),
        localize=True,  # "1,5" as Vietnamese write it
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    attachment = _attachment()

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)  # noqa: S101
        agency.queryset = agencies


class AnswerForm(ActionForm):
    answer = _text(_("Answer"))
    attachment = _attachment()


class ApproveForm(ActionForm):
    """Approve, optionally with the result document: the leader's certificate signs it."""

    result = CheckedFileField(
        label=_("Result document to sign (optional, unsigned PDF)"),
        required=False,
        allowed=[FileKind.PDF],
        help_text=_("egov prints its verification code on it, then you sign it."),
    )
    generate = forms.BooleanField(
        label=_("Generate a result notice instead (the note becomes its content)"),
        required=False,
    )
    note = _note()
    attachment = _attachment()


class IssueResultForm(ActionForm):
    result = CheckedFileField(
        label=_("Result document (unsigned PDF)"), required=False, allowed=[FileKind.PDF]
    )
    generate = forms.BooleanField(
        label=_("Generate a result notice instead (the note becomes its content)"),
        required=False,
    )
    note = _note()

    def __init__(self, *args: Any, approved: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if approved:  # the leader approved the document itself: it is issued as it is
            del self.fields["result"]
            del self.fields["generate"]


class ReturnResultForm(ActionForm):
    method = forms.ChoiceField(
        label=_("How the result was returned"),
        choices=Delivery.choices,
        widget=forms.RadioSelect,
    )
    tracking_number = forms.CharField(
        label=_("Postal tracking number"),
        required=False,
        max_length=50,
        help_text=_("Needed when the result is posted."),
    )
    note = _note()


class LateNoticeForm(ActionForm):
    reason = _text(_("Reason for the delay"))
    new_due_date = forms.DateField(
        label=_("New due date"),
        help_text=_("dd/mm/yyyy"),
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"inputmode": "numeric"}),
    )
    new_due_time = forms.TimeField(
        label=_("New due time"),
        initial=dt.time(17, 0),
        help_text=_("HH:MM"),
        widget=forms.TimeInput(format="%H:%M", attrs={"inputmode": "numeric"}),
    )

    def new_due(self) -> dt.datetime:
        day: dt.date = self.cleaned_data["new_due_date"]
        time: dt.time = self.cleaned_data["new_due_time"]
        return timezone.make_aware(dt.datetime.combine(day, time), VN_TZ)
