"""Forms of the feedback pages: they type-check input; the services decide the rules.

Every form lists its errors for the error summary at the top of the page, each linked to
its field, and takes a service's refusal onto the fields it names.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from egov.core.errors import ApplicationError
from egov.orgs.models import AdministrativeUnit, Agency
from egov.orgs.selectors import units_valid_on

from .attributes import LISTS
from .lifecycle import Resolution
from .models import Category, Channel, Report, ReportFile
from .photos import MAX_PHOTOS
from .selectors import PublicGroup

MAX_NOTE = 2000


class SummaryForm(forms.Form):
    """A form that lists its errors for the error summary and accepts service refusals."""

    anchor_prefix = ""

    def error_links(self) -> list[tuple[str, str]]:
        links: list[tuple[str, str]] = []
        for message in self.non_field_errors():
            links.append((self.anchor_prefix + "form", str(message)))
        for name, field in self.fields.items():
            if name not in self.errors or isinstance(field.widget, forms.HiddenInput):
                continue
            bound = self[name]
            anchor = bound.auto_id or name
            if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                anchor = f"{anchor}_0"
            for message in self.errors[name]:
                links.append((anchor, str(message)))
        for name, field in self.fields.items():
            if name in self.errors and isinstance(field.widget, forms.HiddenInput):
                links.extend(
                    (self.anchor_prefix + "form", str(message)) for message in self.errors[name]
                )
        return links

    def refuse(self, error: ApplicationError, *, rename: dict[str, str] | None = None) -> None:
        """Show a refusal next to the fields it names (``extra["errors"]``), else above."""
        renamed = rename or {}
        placed = False
        for key, message in (error.extra.get("errors") or {}).items():
            name = renamed.get(key, key)
            text = str(message) or str(error.message)
            if name in self.fields and not self.has_error(name):
                self.add_error(name, text)
            else:
                self.add_error(None, text)
            placed = True
        if not placed:
            self.add_error(None, str(error.message))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the services check each one by content."""

    def __init__(self, *, max_files: int, **kwargs: Any) -> None:
        self.max_files = max_files
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[Any]]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > self.max_files:
            raise forms.ValidationError(
                _("Send at most %(n)d files.") % {"n": self.max_files}, code="too_many"
            )
        return [cast(UploadedFile[Any], super(MultipleFileField, self).clean(f)) for f in files]


def commune_choices(empty: Any = None) -> list[tuple[str, Any]]:
    units = units_valid_on().filter(kind__in=AdministrativeUnit.COMMUNE_LEVEL).order_by("name")
    return [("", empty or _("— choose —")), *((u.code, u.name) for u in units)]


def _unit(code: str) -> AdministrativeUnit | None:
    if not code:
        return None
    return units_valid_on().filter(code=code, kind__in=AdministrativeUnit.COMMUNE_LEVEL).first()


