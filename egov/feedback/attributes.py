"""Extra questions a category asks (e.g. "pole number" for a broken streetlight).

The definition is stored as JSON in the shape of Open311 GeoReport v2 service definitions,
so ``services/<code>.xml`` can publish it as it is::

    [{"code": "pole", "datatype": "string", "required": true, "description": "Pole number",
      "order": 1, "values": []},
     {"code": "kind", "datatype": "singlevaluelist", "required": false, "description": "Kind",
      "order": 2, "values": [{"key": "led", "name": "LED"}, {"key": "sodium", "name": "..."}]}]

``open311_attributes`` turns a definition into the attributes ``services/<code>`` publishes;
``check_definition`` (run by ``Category.clean``, hence by the admin) refuses anything it could
not publish, so what an administrator saves is what partners read.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DATATYPES = frozenset({"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"})
LISTS = frozenset({"singlevaluelist", "multivaluelist"})
KEYS = frozenset(
    {
        "variable",
        "code",
        "datatype",
        "required",
        "description",
        "datatype_description",
        "order",
        "values",
    }
)
_CODE = re.compile(r"^[A-Za-z0-9_-]{1,50}$")
MAX_VALUE_LENGTH = 1000


def _invalid(message: Any, **params: Any) -> ValidationError:
    return ValidationError(message % params if params else message, code="invalid_definition")


def _check_item(item: Any, seen: set[str]) -> None:
    if not isinstance(item, dict):
        raise _invalid(_("Each extra question must be an object."))
    code = item.get("code")
    if not isinstance(code, str) or not _CODE.match(code) or code in seen:
        raise _invalid(_("Each extra question needs its own code (letters, digits, - and _)."))
    seen.add(code)
    unknown = sorted(set(item) - KEYS)
    if unknown:
        raise _invalid(
            _("Question %(code)s: unknown field %(field)s."), code=code, field=unknown[0]
        )
    if item.get("variable", True) is not True:
        raise _invalid(
            _("Question %(code)s: only questions (variable: true) are offered."), code=code
        )
    if item.get("datatype") not in DATATYPES:
        raise _invalid(_("Question %(code)s: unknown data type."), code=code)
    description = item.get("description", "")
    if not isinstance(description, str) or not description.strip():
        raise _invalid(_("Question %(code)s needs a description."), code=code)
    if not isinstance(item.get("datatype_description", ""), str):
        raise _invalid(_("Question %(code)s: the data type's description must be text."), code=code)
    if not isinstance(item.get("required", False), bool):
        raise _invalid(_("Question %(code)s: “required” must be true or false."), code=code)
    order = item.get("order", 0)
    if isinstance(order, bool) or not isinstance(order, int) or order < 0:
        raise _invalid(_("Question %(code)s: the order must be a whole number."), code=code)
    values = item.get("values", [])
    if item["datatype"] in LISTS and not _good_values(values):
        raise _invalid(
            _("Question %(code)s needs a list of values, each with its own key and a name."),
            code=code,
        )
    if item["datatype"] not in LISTS and values:
        raise _invalid(_("Question %(code)s: only lists of choices have values."), code=code)


def _good_values(values: Any) -> bool:
    """A non-empty list of ``{"key", "name"}`` objects, keys distinct."""
    if not isinstance(values, list) or not values:
        return False
    if not all(isinstance(v, dict) and set(v) <= {"key", "name"} for v in values):
        return False
    if not all(v.get("key") not in (None, "") and v.get("name") for v in values):
        return False
    keys = [str(v["key"]) for v in values]
    return len(set(keys)) == len(keys)


def check_definition(definition: Any) -> list[dict[str, Any]]:
    """The definition, checked and in its published order; raises ``ValidationError``."""
    if not isinstance(definition, list):
        raise _invalid(_("The extra questions must be a list."))
    seen: set[str] = set()
    for item in definition:
        _check_item(item, seen)
    return sorted(definition, key=lambda item: (item.get("order", 0), item["code"]))


def _attribute(item: dict[str, Any], position: int) -> dict[str, Any]:
    attribute: dict[str, Any] = {
        "variable": True,
        "code": item["code"],
        "datatype": item["datatype"],
        "required": bool(item.get("required")),
        "datatype_description": item.get("datatype_description", ""),
        "order": int(item.get("order") or position),
        "description": item["description"],
    }
    if item["datatype"] in LISTS:
        attribute["values"] = [
            {"key": str(value["key"]), "name": str(value["name"])}
            for value in item.get("values", [])
        ]
    return attribute


def open311_attributes(definition: Any) -> list[dict[str, Any]]:
    """The attributes of a GeoReport v2 service definition, fields in the specification's
    order (``services/<code>``); refuses, as ``check_definition``, what it cannot publish."""
    items = check_definition(definition)
    return [_attribute(item, n) for n, item in enumerate(items, start=1)]


def clean_values(definition: list[dict[str, Any]], answers: dict[str, Any]) -> dict[str, Any]:
    """The answers to keep for ``definition``: required ones present, values of the right
    type, list answers among the allowed keys. Unknown codes are dropped."""
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for item in definition:
        code = item["code"]
        raw = answers.get(code)
        empty = raw is None or raw == "" or raw == []
        if empty:
            if item.get("required"):
                errors[code] = str(
                    _("Answer the question “%(question)s”.") % {"question": item["description"]}
                )
            continue
        try:
            cleaned[code] = _value(item, raw)
        except ValueError:
            errors[code] = str(
                _("The answer to “%(question)s” is not valid.") % {"question": item["description"]}
            )
    if errors:
        from egov.core.errors import ValidationFailed

        raise ValidationFailed(
            _("Some answers are missing or not valid."), code="invalid_attributes", errors=errors
        )
    return cleaned


def _value(item: dict[str, Any], raw: Any) -> Any:
    datatype = item["datatype"]
    keys = {str(v["key"]) for v in item.get("values", [])}
    if datatype == "multivaluelist":
        chosen = [str(v) for v in (raw if isinstance(raw, list) else [raw])]
        if not set(chosen) <= keys:
            raise ValueError(raw)
        return chosen
    text = str(raw).strip()
    if len(text) > MAX_VALUE_LENGTH:
        raise ValueError(raw)
    if datatype == "singlevaluelist" and text not in keys:
        raise ValueError(raw)
    if datatype == "number":
        float(text)
    if datatype == "datetime":
        dt.datetime.fromisoformat(text)
    return text
