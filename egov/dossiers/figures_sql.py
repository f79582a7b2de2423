"""The counts of ``figures.dossier_figures`` written as one SQL query by hand.

Only the benchmark uses it, as the baseline the ORM version is measured against (issue 3:
"the same figures computed by one hand-written SQL query"); tests keep the two equal. It
returns every counter except ``processing_days``, which needs the working-day calendar.
With ``desk_ids`` it counts only the dossiers received at those desks (the "received at"
dimension), still per handling agency.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.db import connection

from .figures import Counts, Period
from .figures_query import overdue_from
from .lifecycle import Status
from .models import Channel, DossierFile

_LOCAL_DATE = {
    "postgresql": "(({} AT TIME ZONE 'Asia/Ho_Chi_Minh'))::date",
    # Vietnam has kept UTC+7 without daylight saving since 1975.
    "sqlite": "date({}, '+7 hours')",
}

_QUERY = """
WITH d AS (
    SELECT id, handling_agency_id, procedure_version_id, channel, status, rating,
        received_at >= %(start)s AND received_at < %(end)s AS rec,
        finished_at >= %(start)s AND finished_at < %(end)s AS fin,
        closed_at >= %(start)s AND closed_at < %(end)s
            AND status IN (%(reception_refused)s, %(refused)s, %(stopped)s) AS clo,
        rated_at >= %(start)s AND rated_at < %(end)s AND rating IS NOT NULL AS rat,
        received_at < %(cutoff)s
            AND (finished_at IS NULL OR finished_at >= %(cutoff)s)
            AND (closed_at IS NULL OR closed_at >= %(cutoff)s) AS opn,
        paused_at IS NOT NULL AND paused_at < %(cutoff)s AS wai,
        COALESCE(original_due_at, due_at) AS deadline,
        {finished_day} AS fday,
        {due_day} AS dday
    FROM dossiers_dossier
    WHERE {desks} AND ((received_at >= %(start)s AND received_at < %(end)s)
        OR (finished_at >= %(start)s AND finished_at < %(end)s)
        OR (closed_at >= %(start)s AND closed_at < %(end)s
            AND status IN (%(reception_refused)s, %(refused)s, %(stopped)s))
        OR (rated_at >= %(start)s AND rated_at < %(end)s AND rating IS NOT NULL)
        OR (received_at < %(cutoff)s
            AND (finished_at IS NULL OR finished_at >= %(cutoff)s)
            AND (closed_at IS NULL OR closed_at >= %(cutoff)s)))
)
SELECT d.handling_agency_id, {procedure},
    COUNT(*) FILTER (WHERE rec),
    COUNT(*) FILTER (WHERE rec AND channel = %(in_person)s),
    COUNT(*) FILTER (WHERE rec AND channel = %(online)s),
    COUNT(*) FILTER (WHERE rec AND channel = %(postal)s),
    COUNT(*) FILTER (WHERE rec AND (channel = %(online)s OR EXISTS (
        SELECT 1 FROM dossiers_dossierfile f
        WHERE f.dossier_id = d.id AND f.kind = %(component)s AND f.digitised AND NOT f.removed
    ))),
    COUNT(*) FILTER (WHERE fin AND fday < dday),
    COUNT(*) FILTER (WHERE fin AND fday = dday),
    COUNT(*) FILTER (WHERE fin AND fday > dday),
    COUNT(*) FILTER (WHERE clo AND status = %(reception_refused)s),
    COUNT(*) FILTER (WHERE clo AND status = %(refused)s),
    COUNT(*) FILTER (WHERE clo AND status = %(stopped)s),
    COUNT(*) FILTER (WHERE opn AND NOT wai AND deadline >= %(overdue_from)s),
    COUNT(*) FILTER (WHERE opn AND NOT wai AND deadline < %(overdue_from)s),
    COUNT(*) FILTER (WHERE opn AND wai),
    COALESCE(SUM(rating) FILTER (WHERE rat), 0),
    COUNT(*) FILTER (WHERE rat)
FROM d {join}
GROUP BY d.handling_agency_id{group}
"""
_PER_PROCEDURE = {
    "procedure": "v.procedure_id",
    "join": "JOIN catalog_procedureversion v ON v.id = d.procedure_version_id",
    "group": ", v.procedure_id",
}
_PER_AGENCY = {"procedure": "NULL", "join": "", "group": ""}

_COLUMNS = (
    "received",
    "received_in_person",
    "received_online",
    "received_postal",
    "digitised",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "refused_reception",
    "refused_after_appraisal",
    "stopped",
    "in_process_on_time",
    "in_process_overdue",
    "waiting_supplement",
    "rating_total",
    "rating_count",
)


def counts_sql(
    *,
    period: Period,
    cutoff: dt.datetime,
    per_procedure: bool = True,
    desk_ids: Collection[int] | None = None,
) -> dict[tuple[int, int | None], Counts]:
    """(agency id, procedure id or None) -> counts for every agency, in one query; of the
    dossiers received at ``desk_ids`` only, if given."""
    local_date = _LOCAL_DATE[connection.vendor]
    desks = sorted(desk_ids) if desk_ids is not None else None
    if desks is None:
        desk_filter = "TRUE"
    elif desks:
        marks = ", ".join(f"%(desk{n})s" for n in range(len(desks)))
        desk_filter = f"agency_id IN ({marks})"
    else:
        desk_filter = "FALSE"
    sql = _QUERY.format(
        finished_day=local_date.format("finished_at"),
        due_day=local_date.format("COALESCE(original_due_at, due_at)"),
        desks=desk_filter,
        **(_PER_PROCEDURE if per_procedure else _PER_AGENCY),
    )
    moments = {
        "start": period.start_at,
        "end": period.end_at,
        "cutoff": cutoff,
        "overdue_from": overdue_from(period, cutoff),
    }
    params: dict[str, Any] = {
        name: connection.ops.adapt_datetimefield_value(value) for name, value in moments.items()
    }
    params.update(
        in_person=Channel.IN_PERSON.value,
        online=Channel.ONLINE.value,
        postal=Channel.POSTAL.value,
        component=DossierFile.Kind.COMPONENT.value,
        reception_refused=Status.RECEPTION_REFUSED.value,
        refused=Status.REFUSED.value,
        stopped=Status.STOPPED.value,
    )
    params.update({f"desk{n}": desk for n, desk in enumerate(desks or ())})
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            (row[0], row[1]): Counts(**dict(zip(_COLUMNS, row[2:], strict=True)))
            for row in cursor.fetchall()
        }
