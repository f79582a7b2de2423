"""The forms the desk issues (01 receipt … 05 stop notice), kept as files of the dossier.

Filled in once ``egov.printing`` renders them; until then nothing is produced.
"""

from __future__ import annotations

from typing import Any

from ..models import Dossier, DossierFile, Event


def issue(
    dossier: Dossier, form_code: str, *, event: Event, actor: Any, **extra: Any
) -> DossierFile | None:
    return None
