"""Dossier codes: ``<agency id>-YYMMDD-XXXX`` (Circular 01/2018 Art. 19, DOMAIN.md §4).

The daily number comes from one counter row per agency and day, incremented with an UPDATE:
the row lock makes concurrent receptions wait for each other, so no number is used twice;
the unique constraint on ``Dossier.code`` is the backstop.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from egov.core.errors import Conflict
from egov.orgs.models import Agency
from egov.workcalendar.deadlines import VN_TZ

from ..models import DossierCodeSequence

DAILY_LIMIT = 9999


def next_code(agency: Agency, moment: dt.datetime) -> str:
    """The next free code of ``agency`` for the (Vietnam) day of ``moment``."""
    day = moment.astimezone(VN_TZ).date()
    sequence, _created = DossierCodeSequence.objects.get_or_create(agency=agency, day=day)
    DossierCodeSequence.objects.filter(pk=sequence.pk).update(last=F("last") + 1)
    sequence.refresh_from_db(fields=["last"])
    if sequence.last > DAILY_LIMIT:
        raise Conflict(_("This agency has used every dossier number for today."))
    return f"{agency.code}-{day:%y%m%d}-{sequence.last:04d}"
