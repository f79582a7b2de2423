"""Extra questions a category asks (e.g. "pole number" for a broken streetlight).

The definition is stored as JSON in the shape of Open311 GeoReport v2 service definitions,
so ``services/<code>.xml`` can publish it as it is::

    [{"code": "pole", "datatype": "string", "required": true, "description": "Pole number",
      "order": 1, "values": []},
     {"code": "kind", "datatype": "singlevaluelist", "required": false, "description": "Kind",
      "order": 2, "values": [{"key": "led", "name": "LED"}, {"key": "sodium", "name": "..."}]}]
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DATATYPES = frozenset({"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"})
LISTS = frozenset({"singlevaluelist", "multivaluelist"})
_CODE = re.compile(r"^[A-Za-z0-9_-]{1,50}$")
MAX_VALUE_LENGTH = 1000


def check_definition(definition: Any) -> list[dict[str, Any]]:
    """The definition, checked; raises ``ValidationError`` (used by ``Category.clean``)."""
    if not isinstance(definition, list):
        raise ValidationError(_("The extra questions must be a list."))
    seen: set[str] = set()
    for item in definition:
        if not isinstance(item, dict):
            raise ValidationError(_("Each extra question must be an object."))
        code = item.get("code")
        if not isinstance(code, str) or not _CODE.match(code) or code in seen:
            raise ValidationError(
                _("Each extra question needs its own code (letters, digits, - and _).")
            )
        seen.add(code)
        if item.get("datatype") not in DATATYPES:
            raise ValidationError(_("Question %(code)s: unknown data type.") % {"code": code})
        if not isinstance(item.get("description", ""), str) or not item.get("description"):
            raise ValidationError(_("Question %(code)s needs a description.") % {"code": code})
        values = item.get("values", [])
        if item["datatype"] in LISTS and (
            not isinstance(values, list)
            or not values
            or not all(isinstance(v, dict) and v.get("key") and v.get("name") for v in values)
        ):
            raise ValidationError(
                _("Question %(code)s needs a list of values, each with a key and a name.")
                % {"code": code}
            )
    return sorted(definition, key=lambda item: (item.get("order", 0), item["code"]))


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
