"""Dossiers for the figures tests, moved through the real services on a fixed clock.

The scenario sits around the Hùng Kings' holiday of 2026 (Giỗ Tổ falls on Sunday 26/04, so
Monday 27/04 is off) and the 30/04–01/05 holidays: a 2-working-day procedure received on
Friday 24/04 at 09:00 is due on Wednesday 29/04 at 09:00.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from egov.dossiers import services
from egov.dossiers.figures import Period
from egov.dossiers.models import Channel
from egov.dossiers.services import _core, closing, processing, reception, submission
from egov.orgs.models import Agency, Role
from egov.orgs.services import agency_create

from .conftest import applicant, make_procedure, pdf_upload, submitted_online

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(day: str, time: str = "09:00") -> dt.datetime:
    """A Vietnam-time moment from "dd/mm/yyyy" and "HH:MM"."""
    return dt.datetime.strptime(f"{day} {time}", "%d/%m/%Y %H:%M").replace(tzinfo=VN)


class Clock:
    """The services' ``now``, set by the test: every module that imported it is patched."""

    def __init__(self) -> None:
        self.moment = vn("01/04/2026")

    def __call__(self) -> dt.datetime:
        return self.moment

    def at(self, day: str, time: str = "09:00") -> Clock:
        self.moment = vn(day, time)
        return self


@pytest.fixture(name="clock")
def clock_fixture(monkeypatch):
    fixed = Clock()
    for module in (_core, reception, processing, closing, submission):
        monkeypatch.setattr(module, "now", fixed)
    return fixed


def online(w, clock, day, time="09:00"):
    """An online dossier of ``w.citizen`` accepted by the desk at that moment."""
    clock.at(day, time)
    return services.accept(submitted_online(w), actor=w.desk)


def paper(w, clock, day, time="09:00", *, channel=Channel.IN_PERSON, scan=True, desk=None):
    """A paper dossier registered, scanned (or not) and accepted at the desk."""
    desk = desk or w.desk
    agency = desk.official.agency
    clock.at(day, time)
    dossier = services.desk_register(
        actor=desk,
        version=w.version,
        handling_agency=agency,
        applicant=applicant(),
        channel=channel,
    )
    for component in w.version.components.all():
        services.component_upload(
            dossier, pdf_upload(), actor=desk, component=component, digitised=scan
        )
    return services.accept(dossier, actor=desk)


def assign(w, dossier):
    step = dossier.steps.get(state="active")
    services.assign(dossier, actor=w.head, step=step, handler=w.specialist)


def approve(w, clock, dossier, day, time="09:00"):
    clock.at(day, time)
    assign(w, dossier)
    services.forward(dossier, actor=w.specialist)
    services.forward(dossier, actor=w.head)
    services.approve(dossier, actor=w.leader)


def resolve(w, clock, dossier, day, time="09:00", *, rating=None):
    """Approve and issue the result at that moment; return it and rate it if asked."""
    approve(w, clock, dossier, day, time)
    services.issue_result(dossier, actor=w.clerk, result=pdf_upload("ket-qua.pdf"))
    if rating is not None:
        services.hand_to_desk(dossier, actor=w.clerk)
        services.return_result(dossier, actor=w.desk, method="online")
        services.rate(dossier, actor=w.citizen, rating=rating)
    return dossier


def build_scenario(w, clock):
    """Every kind of dossier the counters tell apart; expected figures in ``EXPECTED``."""
    w.version.procedure.agencies.add(w.commune_b)
    s = SimpleNamespace()
    # Received before the period, resolved in it (late: due 14/04).
    s.x = resolve(w, clock, online(w, clock, "10/04/2026"), "21/04/2026")
    # Received before the period, still open at its end (due 17/04): overdue.
    s.d = paper(w, clock, "15/04/2026", channel=Channel.POSTAL, scan=False)
    # Stopped by the applicant.
    s.i = online(w, clock, "21/04/2026")
    clock.at("22/04/2026")
    services.stop(s.i, actor=w.citizen, reason="Không còn nhu cầu")
    # Refused after appraisal.
    s.h = online(w, clock, "22/04/2026")
    clock.at("24/04/2026", "10:00")
    assign(w, s.h)
    services.propose_refusal(s.h, actor=w.specialist, reasons=["Không đủ điều kiện"])
    services.approve_refusal(s.h, actor=w.leader)
    # Refused at reception (never received).
    s.g = submitted_online(w)
    clock.at("23/04/2026")
    services.refuse_reception(s.g, actor=w.desk, reasons=["Sai thẩm quyền"])
    # By post, not scanned, received Thursday 23/04: due Tuesday 28/04, open: overdue.
    s.k = paper(w, clock, "23/04/2026", channel=Channel.POSTAL, scan=False)
    # Received Friday 24/04 09:00, due Wednesday 29/04 09:00 (Monday 27/04 is a holiday).
    s.a = resolve(w, clock, online(w, clock, "24/04/2026"), "28/04/2026", "10:00", rating=5)
    s.b = resolve(w, clock, online(w, clock, "24/04/2026"), "29/04/2026", "16:00", rating=4)
    # 06:30 on the due day in Vietnam is still the day before in UTC: on time, not early.
    s.b2 = resolve(w, clock, online(w, clock, "24/04/2026"), "29/04/2026", "06:30")
    s.c = paper(w, clock, "24/04/2026")
    resolve(w, clock, s.c, "04/05/2026")
    # Waiting for the applicant's supplement since 29/04.
    s.f = online(w, clock, "28/04/2026")
    clock.at("29/04/2026", "10:00")
    assign(w, s.f)
    services.request_supplement(
        s.f, actor=w.specialist, items=[("Bản sao CCCD", "chưa có trong hồ sơ")]
    )
    # Received on the period's last day, due Thursday 07/05: in process on time.
    s.e = online(w, clock, "05/05/2026")
    # Received after the period: not counted at all.
    s.late = online(w, clock, "06/05/2026")
    # Commune B: one paper dossier, still open (due 29/04): overdue.
    s.b_paper = paper(w, clock, "24/04/2026", desk=w.desk_b)
    return s