class ReportForm(SummaryForm):
    """A report: what, where (optional), photos, who, publication. The category is chosen
    before (it decides the extra questions)."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("In a few words, e.g. “Streetlight out on Lê Lợi street”."),
        error_messages={"required": _("Give your report a short title.")},
    )
    description = forms.CharField(
        label=_("What is the matter?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("Say what happened, where and since when. Do not write personal data here."),
        error_messages={"required": _("Describe the matter you are reporting.")},
    )
    address = forms.CharField(label=_("Address or place"), max_length=300, required=False)
    unit = forms.ChoiceField(label=_("Commune or ward"), required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        help_text=_("Optional, e.g. 21.028511: copy it from your phone's map."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        help_text=_("Optional, e.g. 105.804817."),
    )
    photos = MultipleFileField(
        label=_("Photos (up to 5, JPEG or PNG)"),
        max_files=MAX_PHOTOS,
        help_text=_("Location data and other hidden data are removed from photos."),
    )
    is_anonymous = forms.BooleanField(
        label=_("Send anonymously (your name is not given to the agency)"), required=False
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    contact_phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("Email"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    may_publish = forms.BooleanField(
        label=_("The report and its answer may be published (without your name and contact)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, category: Category, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.category = category
        # The service checks what is required, so that every problem is listed at once.
        for name in ("title", "description"):
            self.fields[name].required = False
            self.fields[name].mandatory = True  # type: ignore[attr-defined]
        cast(forms.ChoiceField, self.fields["unit"]).choices = commune_choices()
        self.fields["photos"].widget.attrs["accept"] = ".jpg,.jpeg,.png"
        for item in category.attributes or []:
            name = f"attribute_{item['code']}"
            label = item["description"]
            if item["datatype"] in LISTS:
                choices = [(str(v["key"]), v["name"]) for v in item.get("values", [])]
                if item["datatype"] == "multivaluelist":
                    self.fields[name] = forms.MultipleChoiceField(
                        label=label,
                        choices=choices,
                        required=False,
                        widget=forms.CheckboxSelectMultiple,
                    )
                else:
                    self.fields[name] = forms.ChoiceField(
                        label=label, choices=[("", _("— choose —")), *choices], required=False
                    )
            else:
                widget = forms.Textarea(attrs={"rows": 3}) if item["datatype"] == "text" else None
                self.fields[name] = forms.CharField(
                    label=label, required=False, max_length=1000, widget=widget
                )
        # The fields in reading order: what, extra questions, where, photos, who.
        order = ["title", "description"]
        order += [f"attribute_{item['code']}" for item in category.attributes or []]
        self.order_fields(order)

    @property
    def attribute_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("attribute_")]

    def attribute_answers(self) -> dict[str, Any]:
        return {
            name.removeprefix("attribute_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("attribute_")
        }

    def report_input(self) -> Any:
        from .services import ReportInput

        data = self.cleaned_data
        return ReportInput(
            category=self.category,
            title=data["title"],
            description=data["description"],
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            address=data.get("address", ""),
            unit=_unit(data.get("unit", "")),
            is_anonymous=data.get("is_anonymous", False),
            contact_name=data.get("contact_name", ""),
            contact_phone=data.get("contact_phone", ""),
            contact_email=data.get("contact_email", ""),
            may_publish=data.get("may_publish", False),
            attributes=self.attribute_answers(),
            photos=data.get("photos") or [],
        )


class RegisterForm(ReportForm):
    """An official registers a report received by phone, in person or in writing."""

    channel = forms.ChoiceField(
        label=_("Received"),
        choices=[(c.value, c.label) for c in (Channel.HOTLINE, Channel.IN_PERSON, Channel.WRITTEN)],
        initial=Channel.HOTLINE,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["may_publish"].label = _(
            "The caller agrees that the report and its answer are published"
        )
        self.fields["may_publish"].initial = False
        self.fields["is_anonymous"].label = _("The caller does not give their name")
        self.fields["contact_name"].label = _("Caller's name")
        self.fields["description"].help_text = _("What the caller says, in their words.")
        self.order_fields(["channel"])


class PublicFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    category = forms.ChoiceField(label=_("Category"), required=False)
    unit = forms.ChoiceField(label=_("Commune or ward"), required=False)
    group = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *PublicGroup.labels.items()],
    )

    def __init__(self, *args: Any, categories: QuerySet[Category], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = [
            ("", _("All")),
            *((c.code, c.name) for c in categories),
        ]
        cast(forms.ChoiceField, self.fields["unit"]).choices = commune_choices(_("All"))


# --- the reporter ---------------------------------------------------------------------------


class RateForm(SummaryForm):
    anchor_prefix = "rate-"
    satisfied = forms.TypedChoiceField(
        label=_("Are you satisfied with the answer?"),
        choices=[("yes", _("Yes, satisfied")), ("no", _("No, not satisfied"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether you are satisfied with the answer.")},
    )
    comment = forms.CharField(
        label=_("Your comment"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReopenForm(SummaryForm):
    anchor_prefix = "reopen-"
    reason = forms.CharField(
        label=_("What is still wrong?"),
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Say what is still wrong, so that the agency can act on it.")
        },
    )


# --- officials' actions ---------------------------------------------------------------------


class ActionForm(SummaryForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _note(label: Any = None, *, required: bool = False, message: Any = None) -> forms.CharField:
    errors = {"required": message} if message else {}
    return forms.CharField(
        label=label or _("Note"),
        required=required,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=errors,
    )


class RejectForm(ActionForm):
    reason = _note(
        _("Reason for not accepting"),
        required=True,
        message=_("Give the reason for not accepting the report."),
    )


class HandleForm(ActionForm):
    note = _note()


class ForwardForm(ActionForm):
    agency = forms.ModelChoiceField(
        label=_("Competent agency"),
        queryset=Agency.objects.none(),
        error_messages={"required": _("Choose the competent agency.")},
    )
    note = _note()

    def __init__(self, *args: Any, suggested: Agency | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[Agency]", self.fields["agency"])
        field.queryset = Agency.objects.filter(is_active=True).order_by("name")
        if suggested is not None:
            field.initial = suggested.pk
            field.help_text = _("Proposed from the category and the commune: %(agency)s.") % {
                "agency": suggested.name
            }


class TransferForm(ActionForm):
    recipient = forms.CharField(
        label=_("Sent to (body outside the government)"),
        max_length=300,
        error_messages={"required": _("Say to which body the report is sent.")},
    )
    note = _note()


class SendBackForm(ActionForm):
    reason = _note(
        _("Why is your agency not competent?"),
        required=True,
        message=_("Say why your agency is not competent for this report."),
    )


class MergeForm(ActionForm):
    into = forms.CharField(
        label=_("Code of the report it duplicates"),
        max_length=20,
        error_messages={"required": _("Give the code of the report it duplicates.")},
    )
    note = _note()

    def clean_into(self) -> str:
        return str(self.cleaned_data["into"]).strip().upper()


class ModerateForm(ActionForm):
    publish = forms.BooleanField(label=_("Publish on the public pages"), required=False)
    public_title = forms.CharField(
        label=_("Published title (leave empty to keep the reporter's)"),
        max_length=200,
        required=False,
    )
    public_description = forms.CharField(
        label=_("Published description (leave empty to keep the reporter's)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Remove names, phone numbers, ID numbers and abusive words."),
    )
    location_hidden = forms.BooleanField(label=_("Do not publish the location"), required=False)
    hidden_photos = forms.TypedMultipleChoiceField(
        label=_("Photos not to publish"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, report: Report, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        photos = report.files.filter(kind=ReportFile.Kind.PHOTO)
        field = cast(forms.TypedMultipleChoiceField, self.fields["hidden_photos"])
        field.choices = [(p.pk, p.name) for p in photos]
        if not field.choices:
            del self.fields["hidden_photos"]


class AnswerForm(ActionForm):
    answer = forms.CharField(
        label=_("Answer to the reporter (published with the report)"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write the answer to the reporter.")},
    )
    resolution = forms.ChoiceField(
        label=_("Outcome"),
        choices=Resolution.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the matter was resolved.")},
    )
    reason = _note(_("Reason, when the matter is not resolved"))
    attachments = MultipleFileField(
        label=_("Documents (PDF, DOCX, JPEG or PNG; up to 5)"), max_files=MAX_PHOTOS
    )


class CloseForm(ActionForm):
    note = _note()
