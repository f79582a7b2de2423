"""Rules every procedure version obeys, shared by the services, the import and the admin.

Each checker takes a raw value (typed, or as read from JSON/XLSX), returns it cleaned, or
raises ``Invalid`` with a translated message, so one rule gives one message everywhere.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from egov.orgs.models import Role

from .models import Component, Fee, FormFieldType, OnlineMode
from .templates import template_errors

HALF_DAY = Decimal("0.5")
MAX_DAYS = Decimal("9999.5")


class Invalid(Exception):
    """A value refused by a rule; the message is already translated."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = str(message)


def text(value: object, *, max_length: int, required: bool = True) -> str:
    if value is None:
        value = ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise Invalid(_("Expected text."))
    cleaned = value.strip()
    if required and not cleaned:
        raise Invalid(_("This value is required."))
    if len(cleaned) > max_length:
        raise Invalid(
            _("At most %(max)d characters (it has %(n)d).") % {"max": max_length, "n": len(cleaned)}
        )
    return cleaned


def days(value: object) -> Decimal:
    """Working days: zero or more, in half days (DOMAIN.md §2)."""
    if isinstance(value, bool) or value is None or value == "":
        raise Invalid(_("Enter a number of working days, e.g. 5 or 0.5."))
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise Invalid(_("Enter a number of working days, e.g. 5 or 0.5.")) from None
    if not number.is_finite() or number < 0 or number > MAX_DAYS:
        raise Invalid(_("Working days must be between 0 and 9999.5."))
    if number % HALF_DAY:
        raise Invalid(_("Working days are counted in half days (e.g. 0.5, 1, 1.5)."))
    return number.quantize(Decimal("0.1"))


