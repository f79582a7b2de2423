"""What a supplement request (form 02) asks for: each item with its own reason (DOMAIN.md
§4: ask once, completely, with reasons).

The desk and the handlers type one item per line, the reason after a dash or a colon
("Giấy chứng sinh – bản chụp mờ, cần bản chính"); a common reason covers the lines that
give none. The history keeps the items and, in the same order, their reasons."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from egov.core.errors import ValidationFailed

# The reason follows the first spaced dash ("a - b", "a – b", "a — b"), else the last colon.
_DASH = re.compile(r"\s+[-–—]\s+")
REASONS_REQUIRED = "supplement_reasons_required"


@dataclass(frozen=True)
class Item:
    what: str
    why: str


def split_line(line: str) -> tuple[str, str]:
    """``"what – why"`` as ``("what", "why")``; a line without a reason gives ``(line, "")``."""
    line = line.strip()
    dash = _DASH.search(line)
    if dash:
        return line[: dash.start()].strip(), line[dash.end() :].strip()
    what, colon, why = line.rpartition(":")
    if colon and what.strip() and why.strip():
        return what.strip(), why.strip()
    return line, ""


def items_with_reasons(
    items: Iterable[str | Sequence[str]],
    *,
    note: str = "",
    message: str,
    empty_code: str | None = None,
) -> list[Item]:
    """The items asked for, each with its reason: its own (a ``(what, why)`` pair), else the
    common ``note``. Refuses an empty list (``message``) and any item left without a
    reason: the applicant must learn why each paper is asked for."""
    common = (note or "").strip()
    cleaned: list[Item] = []
    for item in items:
        what, why = (item, "") if isinstance(item, str) else (item[0], item[1])
        what, why = (what or "").strip(), (why or "").strip()
        if what:
            cleaned.append(Item(what, why or common))
    if not cleaned:
        raise ValidationFailed(message, code=empty_code)
    missing = [item.what for item in cleaned if not item.why]
    if missing:
        raise ValidationFailed(
            _("Say why each item is asked for (missing for: %(items)s).")
            % {"items": "; ".join(missing)},
            code=REASONS_REQUIRED,
        )
    return cleaned


def as_data(items: Sequence[Item]) -> dict[str, list[str]]:
    """The history line's data: the items, and their reasons in the same order."""
    return {"items": [i.what for i in items], "item_reasons": [i.why for i in items]}


def lines(data: Mapping[str, Any]) -> list[str]:
    """The items of a history line as shown to people, each with its reason when it has
    one (lines written before reasons were kept have none)."""
    items = [str(i) for i in data.get("items") or []]
    reasons = [str(r) for r in data.get("item_reasons") or []]
    reasons += [""] * (len(items) - len(reasons))
    return [f"{what} – {why}" if why else what for what, why in zip(items, reasons, strict=False)]
