"""The procedure's own fields on a dossier (``ProcedureVersion.form_fields``): the check the
wizard, the desk and the submission service share, the form fields that ask for them, and
how their values read back.

Values live in ``Dossier.details`` under each field's key: text as typed, dates as
``YYYY-MM-DD``, numbers as decimal text ("500000000", "120.5"), a choice as the choice's
text. ``details["request"]`` is the free-text request box every dossier has.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from egov.catalog.models import FormFieldType, ProcedureVersion
from egov.catalog.rules import FormFieldSpec, form_fields_from_data

REQUEST_KEY = "request"
ERROR_PREFIX = "details."  # a service refusal names a field as "details.<key>"
MAX_TEXT = 300
MAX_TEXTAREA = 4000
MAX_DIGITS = 18
RADIO_LIMIT = 6  # more choices than this: a drop-down instead of radio buttons
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
# "500.000.000" or "1.250,5": dots between thousands, a comma before decimals (Vietnamese).
_GROUPED = re.compile(r"\d{1,3}(\.\d{3})+(,\d+)?")


class BadValue(ValueError):
    """A value refused for a field; the message is translated and names the field."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = str(message)


def definitions(version: ProcedureVersion) -> list[FormFieldSpec]:
    """The version's fields (the catalogue validates them on the way in)."""
    return form_fields_from_data(version.form_fields)[0]


def _date(raw: object) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = str(raw).strip()
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
    return None


def _number(raw: object) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    text = str(raw).strip().replace(" ", "").replace("\u00a0", "")
    if _GROUPED.fullmatch(text):
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def clean_value(spec: FormFieldSpec, raw: object) -> str:
    """The value as stored, "" when empty (emptiness is checked by ``value_errors``); raise
    ``BadValue`` when it does not fit the field's type."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return ""
    label = spec.label
    if spec.type == FormFieldType.DATE:
        day = _date(raw)
        if day is None:
            raise BadValue(
                _("“%(label)s”: enter a date as day/month/year, for example 25/12/2024.")
                % {"label": label}
            )
        return day.isoformat()
    if spec.type == FormFieldType.NUMBER:
        number = _number(raw)
        if number is None:
            raise BadValue(
                _("“%(label)s”: enter a number, for example 1500000.") % {"label": label}
            )
        if number < 0:
            raise BadValue(_("“%(label)s”: the number cannot be negative.") % {"label": label})
        shown = format(number.normalize(), "f")
        if len(shown.replace(".", "")) > MAX_DIGITS:
            raise BadValue(_("“%(label)s”: the number is too long.") % {"label": label})
        return shown
    if not isinstance(raw, str | int | Decimal) or isinstance(raw, bool):
        raise BadValue(_("“%(label)s”: enter text.") % {"label": label})
    value = str(raw).strip()
    if spec.type == FormFieldType.CHOICE:
        if value not in spec.choices:
            raise BadValue(_("“%(label)s”: choose one of the options given.") % {"label": label})
        return value
    limit = MAX_TEXTAREA if spec.type == FormFieldType.TEXTAREA else MAX_TEXT
    if len(value) > limit:
        raise BadValue(
            _("“%(label)s”: at most %(max)d characters (it has %(n)d).")
            % {"label": label, "max": limit, "n": len(value)}
        )
    return value


def _missing(spec: FormFieldSpec) -> str:
    if spec.type == FormFieldType.CHOICE:
        return str(_("Choose “%(label)s”.") % {"label": spec.label})
    return str(_("Enter “%(label)s”.") % {"label": spec.label})


def value_errors(
    specs: Sequence[FormFieldSpec], details: Mapping[str, Any] | None, *, require: bool = True
) -> dict[str, str]:
    """Every problem of the values in ``details``, keyed ``details.<key>``; with
    ``require``, a required field without a value is one."""
    details = details or {}
    errors: dict[str, str] = {}
    for spec in specs:
        try:
            value = clean_value(spec, details.get(spec.key))
        except BadValue as error:
            errors[ERROR_PREFIX + spec.key] = error.message
            continue
        if require and spec.required and not value:
            errors[ERROR_PREFIX + spec.key] = _missing(spec)
    return errors


def cleaned_details(
    specs: Sequence[FormFieldSpec], details: Mapping[str, Any], *, require: bool = False
) -> dict[str, Any]:
    """``details`` with each field's value in its stored form and empty ones left out;
    raise ``BadValues`` listing every refused value."""
    errors = value_errors(specs, details, require=require)
    if errors:
        raise BadValues(errors)
    cleaned = {str(k): v for k, v in details.items()}
    for spec in specs:
        value = clean_value(spec, details.get(spec.key))
        if value:
            cleaned[spec.key] = value
        else:
            cleaned.pop(spec.key, None)
    return cleaned


class BadValues(ValueError):
    """Several refused values, keyed ``details.<key>``."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