def amount(value: object) -> int:
    """An amount in đồng: a whole number, zero or more."""
    if isinstance(value, bool):
        raise Invalid(_("Enter an amount in đồng, a whole number."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int):
        raise Invalid(_("Enter an amount in đồng, a whole number."))
    if value < 0:
        raise Invalid(_("An amount cannot be negative."))
    return value


def positive_int(value: object) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Invalid(_("Enter a whole number of at least 1."))
    return value


_TRUE = {"true", "1", "yes", "x", "có"}
_FALSE = {"false", "0", "no", "", "không"}


def boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().casefold() in _TRUE | _FALSE:
        return value.strip().casefold() in _TRUE
    raise Invalid(_("Enter true or false."))


def choice(value: object, choices: type[models.TextChoices]) -> str:
    if isinstance(value, str) and value.strip() in choices.values:
        return value.strip()
    raise Invalid(
        _("Unknown value %(value)s; expected one of: %(choices)s.")
        % {"value": repr(value), "choices": ", ".join(choices.values)}
    )


def date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Invalid(_("Enter a date as YYYY-MM-DD."))


def optional_date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    return date(value)


def optional_positive_int(value: object) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return positive_int(value)


def positions_contiguous(positions: Sequence[int | None]) -> None:
    """Given positions must be 1, 2, 3… in order; missing ones follow the list order."""
    given = [p for p in positions if p is not None]
    if given and given != list(range(1, len(positions) + 1)):
        raise Invalid(_("Positions must run 1, 2, 3… without gaps or repeats."))


def steps_sum(
    step_days: Iterable[Decimal],
    processing_days: Decimal,
    *,
    stages: Sequence[int | None] | None = None,
) -> None:
    """The steps' days add up to the processing time; steps sharing a stage run in parallel,
    so a stage counts for its longest step. ``stages`` gives each step's stage (None: a stage
    of its own); without it every step is its own stage."""
    days_list = list(step_days)
    keys = effective_stages(stages) if stages is not None else list(range(1, len(days_list) + 1))
    longest: dict[int, Decimal] = {}
    for key, value in zip(keys, days_list, strict=True):
        longest[key] = max(longest.get(key, Decimal(0)), value)
    total = sum(longest.values(), Decimal(0))
    if total == processing_days:
        return
    values = {"total": _days_text(total), "days": _days_text(processing_days)}
    if len(longest) < len(days_list):
        raise Invalid(
            _(
                "The process stages (the longest step of each parallel stage) add up to "
                "%(total)s working days but the processing time is %(days)s."
            )
            % values
        )
    raise Invalid(
        _("The process steps add up to %(total)s working days but the processing time is %(days)s.")
        % values
    )


def effective_stages(stages: Sequence[int | None]) -> list[int]:
    """Each step's stage: its own ``stage``, or its position (1, 2, 3…) when it has none."""
    return [stage if stage is not None else i for i, stage in enumerate(stages, start=1)]


def stages_ordered(stages: Sequence[int | None]) -> None:
    """Stages follow the steps' order, so parallel steps sit next to each other and the
    process reads top to bottom."""
    effective = effective_stages(stages)
    if any(later < earlier for earlier, later in itertools.pairwise(effective)):
        raise Invalid(
            _(
                "Stages must not go down from one step to the next (a step without a stage "
                "counts as its position); put parallel steps next to each other."
            )
        )


def step_agency_problems(steps: Sequence[StepSpec], known: Collection[str]) -> list[Problem]:
    """Steps naming another agency must name one that exists."""
    return [
        (
            f"steps[{i}].agency_code",
            str(_("Unknown agency %(code)s.") % {"code": s.agency_code}),
        )
        for i, s in enumerate(steps)
        if s.agency_code and s.agency_code not in known
    ]


def _days_text(value: Decimal) -> str:
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class ComponentSpec:
    name: str
    kind: str
    count: int = 1
    required: bool = True
    template_name: str = ""
    template_content: bytes | None = None
    position: int | None = None


@dataclass(frozen=True)
class FeeSpec:
    kind: str
    description: str
    amount: int
    exemptions: str = ""


@dataclass(frozen=True)
class StepSpec:
    name: str
    role: str
    days: Decimal
    department: str = ""
    position: int | None = None
    agency_code: str = ""
    stage: int | None = None


@dataclass(frozen=True)
class FormFieldSpec:
    """One field of the procedure's own form (stored in ``ProcedureVersion.form_fields``)."""

    key: str
    label: str
    type: str
    required: bool = True
    help: str = ""
    choices: Sequence[str] = ()

    def as_data(self) -> dict[str, Any]:
        """The field as stored and exported: every key, in a fixed order."""
        return {
            "key": self.key,
            "label": self.label,
            "help": self.help,
            "type": self.type,
            "required": self.required,
            "choices": list(self.choices),
        }


@dataclass(frozen=True)
class VersionSpec:
    """The content of one version, before it is written."""

    effective_from: dt.date
    name: str
    processing_days: Decimal
    online_mode: str
    result_type: str
    effective_until: dt.date | None = None
    description: str = ""
    conditions: str = ""
    legal_basis: str = ""
    competent_authority: str = ""
    electronic_result: bool = False
    components: Sequence[ComponentSpec] = field(default_factory=tuple)
    fees: Sequence[FeeSpec] = field(default_factory=tuple)
    steps: Sequence[StepSpec] = field(default_factory=tuple)
    form_fields: Sequence[FormFieldSpec] = field(default_factory=tuple)


Problem = tuple[str, str]  # (path inside the version, message)


def _text(max_length: int, *, required: bool = True) -> Callable[[object], str]:
    return partial(text, max_length=max_length, required=required)


def _check(
    problems: list[Problem], path: str, checker: Callable[..., object], *args: object
) -> None:
    try:
        checker(*args)
    except Invalid as error:
        problems.append((path, error.message))


def version_problems(spec: VersionSpec) -> list[Problem]:
    """Every rule a version breaks, with the path of the value concerned."""
    p: list[Problem] = []
    _check(p, "name", _text(500), spec.name)
    _check(p, "competent_authority", _text(300, required=False), spec.competent_authority)
    _check(p, "result_type", _text(300), spec.result_type)
    _check(p, "online_mode", choice, spec.online_mode, OnlineMode)
    _check(p, "processing_days", days, spec.processing_days)
    if spec.effective_until is not None and spec.effective_until <= spec.effective_from:
        p.append(("effective_until", str(_("The end date must be after the start date."))))
    for i, c in enumerate(spec.components):
        at = f"components[{i}]."
        _check(p, at + "name", _text(500), c.name)
        _check(p, at + "kind", choice, c.kind, Component.Kind)
        _check(p, at + "count", positive_int, c.count)
        if c.template_content is not None:
            p.extend(
                (at + "template", m) for m in template_errors(c.template_name, c.template_content)
            )
    _check(p, "components", positions_contiguous, [c.position for c in spec.components])
    for i, f in enumerate(spec.fees):
        at = f"fees[{i}]."
        _check(p, at + "kind", choice, f.kind, Fee.Kind)
        _check(p, at + "description", _text(500), f.description)
        _check(p, at + "amount", amount, f.amount)
    step_days_ok = True
    for i, s in enumerate(spec.steps):
        at = f"steps[{i}]."
        _check(p, at + "name", _text(300), s.name)
        _check(p, at + "role", choice, s.role, Role)
        _check(p, at + "department", _text(200, required=False), s.department)
        _check(p, at + "agency_code", _text(20, required=False), s.agency_code)
        _check(p, at + "stage", optional_positive_int, s.stage)
        before = len(p)
        _check(p, at + "days", days, s.days)
        step_days_ok = step_days_ok and len(p) == before
    _check(p, "steps", positions_contiguous, [s.position for s in spec.steps])
    p.extend(form_fields_problems(spec.form_fields))
    stages = [s.stage for s in spec.steps]
    stages_ok = all(st is None or (isinstance(st, int) and st >= 1) for st in stages)
    if stages_ok:
        _check(p, "steps", stages_ordered, stages)
    if step_days_ok and stages_ok:
        _check(
            p,
            "steps",
            partial(steps_sum, stages=stages),
            [s.days for s in spec.steps],
            spec.processing_days,
        )
    return p


@dataclass
class Span:
    """One version on the time line: ``key`` tells the caller which one it is."""

    key: object
    number: int
    effective_from: dt.date
    effective_until: dt.date | None


def timeline_problems(spans: list[Span]) -> list[tuple[Span, Span, str]]:
    """Sort the versions of one procedure by date, close each open version at the start of
    the next one (in place), and report overlaps and numbers out of date order."""
    problems: list[tuple[Span, Span, str]] = []
    spans.sort(key=lambda s: (s.effective_from, s.number))
    for before, after in itertools.pairwise(spans):
        if after.number < before.number:
            problems.append(
                (
                    after,
                    before,
                    str(
                        _(
                            "Version %(a)d starts after version %(b)d; "
                            "numbers must follow the dates."
                        )
                        % {"a": after.number, "b": before.number}
                    ),
                )
            )
        if before.effective_from == after.effective_from or (
            before.effective_until is not None and before.effective_until > after.effective_from
        ):
            problems.append(
                (
                    after,
                    before,
                    str(
                        _("Version %(a)d overlaps version %(b)d (in force until %(until)s).")
                        % {
                            "a": after.number,
                            "b": before.number,
                            "until": before.effective_until.strftime("%d/%m/%Y")
                            if before.effective_until
                            else _("further notice"),
                        }
                    ),
                )
            )
        elif before.effective_until is None:
            before.effective_until = after.effective_from
    return problems


# The procedure's own form (docs/catalog-format.md, "form_fields").
MAX_FORM_FIELDS = 50
RESERVED_FIELD_KEYS = frozenset({"request"})  # the free-text request box of every dossier
_FIELD_KEY = re.compile(r"[a-z][a-z0-9_]*")
# Choices are written in one XLSX cell, separated by semicolons (or one per line).
_CHOICE_SEPARATOR = re.compile(r"[;\n]")


def form_field_key(value: object) -> str:
    key = text(value, max_length=50)
    if not _FIELD_KEY.fullmatch(key):
        raise Invalid(
            _(
                "A field key starts with a letter a-z and contains only letters a-z, digits "
                "and underscores (e.g. ho_ten_tre)."
            )
        )
    if key in RESERVED_FIELD_KEYS:
        raise Invalid(_("The key %(key)s is reserved; choose another.") % {"key": key})
    return key


def form_field_choices(value: object) -> tuple[str, ...]:
    """A list of choices, or one text with the choices separated by semicolons or lines."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        value = [part for part in _CHOICE_SEPARATOR.split(value) if part.strip()]
    if not isinstance(value, list | tuple):
        raise Invalid(_("Expected a list of choices."))
    choices: list[str] = []
    for item in value:
        cleaned = text(item, max_length=200)
        if _CHOICE_SEPARATOR.search(cleaned):
            raise Invalid(_("A choice may not contain a semicolon or a line break."))
        if cleaned in choices:
            raise Invalid(_("The choice %(choice)s appears twice.") % {"choice": cleaned})
        choices.append(cleaned)
    return tuple(choices)


def form_fields_problems(fields: Sequence[FormFieldSpec]) -> list[Problem]:
    """Every rule the procedure's own fields break, each with its path."""
    p: list[Problem] = []
    if len(fields) > MAX_FORM_FIELDS:
        p.append(
            (
                "form_fields",
                str(
                    _("At most %(max)d fields (there are %(n)d).")
                    % {"max": MAX_FORM_FIELDS, "n": len(fields)}
                ),
            )
        )
    seen: set[str] = set()
    for i, f in enumerate(fields):
        at = f"form_fields[{i}]."
        _check(p, at + "key", form_field_key, f.key)
        _check(p, at + "label", _text(200), f.label)
        _check(p, at + "help", _text(500, required=False), f.help)
        _check(p, at + "type", choice, f.type, FormFieldType)
        _check(p, at + "required", boolean, f.required)
        if f.key in seen:
            p.append((at + "key", str(_("The key %(key)s appears twice.") % {"key": f.key})))
        seen.add(f.key)
        before = len(p)
        _check(p, at + "choices", form_field_choices, list(f.choices))
        if len(p) > before:
            continue
        if f.type == FormFieldType.CHOICE and len(f.choices) < 2:
            p.append((at + "choices", str(_("A choice field needs at least two choices."))))
        elif f.type != FormFieldType.CHOICE and f.choices:
            p.append((at + "choices", str(_("Only a choice field has choices."))))
    return p


def form_fields_from_data(data: object) -> tuple[list[FormFieldSpec], list[Problem]]:
    """Read stored or imported field definitions: the fields, and every problem found."""
    if data in (None, ""):
        return [], []
    if not isinstance(data, list):
        return [], [("form_fields", str(_("Expected a list.")))]
    fields: list[FormFieldSpec] = []
    problems: list[Problem] = []
    for i, item in enumerate(data):
        at = f"form_fields[{i}]"
        if not isinstance(item, dict):
            problems.append((at, str(_("Expected an object."))))
            continue
        values: dict[str, Any] = {}
        for key, (check, default) in FORM_FIELD_CHECKS.items():
            try:
                values[key] = check(item.get(key, default))
            except Invalid as error:
                problems.append((f"{at}.{key}", error.message))
        if len(values) == len(FORM_FIELD_CHECKS):
            fields.append(FormFieldSpec(**values))
    if not problems:
        problems = form_fields_problems(fields)
    return (fields if not problems else []), problems


# Checks of each key of the import format (docs/catalog-format.md).
def slug(value: Any) -> str:
    code = text(value, max_length=50)
    try:
        validate_slug(code)
    except ValidationError:
        raise Invalid(
            _("A code may contain only letters, digits, hyphens and underscores.")
        ) from None
    return code


def optional_text(max_length: int) -> Callable[[Any], str]:
    return lambda v: text(v, max_length=max_length, required=False)


VERSION_CHECKS: dict[str, Callable[[Any], Any]] = {
    "effective_from": date,
    "effective_until": optional_date,
    "name": lambda v: text(v, max_length=500),
    "description": optional_text(100_000),
    "conditions": optional_text(100_000),
    "legal_basis": optional_text(100_000),
    "competent_authority": optional_text(300),
    "processing_days": days,
    "online_mode": lambda v: choice(v, OnlineMode),
    "result_type": lambda v: text(v, max_length=300),
    "electronic_result": boolean,
}
COMPONENT_CHECKS: dict[str, tuple[Callable[[Any], Any], Any]] = {
    "name": (lambda v: text(v, max_length=500), None),
    "kind": (lambda v: choice(v, Component.Kind), None),
    "count": (positive_int, 1),
    "required": (boolean, True),
}
FEE_CHECKS: dict[str, Callable[[Any], Any]] = {
    "kind": lambda v: choice(v, Fee.Kind),
    "description": lambda v: text(v, max_length=500),
    "amount": amount,
    "exemptions": optional_text(100_000),
}
FORM_FIELD_CHECKS: dict[str, tuple[Callable[[Any], Any], Any]] = {
    "key": (form_field_key, None),
    "label": (lambda v: text(v, max_length=200), None),
    "help": (optional_text(500), ""),
    "type": (lambda v: choice(v, FormFieldType), None),
    "required": (boolean, True),
    "choices": (form_field_choices, None),
}
STEP_CHECKS: dict[str, Callable[[Any], Any]] = {
    "name": lambda v: text(v, max_length=300),
    "role": lambda v: choice(v, Role),
    "department": optional_text(200),
    "days": days,
    "agency_code": optional_text(20),
    "stage": optional_positive_int,
}