@pytest.fixture(name="scenario")
def scenario_fixture(world, clock):
    return build_scenario(world, clock)


def period(start: str = "20/04/2026", end: str = "05/05/2026") -> Period:
    """A period from "dd/mm/yyyy" days; by default the scenario's."""
    return Period(vn(start).date(), vn(end).date())


# The scenario's period and what commune A's row must show for it (as of its end).
EXPECTED_A = {
    # i, h (online), k (post), a, b, b2 (online), c (in person), f, e (online)
    "received": 9,
    "received_in_person": 1,
    "received_online": 7,
    "received_postal": 1,
    "digitised": 8,  # the online ones and c, scanned at the desk
    "resolved_early": 1,  # a
    "resolved_on_time": 2,  # b, b2
    "resolved_late": 2,  # x, c
    # x: 13-17/04, 20-21/04 = 7; a: 28/04 = 1; b, b2: 28-29/04 = 2 each; c: 28, 29/04, 04/05
    "processing_days": 15,
    "refused_reception": 1,  # g
    "refused_after_appraisal": 1,  # h
    "stopped": 1,  # i
    "in_process_on_time": 1,  # e
    "in_process_overdue": 2,  # d, k
    "waiting_supplement": 1,  # f
    "rating_total": 9,
    "rating_count": 2,
}


def build_centre(w, clock, make_official):
    """The province's Public Administration Service Centre receives the Department of
    Justice's dossiers (one procedure, 2 working days) and handles none of them."""
    c = SimpleNamespace()
    c.centre = agency_create(
        code="000.00.20.H99",
        name="Trung tâm Phục vụ hành chính công",
        short_name="TTPVHCC",
        kind=Agency.Kind.SERVICE_CENTRE,
        unit=w.unit,
        parent=w.committee,
        actor=None,
    )
    c.version = make_procedure(
        w.justice,
        code="2.000003",
        steps=[
            ("Tiếp nhận", Role.DESK_OFFICER, "", "0"),
            ("Thẩm định", Role.SPECIALIST, "", "1.5"),
            ("Ký", Role.AGENCY_LEADER, "", "0.5"),
        ],
    )
    c.desk = make_official(agency=c.centre, roles=[Role.DESK_OFFICER], full_name="Đỗ Thị Tâm")
    c.specialist = make_official(agency=w.justice, roles=[Role.SPECIALIST])
    c.leader = make_official(agency=w.justice, roles=[Role.AGENCY_LEADER, Role.CLERK])

    def online_at_centre(day):
        clock.at(day)
        dossier = services.draft_create(
            owner=w.citizen, version=c.version, handling_agency=w.justice, applicant=applicant()
        )
        for component in c.version.components.all():
            services.component_upload(dossier, pdf_upload(), actor=w.citizen, component=component)
        services.draft_update(dossier, actor=w.citizen, declaration_accepted=True)
        return services.submit(dossier, actor=w.citizen)

    # Online, received Wednesday 22/04, due Friday 24/04, resolved on Thursday: early.
    c.resolved = services.accept(online_at_centre("22/04/2026"), actor=c.desk)
    clock.at("23/04/2026", "15:00")
    services.forward(c.resolved, actor=c.specialist)
    services.approve(c.resolved, actor=c.leader)
    services.issue_result(c.resolved, actor=c.leader, result=pdf_upload("ket-qua.pdf"))
    # In person, scanned, received Thursday 23/04, due Tuesday 28/04: overdue on 05/05.
    clock.at("23/04/2026")
    paper = services.desk_register(
        actor=c.desk, version=c.version, handling_agency=w.justice, applicant=applicant()
    )
    for component in c.version.components.all():
        services.component_upload(
            paper, pdf_upload(), actor=c.desk, component=component, digitised=True
        )
    c.paper = services.accept(paper, actor=c.desk)
    # Refused at the centre's desk on 24/04.
    c.refused = online_at_centre("24/04/2026")
    services.refuse_reception(c.refused, actor=c.desk, reasons=["Sai thành phần hồ sơ"])
    # Received on the period's last day, due Thursday 07/05: in process on time.
    c.fresh = services.accept(online_at_centre("05/05/2026"), actor=c.desk)
    return c


@pytest.fixture(name="centre")
def centre_fixture(world, clock, make_official):
    return build_centre(world, clock, make_official)


# What the centre's desk received for the Department of Justice in the scenario's period.
EXPECTED_CENTRE = {
    "received": 3,
    "received_in_person": 1,
    "received_online": 2,
    "received_postal": 0,
    "digitised": 3,
    "resolved_early": 1,
    "resolved_on_time": 0,
    "resolved_late": 0,
    "processing_days": 1,  # 22/04 -> 23/04
    "refused_reception": 1,
    "refused_after_appraisal": 0,
    "stopped": 0,
    "in_process_on_time": 1,
    "in_process_overdue": 1,
    "waiting_supplement": 0,
    "rating_total": 0,
    "rating_count": 0,
}