# --- reading back ---------------------------------------------------------------------------


def display_value(spec: FormFieldSpec, value: object) -> str:
    """A stored value as a Vietnamese reader expects it: 25/12/2024, 500.000.000, 120,5."""
    if value in (None, ""):
        return ""
    if spec.type == FormFieldType.DATE:
        day = _date(value)
        return day.strftime("%d/%m/%Y") if day else str(value)
    if spec.type == FormFieldType.NUMBER:
        number = _number(value)
        if number is None:
            return str(value)
        whole, _dot, fraction = format(number.normalize(), "f").partition(".")
        grouped = f"{int(whole):,}".replace(",", ".")
        return f"{grouped},{fraction}" if fraction else grouped
    return str(value)


@dataclass(frozen=True)
class Answer:
    key: str
    label: str
    value: str
    long: bool  # shown with its line breaks


def answers(version: ProcedureVersion, details: Mapping[str, Any] | None) -> list[Answer]:
    """The procedure's fields that have a value, in the catalogue's order."""
    details = details or {}
    shown = []
    for spec in definitions(version):
        value = display_value(spec, details.get(spec.key))
        if value:
            shown.append(Answer(spec.key, spec.label, value, spec.type == FormFieldType.TEXTAREA))
    return shown


# --- asking for them ------------------------------------------------------------------------


class ProcedureValueField(forms.Field):
    """One of the procedure's fields in a Django form: the same check as the service."""

    def __init__(self, spec: FormFieldSpec, *, required: bool | None = None, **kwargs: Any):
        self.spec = spec
        kwargs.setdefault("label", spec.label)
        kwargs.setdefault("help_text", _help(spec))
        kwargs.setdefault("widget", _widget(spec))
        super().__init__(required=spec.required if required is None else required, **kwargs)
        self.error_messages["required"] = _missing(spec)

    def to_python(self, value: Any) -> str:
        try:
            return clean_value(self.spec, value)
        except BadValue as error:
            raise ValidationError(error.message, code="invalid") from None

    def prepare_value(self, value: Any) -> Any:
        if self.spec.type == FormFieldType.DATE and value:
            day = _date(value)
            return day.strftime("%d/%m/%Y") if day else value
        return value


def _help(spec: FormFieldSpec) -> str:
    parts = [spec.help] if spec.help else []
    if spec.type == FormFieldType.DATE:
        parts.append(str(_("Day/month/year, for example 25/12/2024.")))
    return " ".join(parts)


def _widget(spec: FormFieldSpec) -> forms.Widget:
    if spec.type == FormFieldType.TEXTAREA:
        return forms.Textarea(attrs={"rows": 4})
    if spec.type == FormFieldType.DATE:
        return forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "input--date"}
        )
    if spec.type == FormFieldType.NUMBER:
        return forms.TextInput(attrs={"inputmode": "decimal", "class": "input--number"})
    if spec.type == FormFieldType.CHOICE:
        options = [(c, c) for c in spec.choices]
        if len(options) <= RADIO_LIMIT:
            return forms.RadioSelect(choices=options)
        return forms.Select(choices=[("", _("— choose —")), *options])
    return forms.TextInput()


def add_fields(
    form: forms.BaseForm,
    specs: Iterable[FormFieldSpec],
    *,
    optional: bool = False,
    prefix: str = "",
) -> None:
    """Add the procedure's fields to ``form``, named ``prefix`` + key, before its own
    fields; ``optional`` makes every one optional (the desk may leave them to the paper
    declaration form)."""
    added = {}
    for spec in specs:
        field = ProcedureValueField(spec, required=False if optional else None)
        if not field.required:
            field.label = _("%(label)s (optional)") % {"label": spec.label}
        added[prefix + spec.key] = field
    form.fields = {**added, **form.fields}


def form_values(
    form: forms.BaseForm, specs: Iterable[FormFieldSpec], *, prefix: str = ""
) -> dict[str, str]:
    """The cleaned values of the procedure's fields of a valid form, by key."""
    return {spec.key: form.cleaned_data.get(prefix + spec.key) or "" for spec in specs}


def initial_values(specs: Iterable[FormFieldSpec], details: Mapping[str, Any]) -> dict[str, Any]:
    return {
        spec.key: details[spec.key] for spec in specs if details.get(spec.key) not in (None, "")
    }
