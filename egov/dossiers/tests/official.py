"""Helpers of the officials' page tests: read the dossier page, post an action's form as a
browser would (with the version shown on the page)."""

from __future__ import annotations

import html
import re
from typing import Any

from egov.dossiers.models import Dossier


def page_url(dossier: Dossier) -> str:
    return f"/can-bo/ho-so/{dossier.public_id}/"


def action_url(dossier: Dossier, action: str, target: int | None = None) -> str:
    tail = f"{target}/" if target is not None else ""
    return f"{page_url(dossier)}thao-tac/{action}/{tail}"


def text(response: Any) -> str:
    """The page's main content as plain text (tags dropped, entities decoded)."""
    body = response.content.decode()
    main = body[body.index("<main") : body.index("</main>")] if "<main" in body else body
    main = re.sub(r"<[^>]+>", " ", main)
    return re.sub(r"\s+", " ", html.unescape(main)).strip()


def shown_version(response: Any, prefix: str) -> int:
    """The ``expected_version`` the page put in the form ``prefix``."""
    found = re.search(
        rf'name="{re.escape(prefix)}-expected_version" value="(\d+)"', response.content.decode()
    )
    assert found, f"no form {prefix} on the page"
    return int(found.group(1))


def act(
    client: Any,
    dossier: Dossier,
    action: str,
    data: dict[str, Any] | None = None,
    *,
    target: int | None = None,
    version: int | None = None,
) -> Any:
    """Post the form of ``action`` with the dossier's current version (or ``version``)."""
    prefix = f"{action}-{target}" if target is not None else action
    if version is None:
        version = Dossier.objects.get(pk=dossier.pk).version
    payload = {f"{prefix}-expected_version": version}
    payload.update({f"{prefix}-{key}": value for key, value in (data or {}).items()})
    return client.post(action_url(dossier, action, target), payload)


def fresh(dossier: Dossier) -> Dossier:
    return Dossier.objects.get(pk=dossier.pk)
