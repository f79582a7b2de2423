"""The hand-overs of a dossier, read from its history: the rows of form 06 (Phiếu kiểm soát
quá trình giải quyết hồ sơ, DOMAIN.md §4: one row per hand-over with the agency, the time,
giver and receiver, the result "trước hạn / đúng hạn / quá hạn" and notes).

The steps only hold their latest run (a step sent back and started again forgets its first
hand-over), so the history is replayed in order, as the services moved the steps: each
hand-over is judged against the due moment the handing step had at that time. The words
are those of the printed form, hence Vietnamese.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils import timezone

from egov.orgs.models import Agency, Role
from egov.printing import onestop as forms
from egov.printing.formats import short_datetime

from ..lifecycle import Action
from ..models import Consultation, Delivery, Dossier, Event, Step
from ._core import display_name, due_after

DESK = Role.DESK_OFFICER
_RETURNED_BY: dict[str, str] = {
    Delivery.DESK.value: "trả trực tiếp tại Bộ phận Một cửa",
    Delivery.ONLINE.value: "trả trực tuyến",
    Delivery.POST.value: "gửi qua bưu chính",
}


@dataclass(frozen=True)
class HandOver:
    """One row of form 06 and the history line it comes from."""

    event_id: int
    row: forms.ControlSlipRow


def timeliness(at: dt.datetime, due: dt.datetime | None) -> forms.Timeliness | None:
    """Late after the due moment; on time on the due day; early before it."""
    if due is None:
        return None
    if at > due:
        return forms.Timeliness.LATE
    same_day = timezone.localtime(at).date() == timezone.localtime(due).date()
    return forms.Timeliness.ON_TIME if same_day else forms.Timeliness.EARLY


def _short(agency: Agency) -> str:
    return agency.short_name or agency.name


def _agency_name(step: Step) -> str:
    return _short(step.agency)


def _label(step: Step) -> str:
    return f"{step.name} ({_agency_name(step)})"


def _who(step: Step) -> str:
    person = display_name(step.handler) or step.get_role_display()
    return f"{person} ({_agency_name(step)})"


def _giver(event: Event) -> str:
    agency = _short(event.agency) if event.agency else ""
    return f"{event.actor_name} ({agency})" if agency and event.actor_name else event.actor_name


class _Replay:
    """The steps' runs as the services moved them (``steps.start``/``finish``)."""

    def __init__(self, steps: Sequence[Step]) -> None:
        self.steps = list(steps)
        self.by_id = {s.pk: s for s in self.steps}
        self.started: dict[int, dt.datetime] = {}
        self.active: set[int] = set()
        self.done: set[int] = set()

    def start(self, step: Step, at: dt.datetime) -> None:
        self.started[step.pk] = at
        self.active.add(step.pk)
        self.done.discard(step.pk)

    def finish(self, step: Step) -> None:
        self.active.discard(step.pk)
        self.done.add(step.pk)

    def due(self, step: Step | None) -> dt.datetime | None:
        if step is None or step.pk not in self.started:
            return None
        return due_after(step.agency, self.started[step.pk], step.days)

    def stage(self, number: int) -> list[Step]:
        return [s for s in self.steps if s.stage == number]

    def next_stage(self, number: int) -> list[Step]:
        later = [s.stage for s in self.steps if s.stage > number]
        return self.stage(min(later)) if later else []

    def start_stage_after(self, number: int, at: dt.datetime) -> list[Step]:
        if any(s.pk not in self.done for s in self.stage(number)):
            return []
        started = self.next_stage(number)
        for step in started:
            self.start(step, at)
        return started

    def final_desk_step(self) -> Step | None:
        last = self.steps[-1] if self.steps else None
        return last if last is not None and last.role == DESK and len(self.steps) > 1 else None


