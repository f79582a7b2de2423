"""Rows of realistic dossiers over two years, generated day by day in receipt order.

Each dossier lives a plausible life up to ``NOW``: drafts, desk refusals and incomplete
dossiers without a code; received ones (code ``<agency>-YYMMDD-XXXX``, due date from the real
working-day calendar) that are in progress, waiting for a supplement, refused, stopped, or
resolved before, on or after time, with extensions, returns and ratings. Each received dossier
gets its processing steps (3 or 4), one component file (scanned at the desk for most paper
dossiers) and one history line (its latest action; the full history is not generated: no
benchmark reads it). The same seed gives the same rows on every database.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .dossier_refs import AgencyRef, References, VersionRef

VN = dt.timezone(dt.timedelta(hours=7))  # what Asia/Ho_Chi_Minh has been since 1975
UTC = dt.UTC
FIRST_DAY = dt.date(2024, 7, 1)
LAST_DAY = dt.date(2026, 6, 30)
NOW = dt.datetime(2026, 6, 30, 17, 30, tzinfo=VN)  # the data set's "now"
_NOW = NOW.astimezone(UTC)

DOSSIER_COLUMNS = (
    "id", "address_unit_id", "address_street", "public_id", "code", "procedure_version_id",
    "agency_id", "handling_agency_id", "channel", "status", "version", "owner_id",
    "created_by_id", "applicant_kind", "applicant_name", "applicant_id_number",
    "applicant_phone", "applicant_email", "on_behalf", "submitter_name", "submitter_id_number",
    "submitter_phone", "details", "delivery", "delivery_address", "declaration_accepted",
    "fees_owed", "created_at", "submitted_at", "received_at", "clock_started_at", "due_at",
    "original_due_at", "paused_at", "decided_at", "finished_at", "returned_at", "closed_at",
    "returned_by", "tracking_number", "rating", "rating_comment", "rated_at", "national_sync",
    "search_text",
)  # fmt: skip
STEP_COLUMNS = (
    "id", "dossier_id", "position", "stage", "name", "agency_id", "department_id", "role",
    "handler_id", "days", "state", "started_at", "due_at", "finished_at",
)  # fmt: skip
EVENT_COLUMNS = (
    "id", "dossier_id", "action", "actor_id", "actor_name", "actor_role", "agency_id", "at",
    "from_status", "to_status", "step_id", "note", "data",
)  # fmt: skip
FILE_COLUMNS = (
    "id", "dossier_id", "kind", "component_id", "form_code", "file", "name", "content_type",
    "size", "sha256", "digitised", "uploaded_by_id", "uploaded_at", "event_id", "removed",
)  # fmt: skip
SEQUENCE_COLUMNS = ("agency_id", "day", "last")

FAMILY = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý",
]  # fmt: skip
MIDDLE = [
    "Văn", "Thị", "Hữu", "Đức", "Minh", "Thu", "Ngọc", "Thanh", "Quốc", "Thị Kim", "Xuân", "Gia",
]  # fmt: skip
GIVEN = [
    "An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương",
    "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Ngân", "Phúc", "Phương", "Quân",
    "Quang", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến",
]  # fmt: skip
BUSINESS = [
    "An Phát", "Hưng Thịnh", "Minh Long", "Phú Gia", "Tân Tiến", "Thành Công", "Việt Hưng",
    "Bảo Ngọc",
]  # fmt: skip
STREETS = [
    "Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt", "Quang Trung",
]  # fmt: skip
PROVINCE_STEPS = [
    ("Tiếp nhận và chuyển hồ sơ", "desk_officer", 0.1),
    ("Thẩm định hồ sơ", "specialist", 0.6),
    ("Xem xét, trình ký", "department_head", 0.15),
    ("Ký duyệt kết quả", "agency_leader", 0.15),
]
COMMUNE_STEPS = [
    ("Tiếp nhận hồ sơ", "desk_officer", 0.1),
    ("Thẩm định, xử lý hồ sơ", "specialist", 0.7),
    ("Phê duyệt kết quả", "agency_leader", 0.2),
]
# Status -> (latest action, status before it), for the one history line.
LAST_ACTION = {
    "draft": ("create", ""),
    "submitted": ("submit", "draft"),
    "incomplete": ("ask_completion", "submitted"),
    "reception_refused": ("refuse_reception", "submitted"),
    "in_progress": ("accept", "submitted"),
    "waiting_supplement": ("request_supplement", "in_progress"),
    "refusal_proposed": ("propose_refusal", "in_progress"),
    "refused": ("approve_refusal", "refusal_proposed"),
    "approved": ("approve", "in_progress"),
    "result_issued": ("issue_result", "approved"),
    "ready": ("hand_to_desk", "result_issued"),
    "returned": ("return_result", "ready"),
    "stopped": ("stop", "in_progress"),
}
PROVINCE_NAME = "tỉnh An Khang"
RATINGS = ([5] * 50) + ([4] * 33) + ([3] * 10) + ([2] * 4) + ([1] * 3)


@dataclass
class Bundle:
    """The rows of one dossier."""

    dossier: tuple[Any, ...]
    steps: list[tuple[Any, ...]]
    event: tuple[Any, ...]
    file: tuple[Any, ...] | None


def working_days() -> list[dt.date]:
    from egov.workcalendar.services import is_working_day

    days, day = [], FIRST_DAY
    while day <= LAST_DAY:
        if is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def day_plan(total: int) -> list[tuple[dt.date, int, int]]:
    """(working day, dossiers that day, id of its first dossier): a little busier before
    Tết and in spring and autumn, quieter in February."""
    days = working_days()
    weights = [1 + 0.25 * ((d.month in (3, 4, 10, 11)) - (d.month == 2)) for d in days]
    scale = total / sum(weights)
    plan, made, carried = [], 0, 0.0
    for day, weight in zip(days, weights, strict=True):
        carried += weight * scale
        count = round(carried) - made if day != days[-1] else total - made
        plan.append((day, count, made + 1))
        made += count
    return plan


class Generator:
    """Yields the bundles of the dossiers of ``plan`` (all of ``day_plan(total)`` or a slice
    of it) in receipt order; ``sequences`` holds the last daily code number per (agency pk,
    day) once the iteration is over.

    Each day has its own seed and ids follow from the plan (a dossier's steps are
    ``10 * id + position``, its history line and file share its id), so slices generated
    apart, in any order, give the same rows.
    """

    def __init__(
        self, refs: References, plan: list[tuple[dt.date, int, int]], seed: int = 2026
    ) -> None:
        self.refs = refs
        self.plan = plan
        self.seed = seed
        self.rng = random.Random(seed)
        self.sequences: dict[tuple[int, dt.date], int] = {}
        self._due: dict[tuple[dt.datetime, Decimal], dt.datetime] = {}
        self._folded: dict[str, str] = {}

    # -- helpers ---------------------------------------------------------------------------

    def due(self, start: dt.datetime, days: Decimal) -> dt.datetime:
        """The real calendar's due moment, from ``start`` rounded to its quarter hour."""
        from egov.workcalendar.models import OfficeHours
        from egov.workcalendar.services import add_working_days

        key = start.replace(minute=start.minute // 15 * 15, second=0, microsecond=0)
        found = self._due.get((key, days))
        if found is None:
            self._hours = getattr(self, "_hours", None) or OfficeHours()  # the default hours
            found = add_working_days(key, days, hours=self._hours).astimezone(UTC)
            self._due[(key, days)] = found
        return found

    def fold(self, text: str) -> str:
        from egov.core.text import fold

        found = self._folded.get(text)
        if found is None:
            found = self._folded[text] = fold(text)
        return found

    def below(self, low: int, high: int) -> int:
        """A number in [low, high): randrange without its per-call overhead."""
        return low + int(self.rng.random() * (high - low))

    def digits(self, count: int) -> str:
        return f"{self.below(0, 10**count):0{count}d}"

    def applicant(self) -> tuple[str, str, str, str]:
        """(kind, name, ID number or tax code, phone)."""
        rng = self.rng
        phone = rng.choice(("09", "03", "08", "07")) + self.digits(8)
        if rng.random() < 0.1:
            name = f"Công ty TNHH {rng.choice(BUSINESS)} {rng.choice(STREETS)}"
            return "organisation", name, "3" + self.digits(9), phone
        middle = rng.choice(MIDDLE)
        name = f"{rng.choice(FAMILY)} {middle} {rng.choice(GIVEN)}"
        return "individual", name, "0" + self.digits(11), phone

    def pick_version(self, day: dt.date) -> VersionRef:
        versions = self.rng.choices(self.refs.procedures, weights=self.refs.popularity)[0]
        for version in versions:
            if version.effective_from <= day and (
                version.effective_until is None or day < version.effective_until
            ):
                return version
        return versions[-1]

    def agencies(self, version: VersionRef) -> tuple[AgencyRef, AgencyRef]:
        """(receiving desk, competent agency)."""
        if version.commune_level:
            commune = self.rng.choices(
                self.refs.communes, weights=[c.weight for c in self.refs.communes]
            )[0]
            return commune, commune
        return self.refs.service_centre, self.refs.departments[version.handler_index]

    def channel(self, version: VersionRef) -> int:
        online = {"full": 0.6, "partial": 0.35}.get(version.online_mode, 0.0)
        draw = self.rng.random()
        return 2 if draw < online else 3 if draw > 0.95 else 1

    def moment(self, day: dt.date) -> dt.datetime:
        """A time at the desk: 07:30-11:30 or 13:30-17:00."""
        minute = self.below(0, 450)
        start = 7 * 60 + 30 + minute if minute < 240 else 13 * 60 + 30 + minute - 240
        local = dt.datetime.combine(day, dt.time(start // 60, start % 60, self.below(0, 60)))
        return local.replace(tzinfo=VN).astimezone(UTC)

    def office_time(self, moment: dt.datetime) -> dt.datetime:
        """The same day during office hours (results are signed at work, not at 3 a.m.)."""
        local = moment.astimezone(VN)
        if 8 <= local.hour < 17:
            return moment
        hour = 8 + self.below(0, 9)
        return local.replace(hour=hour, minute=self.below(0, 60)).astimezone(UTC)

    def between(self, start: dt.datetime, end: dt.datetime, fraction: float) -> dt.datetime:
        return start + (end - start) * fraction

    # -- the dossiers ----------------------------------------------------------------------

    def __iter__(self) -> Iterator[Bundle]:
        for day, count, first in self.plan:
            self.rng = random.Random(self.seed * 1_000_003 + day.toordinal())
            moments = sorted(self.moment(day) for _ in range(count))
            for pk, at in enumerate(moments, start=first):
                yield self.bundle(pk, day, at)

    def bundle(self, pk: int, day: dt.date, at: dt.datetime) -> Bundle:
        rng, now = self.rng, _NOW
        version = self.pick_version(day)
        desk, competent = self.agencies(version)
        channel = self.channel(version)
        kind, name, id_number, phone = self.applicant()
        d: dict[str, Any] = dict.fromkeys(DOSSIER_COLUMNS)
        on_behalf = rng.random() < 0.15
        delivery = "online" if channel == 2 and rng.random() < 0.6 else "desk"
        if rng.random() < 0.08:
            delivery = "post"
        d.update(
            id=pk,
            address_street=f"Số {self.below(1, 300)} đường {rng.choice(STREETS)}",
            public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            procedure_version_id=version.pk,
            agency_id=desk.pk,
            handling_agency_id=competent.pk,
            channel=channel,
            applicant_kind=kind,
            applicant_name=name,
            applicant_id_number=id_number,
            applicant_phone=phone,
            applicant_email=f"hoso{pk}@example.vn" if rng.random() < 0.4 else "",
            on_behalf=on_behalf,
            submitter_name=f"{rng.choice(FAMILY)} Văn {rng.choice(GIVEN)}" if on_behalf else "",
            submitter_id_number="0" + self.digits(11) if on_behalf else "",
            submitter_phone="09" + self.digits(8) if on_behalf else "",
            details=json.dumps({"so_ban": self.below(1, 4), "ghi_chu": ""}),
            delivery=delivery,
            delivery_address="",
            declaration_accepted=channel == 2,
            fees_owed=0,
            returned_by="",
            tracking_number="",
            rating_comment="",
            national_sync="synced" if at < now - dt.timedelta(days=2) else "pending",
        )
        if delivery == "post":
            d["delivery_address"] = f"{d['address_street']}, {PROVINCE_NAME}"
        submitted = at - dt.timedelta(minutes=self.below(30, 2400)) if channel == 2 else at
        d["created_at"] = submitted - dt.timedelta(minutes=self.below(5, 90))
        draw = rng.random()
        if channel == 2 and (draw < 0.02 or (at > now - dt.timedelta(hours=20) and draw < 0.3)):
            status = "draft" if draw < 0.02 else "submitted"
            d["submitted_at"] = submitted if status == "submitted" else None
        elif draw < 0.045:
            status = "reception_refused" if draw < 0.035 else "incomplete"
            d["submitted_at"] = submitted
            d["closed_at"] = at if status == "reception_refused" else None
        else:
            status = self.received(d, version, desk, competent, at, submitted)
        d["status"] = status
        d["version"] = {"draft": 1, "submitted": 2}.get(status, 3 + self.below(0, 6))
        code = d["code"] or ""
        d["search_text"] = f"{code.lower()} {self.fold(name)} {self.fold(version.name)}".strip()
        steps = self.steps(pk, d, version, desk, competent) if d["code"] else []
        return Bundle(
            tuple(d.values()), steps, self.event(pk, d, desk, competent), self.file(pk, d)
        )

    def received(
        self,
        d: dict[str, Any],
        version: VersionRef,
        desk: AgencyRef,
        competent: AgencyRef,
        at: dt.datetime,
        submitted: dt.datetime,
    ) -> str:
        """Fill the clock of a received dossier; returns its status at NOW."""
        rng, now = self.rng, _NOW
        local_day = at.astimezone(VN).date()
        key = (desk.pk, local_day)
        self.sequences[key] = number = self.sequences.get(key, 0) + 1
        d.update(code=f"{desk.code}-{local_day:%y%m%d}-{number:04d}", fees_owed=version.fee)
        d.update(submitted_at=submitted, received_at=at, clock_started_at=at)
        days = version.processing_days
        due = self.due(at, days)
        if rng.random() < 0.05:  # a supplement asked within the first days
            paused = self.between(at, due, rng.uniform(0.1, 0.5))
            back = paused + dt.timedelta(days=rng.uniform(1, 12))
            if back > now:
                if paused < now:
                    d.update(paused_at=paused, due_at=due)
                    return "waiting_supplement"
            else:
                d["clock_started_at"] = back = back.replace(microsecond=0)
                due = self.due(back, days)
        start = d["clock_started_at"]
        d["due_at"] = due
        draw = rng.random()
        if draw < 0.68:
            end = self.between(start, due, rng.uniform(0.3, 0.97))
        elif draw < 0.86:  # on the due day itself
            end = max(start, due - dt.timedelta(minutes=self.below(5, 240)))
        else:
            end = self.between(start, due, rng.uniform(1.05, 1.9))
        end = max(start, self.office_time(end))
        if end > due and rng.random() < 0.35:  # an apology and a new date (form 04)
            d["original_due_at"] = due
            d["due_at"] = self.due(due, Decimal(rng.choice((2, 3, 5))))
        fate = rng.random()
        if fate < 0.03:  # stopped at the applicant's request
            stop = self.between(start, end, rng.uniform(0.1, 0.9))
            if stop <= now:
                d["closed_at"] = stop
                return "stopped"
        if end > now:
            if end - now < dt.timedelta(hours=20) and rng.random() < 0.3:
                d["decided_at"] = now - dt.timedelta(hours=rng.uniform(0.5, 6))
                return "approved"
            return "refusal_proposed" if fate > 0.985 else "in_progress"
        d["decided_at"] = end - dt.timedelta(minutes=self.below(20, 600))
        if fate > 0.975:
            d["closed_at"] = end
            return "refused"
        d["finished_at"] = end
        ready = end + dt.timedelta(hours=rng.uniform(0.5, 20))
        returned = ready + dt.timedelta(hours=rng.uniform(1, 160))
        if ready > now:
            return "result_issued"
        if returned > now:
            return "ready"
        returned = returned.replace(microsecond=0)
        d.update(returned_at=returned, closed_at=returned, returned_by=d["delivery"])
        if d["delivery"] == "post":
            d["tracking_number"] = f"EB{self.digits(9)}VN"
        rated = returned + dt.timedelta(hours=rng.uniform(0.1, 72))
        if rng.random() < 0.35 and rated <= now:
            d.update(rating=rng.choice(RATINGS), rated_at=rated.replace(microsecond=0))
        return "returned"

    def steps(
        self,
        pk: int,
        d: dict[str, Any],
        version: VersionRef,
        desk: AgencyRef,
        competent: AgencyRef,
    ) -> list[tuple[Any, ...]]:
        """The process steps, each done, active or waiting at NOW along the dossier's life."""
        now = _NOW
        start: dt.datetime = d["clock_started_at"]
        due: dt.datetime = d["original_due_at"] or d["due_at"]
        end = d["finished_at"] or d["closed_at"] or (d["decided_at"] if d["decided_at"] else None)
        stopped_at = end if d["status"] in ("stopped", "refused") else None
        if d["status"] == "waiting_supplement":
            end, stopped_at = None, d["paused_at"]
        span_end = end or max(due, now)
        template = COMMUNE_STEPS if version.commune_level else PROVINCE_STEPS
        total_days = version.processing_days
        rows, begin, share_so_far = [], start, 0.0
        for position, (name, role, share) in enumerate(template, start=1):
            share_so_far += share
            step_due = self.between(start, due, share_so_far)
            finish = self.between(start, span_end, share_so_far)
            days = max(Decimal("0.5"), Decimal(round(float(total_days) * share * 2)) / 2)
            if begin > now or (stopped_at is not None and begin > stopped_at):
                state, started, finished, step_due = "waiting", None, None, None
            elif finish <= now and (stopped_at is None or finish <= stopped_at):
                state, started, finished = "done", begin, finish
            else:
                state, started, finished = "active", begin, None
            agency = desk if role == "desk_officer" else competent
            rows.append(
                (pk * 10 + position, pk, position, position, name, agency.pk, None, role, None,
                 days, state, started, step_due, finished)
            )  # fmt: skip
            begin = finish
        return rows

    def event(
        self, pk: int, d: dict[str, Any], desk: AgencyRef, competent: AgencyRef
    ) -> tuple[Any, ...]:
        action, before = LAST_ACTION[d["status"]]
        moments = [d[k] for k in ("created_at", "submitted_at", "received_at", "paused_at",
                                  "decided_at", "finished_at", "closed_at") if d[k]]  # fmt: skip
        role = "desk_officer" if action in ("accept", "return_result", "hand_to_desk") else ""
        agency = desk.pk if role else (competent.pk if d["code"] else None)
        return (pk, pk, action, None, "", role, agency, max(moments), before,
                d["status"], None, "", "{}")  # fmt: skip

    def file(self, pk: int, d: dict[str, Any]) -> tuple[Any, ...] | None:
        if d["submitted_at"] is None:
            return None
        rng = self.rng
        scanned = {1: 0.85, 3: 0.6}.get(d["channel"], 0.0)
        return (
            pk, pk, "component", None, "",
            f"dossiers/{d['public_id']}/{rng.getrandbits(64):016x}/don-de-nghi.pdf",
            "don-de-nghi.pdf", "application/pdf", self.below(60_000, 2_000_000),
            f"{rng.getrandbits(256):064x}", rng.random() < scanned, None, d["created_at"],
            None, False,
        )  # fmt: skip

    def sequence_rows(self) -> list[tuple[Any, ...]]:
        """The code counters, without ids (the database numbers them)."""
        return [(agency, day, last) for (agency, day), last in sorted(self.sequences.items())]
