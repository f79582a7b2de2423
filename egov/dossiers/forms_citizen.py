"""Forms of the citizen's pages: they type-check input; the services decide the rules.

Every form can list its errors for the error summary at the top of the page (GOV.UK
pattern), each linked to the field it concerns, and take a service's refusal onto its fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from egov.catalog.models import Component
from egov.catalog.rules import FormFieldSpec
from egov.core.errors import ApplicationError
from egov.core.uploads import CheckedFileField
from egov.orgs.models import AdministrativeUnit, Agency
from egov.orgs.selectors import units_valid_on

from .lookup import MAX_CODE_LENGTH
from .models import ApplicantKind, Delivery
from .procedure_fields import REQUEST_KEY, add_fields, form_values

MAX_REQUEST_LENGTH = 4000
MAX_NOTE_LENGTH = 2000


class SummaryForm(forms.Form):
    """A form that lists its errors for the error summary and accepts service refusals."""

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for every error, in field order; non-field errors link to the
        form itself."""
        links: list[tuple[str, str]] = []
        for message in self.non_field_errors():
            links.append(("main-form", str(message)))
        for name, field in self.fields.items():
            if name not in self.errors:
                continue
            bound = self[name]
            anchor = bound.auto_id or name
            if isinstance(field.widget, forms.RadioSelect):
                anchor = f"{anchor}_0"
            for message in self.errors[name]:
                links.append((anchor, str(message)))
        return links

    def refuse(self, error: ApplicationError, *, fields: dict[str, str] | None = None) -> None:
        """Show a service refusal next to the fields it names (``extra["errors"]``), else
        above the form. ``fields`` renames service keys to form fields."""
        rename = fields or {}
        errors = error.extra.get("errors") or {}
        placed = False
        for key, message in errors.items():
            name = rename.get(key, key)
            if name in self.fields:
                self.add_error(name, str(message))
                placed = True
            else:
                self.add_error(None, str(message))
                placed = True
        if not placed:
            self.add_error(None, str(error.message))


def _radio(**kwargs: Any) -> forms.RadioSelect:
    return forms.RadioSelect(**kwargs)


class AgencyForm(SummaryForm):
    agency = forms.ModelChoiceField(
        label=_("Which agency should handle your dossier?"),
        queryset=Agency.objects.none(),
        widget=_radio(),
        empty_label=None,
        error_messages={"required": _("Choose the agency that should handle your dossier.")},
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Agency]", self.fields["agency"]).queryset = agencies


WHO_SELF = "self"
WHO_PERSON = "person"
WHO_ORGANISATION = "organisation"
WHO_CHOICES = (WHO_SELF, WHO_PERSON, WHO_ORGANISATION)


class WhoForm(SummaryForm):
    who = forms.ChoiceField(
        label=_("Who is the dossier for?"),
        widget=_radio(),
        error_messages={"required": _("Choose who the dossier is for.")},
    )

    def __init__(self, *args: Any, self_label: str | Promise, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["who"]).choices = [
            (WHO_SELF, self_label),
            (WHO_PERSON, _("Another person: I am submitting on their behalf")),
            (WHO_ORGANISATION, _("An organisation or business I represent")),
        ]


def _commune_choices() -> list[tuple[str, str | Promise]]:
    units = units_valid_on().filter(kind__in=AdministrativeUnit.COMMUNE_LEVEL).order_by("name")
    return [("", _("— choose —")), *((u.code, u.name) for u in units)]