def hand_overs(dossier: Dossier, events: Iterable[Event]) -> list[HandOver]:
    """Every hand-over of ``dossier`` in the order of its history (``events``: all of it,
    oldest first)."""
    steps = list(
        dossier.steps.select_related("agency", "department", "handler").order_by("position")
    )
    replay = _Replay(steps)
    consultations = {
        c.pk: c
        for c in Consultation.objects.filter(dossier=dossier).select_related(
            "agency", "requested_by", "step__agency"
        )
    }
    rows: list[HandOver] = []

    def add(
        event: Event,
        step: str,
        receiver: str,
        result: forms.Timeliness | None = None,
        notes: str = "",
    ) -> None:
        rows.append(
            HandOver(
                event.pk,
                forms.ControlSlipRow(
                    step=step,
                    handed_over_at=event.at,
                    giver=_giver(event),
                    receiver=receiver,
                    result=result,
                    notes=notes,
                ),
            )
        )

    def receivers(started: list[Step], after: Step) -> str:
        # A branch done before its parallel siblings hands over to the next stage all the same.
        return "; ".join(_who(s) for s in (started or replay.next_stage(after.stage)))

    for event in events:
        step = replay.by_id.get(event.step_id) if event.step_id else None
        action = event.action
        if action == Action.ACCEPT and steps:
            first = steps[0]
            for same in replay.stage(first.stage):
                replay.start(same, event.at)
            if first.role == DESK:
                due = replay.due(first)
                replay.finish(first)
                started = replay.start_stage_after(first.stage, event.at)
                add(event, _label(first), receivers(started, first), timeliness(event.at, due))
            else:
                add(event, "Tiếp nhận hồ sơ", "; ".join(_who(s) for s in replay.stage(first.stage)))
        elif action in (Action.FORWARD, Action.APPROVE) and step is not None:
            due = replay.due(step)
            replay.finish(step)
            started = replay.start_stage_after(step.stage, event.at)
            add(
                event, _label(step), receivers(started, step), timeliness(event.at, due), event.note
            )
        elif action == Action.SEND_BACK and step is not None:
            due = replay.due(step)
            for sibling in replay.stage(step.stage):
                replay.active.discard(sibling.pk)
                replay.done.discard(sibling.pk)
                replay.started.pop(sibling.pk, None)
            earlier = [s for s in steps if s.stage < step.stage and s.role != DESK]
            back = replay.stage(max(s.stage for s in earlier)) if earlier else []
            back = [s for s in back if s.role != DESK]
            for again in back:
                replay.start(again, event.at)
            add(
                event,
                _label(step),
                "; ".join(_who(s) for s in back),
                timeliness(event.at, due),
                f"Trả lại bước trước: {event.note}",
            )
        elif action == Action.CONSULT and step is not None:
            asked = consultations.get(event.data.get("consultation"))
            if asked is not None:
                add(
                    event,
                    _label(step),
                    _short(asked.agency),
                    None,
                    f"Xin ý kiến (hạn trả lời {short_datetime(asked.due_at)}): {asked.question}",
                )
        elif action == Action.ANSWER_CONSULTATION:
            asked = consultations.get(event.data.get("consultation"))
            if asked is not None:
                add(
                    event,
                    f"Trả lời xin ý kiến ({_short(asked.agency)})",
                    f"{display_name(asked.requested_by)} ({_agency_name(asked.step)})",
                    timeliness(event.at, asked.due_at),
                    event.note,
                )
        elif action == Action.SUPPLEMENT:
            # The processing time restarts from zero: the steps in progress start again.
            for pk in list(replay.active):
                replay.start(replay.by_id[pk], event.at)
        elif action == Action.ISSUE_RESULT:
            final = replay.final_desk_step()
            for pk in sorted(replay.active, key=lambda pk: replay.by_id[pk].position):
                open_step = replay.by_id[pk]
                if open_step is final:
                    continue
                due = replay.due(open_step)
                receiver = _who(final) if final else _agency_name(open_step)
                add(event, _label(open_step), receiver, timeliness(event.at, due), event.note)
            for other in steps:
                if other is not final:
                    replay.finish(other)
        elif action == Action.HAND_TO_DESK:
            final = replay.final_desk_step()
            if final is not None and final.pk not in replay.started:
                replay.start(final, event.at)
            desk = _short(dossier.agency)
            add(
                event,
                f"Chuyển kết quả đến Bộ phận Một cửa ({desk})",
                _who(final) if final else desk,
                timeliness(event.at, dossier.due_at),
                event.note,
            )
        elif action == Action.RETURN_RESULT:
            final = replay.final_desk_step()
            if final is not None:
                replay.finish(final)
            method = _RETURNED_BY.get(str(event.data.get("method", "")), "")
            tracking = event.data.get("tracking_number") or ""
            notes = "; ".join(
                part for part in (method, f"số hiệu bưu gửi {tracking}" if tracking else "") if part
            )
            add(
                event,
                "Trả kết quả cho tổ chức, cá nhân",
                dossier.applicant_name,
                timeliness(event.at, dossier.due_at),
                notes,
            )
        elif action in (Action.APPROVE_REFUSAL, Action.STOP):
            for pk in list(replay.active):
                replay.finish(replay.by_id[pk])
    return rows
