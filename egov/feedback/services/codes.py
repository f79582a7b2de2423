"""Report codes: ``PA-YYMMDD-XXXX`` (phản ánh, the Vietnam day of reception, a daily number).

The number comes from one counter row per day, incremented with an UPDATE: the row lock
makes concurrent submissions wait for each other; the unique code is the backstop.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from egov.core.errors import Conflict
from egov.workcalendar.deadlines import VN_TZ

from ..models import ReportCodeSequence

PREFIX = "PA"
DAILY_LIMIT = 9999


def next_code(moment: dt.datetime) -> str:
    day = moment.astimezone(VN_TZ).date()
    sequence, _created = ReportCodeSequence.objects.get_or_create(day=day)
    ReportCodeSequence.objects.filter(pk=sequence.pk).update(last=F("last") + 1)
    sequence.refresh_from_db(fields=["last"])
    if sequence.last > DAILY_LIMIT:
        raise Conflict(_("Every report number for today has been used; try again tomorrow."))
    return f"{PREFIX}-{day:%y%m%d}-{sequence.last:04d}"