class ApplicantForm(SummaryForm):
    """The applicant's details, and the submitter's when acting for someone else."""

    who = forms.ChoiceField(choices=[(w, w) for w in WHO_CHOICES], widget=forms.HiddenInput)
    name = forms.CharField(label=_("Full name"), max_length=300)
    id_number = forms.CharField(
        label=_("Citizen ID (CCCD) number"),
        required=False,
        max_length=20,
        help_text=_("12 digits."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=20,
        help_text=_("The desk calls this number if something is missing."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "type": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("We send the receipt and every change of status to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    address_unit = forms.ChoiceField(
        label=_("Commune / ward"), required=False, choices=_commune_choices
    )
    address_street = forms.CharField(
        label=_("House number, street, hamlet"), required=False, max_length=300
    )
    submitter_name = forms.CharField(label=_("Your full name"), required=False, max_length=200)
    submitter_id_number = forms.CharField(
        label=_("Your citizen ID (CCCD) number"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    submitter_phone = forms.CharField(
        label=_("Your phone"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "type": "tel"}),
    )

    def __init__(self, *args: Any, who: str, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answer = who
        self.kind = kind
        self.fields["name"].error_messages["required"] = _("Enter the applicant's name.")
        if kind == ApplicantKind.ORGANISATION:
            self.fields["name"].label = _("Name of the organisation or business")
            self.fields["id_number"].label = _("Tax code")
            self.fields["id_number"].help_text = _("10 digits, or 13 with a branch suffix.")
        if who == WHO_SELF:
            for name in ("submitter_name", "submitter_id_number", "submitter_phone"):
                del self.fields[name]
        else:
            self.fields["submitter_name"].required = True
            self.fields["submitter_name"].error_messages["required"] = _(
                "Enter the name of the person submitting."
            )

    @property
    def on_behalf(self) -> bool:
        return self.answer != WHO_SELF

    def address_unit_object(self) -> AdministrativeUnit | None:
        code = self.cleaned_data.get("address_unit") or ""
        return units_valid_on().filter(code=code).first() if code else None


class DetailsForm(SummaryForm):
    request = forms.CharField(
        label=_("What do you request?"),
        max_length=MAX_REQUEST_LENGTH,
        help_text=_(
            "Say briefly what you ask the agency to do, and anything the officer should know."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Say what you request.")},
    )

    def __init__(self, *args: Any, specs: Sequence[FormFieldSpec] = (), **kwargs: Any) -> None:
        """``specs``: the procedure's own fields, asked first; the request box is then
        optional, for anything they do not cover."""
        super().__init__(*args, **kwargs)
        self.specs = list(specs)
        if self.specs:
            add_fields(self, self.specs)
            request = self.fields["request"]
            request.required = False
            request.label = _("Anything else you want to tell the agency? (optional)")
            request.help_text = ""

    def values(self) -> dict[str, str]:
        """What to save in the dossier's details: each field's value and the request."""
        return {
            **form_values(self, self.specs),
            REQUEST_KEY: self.cleaned_data.get("request", "").strip(),
        }


def component_field_name(component: Component) -> str:
    return f"component-{component.pk}"


class DocumentsForm(SummaryForm):
    """One optional file input per dossier component; each file is checked on its own."""

    def __init__(self, *args: Any, components: Iterable[Component], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.components = list(components)
        for component in self.components:
            self.fields[component_field_name(component)] = CheckedFileField(
                label=_("Choose a file for: %(name)s") % {"name": component.name},
                required=False,
            )

    def uploads(self) -> list[tuple[Component, UploadedFile[Any]]]:
        """The files that passed the checks, with their component."""
        chosen = []
        for component in self.components:
            value = self.cleaned_data.get(component_field_name(component))
            if isinstance(value, UploadedFile):
                chosen.append((component, value))
        return chosen


class DeliveryForm(SummaryForm):
    delivery = forms.ChoiceField(
        label=_("How do you want to receive the result?"),
        widget=_radio(),
        error_messages={"required": _("Choose how to receive the result.")},
    )
    delivery_address = forms.CharField(
        label=_("Address to post the result to"),
        required=False,
        max_length=400,
        help_text=_("Only if you chose to receive the result by post."),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )

    def __init__(self, *args: Any, electronic: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(Delivery.DESK.value, _("At the one-stop desk"))]
        if electronic:
            choices.append((Delivery.ONLINE.value, _("Online: download it from “My dossiers”")))
        choices.append((Delivery.POST.value, _("By post, to an address I give")))
        cast(forms.ChoiceField, self.fields["delivery"]).choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("delivery") == Delivery.POST and not data.get("delivery_address", "").strip():
            self.add_error("delivery_address", _("Enter the address to post the result to."))
        return data


class DeclarationForm(SummaryForm):
    declaration = forms.BooleanField(
        label=_(
            "I declare that the information I gave is true and the documents I uploaded are "
            "genuine, and I take responsibility for them before the law."
        ),
        error_messages={"required": _("Confirm the declaration before submitting.")},
    )


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleCheckedFileField(CheckedFileField):
    """Several files in one input; every file is checked and every refusal is reported
    with the file's name."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        files = list(data) if isinstance(data, list | tuple) else ([data] if data else [])
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        cleaned: list[UploadedFile[Any]] = []
        problems: list[str] = []
        for item in files:
            original = getattr(item, "name", "")
            try:
                cleaned.append(super().clean(item, initial))
            except ValidationError as error:
                problems.extend(f"{original}: {message}" for message in error.messages)
        if problems:
            raise ValidationError(problems)
        return cleaned


class SupplementForm(SummaryForm):
    """What the applicant brings: a file per missing document (at reception), other files,
    and a note."""

    other_files = MultipleCheckedFileField(label=_("Documents"), required=False)
    note = forms.CharField(
        label=_("Message to the officer"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, components: Iterable[Component] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.components = list(components)
        for component in self.components:
            self.fields[component_field_name(component)] = CheckedFileField(
                label=component.name, required=False
            )
        if self.components:
            self.fields["other_files"].label = _("Other documents")
        self.order_fields([component_field_name(c) for c in self.components])

    def component_uploads(self) -> list[tuple[UploadedFile[Any], Component | None]]:
        chosen: list[tuple[UploadedFile[Any], Component | None]] = []
        for component in self.components:
            value = self.cleaned_data.get(component_field_name(component))
            if isinstance(value, UploadedFile):
                chosen.append((value, component))
        chosen.extend((item, None) for item in self.cleaned_data.get("other_files") or [])
        return chosen

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not self.component_uploads() and not data.get("note", "").strip():
            self.add_error(
                "other_files", _("Attach the documents asked for, or explain what you bring.")
            )
        return data


class StopForm(SummaryForm):
    reason = forms.CharField(
        label=_("Why do you want to stop the processing of this dossier?"),
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give the reason for stopping.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


RATING_CHOICES = [
    ("5", _("5 – Very satisfied")),
    ("4", _("4 – Satisfied")),
    ("3", _("3 – Neither satisfied nor dissatisfied")),
    ("2", _("2 – Dissatisfied")),
    ("1", _("1 – Very dissatisfied")),
]


class RatingForm(SummaryForm):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with how your dossier was handled?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=_radio(),
        error_messages={"required": _("Choose a rating from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class LookupForm(SummaryForm):
    code = forms.CharField(
        label=_("Dossier code"),
        max_length=MAX_CODE_LENGTH,
        help_text=_("It is printed on your receipt, for example 000.00.01.H99-260105-0001."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter the dossier code.")},
    )
    secret = forms.RegexField(
        label=_("Last 4 digits of the applicant's phone or ID number"),
        regex=r"^\d{4}$",
        max_length=4,
        help_text=_("The phone or ID (CCCD) number given in the dossier."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": _("Enter the last 4 digits."),
            "invalid": _("Enter exactly 4 digits."),
        },
    )
