"""From the decision to the result in hand: issue, hand to the desk, return; the late notice
(once, at least one working day before the due date); the applicant's stop; the rating."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.core.errors import PermissionRefused, ValidationFailed
from egov.dossiers import services
from egov.dossiers.lifecycle import Action, ActionNotAllowed, Status
from egov.dossiers.models import Delivery, DossierFile, Step

from .conftest import pdf_upload, received, submitted_online
from .helpers import clock_fixture, fresh, history, last_event, refused, vn

__all__ = ["clock_fixture"]


def approved(w):
    dossier = received(w)
    services.forward(dossier, actor=w.specialist)
    services.forward(dossier, actor=w.head)
    return services.approve(dossier, actor=w.leader)


def ready(w, **issue):
    dossier = approved(w)
    services.issue_result(dossier, actor=w.clerk, **({"result": pdf_upload()} | issue))
    return services.hand_to_desk(dossier, actor=w.clerk)


def returned(w):
    dossier = ready(w)
    return services.return_result(dossier, actor=w.desk, method="online")


@pytest.fixture
def dossier(world, clock):
    """Received Monday 02/03/2026 09:00, due Wednesday 04/03 09:00, at the specialist."""
    return received(world)


# --- issue, hand over, return -------------------------------------------------------------


def test_issue_result_with_the_file(world, clock):
    dossier = approved(world)
    clock.advance(hours=1)
    services.issue_result(dossier, actor=world.clerk, result=pdf_upload("giay-khai-sinh.pdf"))
    dossier = fresh(dossier)
    assert dossier.status == Status.RESULT_ISSUED
    assert dossier.finished_at == vn(2026, 3, 2, 10)
    result = dossier.files.get(kind=DossierFile.Kind.RESULT)
    assert result.name == "giay-khai-sinh.pdf" and result.event == last_event(dossier)
    states = list(dossier.steps.order_by("position").values_list("state", flat=True))
    assert states == ["done"] * 5 + ["waiting"]  # only the return at the desk is left
    assert history(dossier)[-1] == (Action.ISSUE_RESULT, Status.APPROVED, Status.RESULT_ISSUED)


def test_issue_result_refusals(world, clock):
    dossier = received(world)
    refused(
        ActionNotAllowed,
        lambda: services.issue_result(dossier, actor=world.clerk, result=pdf_upload()),
        dossier,
    )
    dossier = approved(world)
    for outsider in (world.specialist, world.desk, world.desk_b):
        refused(
            PermissionRefused,
            lambda o=outsider: services.issue_result(dossier, actor=o, result=pdf_upload()),
            dossier,
        )
    # The applicant chose an electronic result: it must be uploaded.
    error = refused(
        ValidationFailed, lambda: services.issue_result(dossier, actor=world.clerk), dossier
    )
    assert error.code == "result_file_required"
    lying = SimpleUploadedFile("ket-qua.pdf", b"MZ\x90\x00 program", "application/pdf")
    error = refused(
        ValidationFailed,
        lambda: services.issue_result(dossier, actor=world.clerk, result=lying),
        dossier,
    )
    assert error.code.startswith("file_")
    assert not dossier.files.filter(kind=DossierFile.Kind.RESULT).exists()


def test_leader_may_issue_a_paper_result_without_a_file(world, clock):
    dossier = approved(world)
    dossier.delivery = Delivery.DESK
    dossier.save(update_fields=["delivery"])
    services.issue_result(dossier, actor=world.leader, note="Bản giấy")
    assert fresh(dossier).status == Status.RESULT_ISSUED


def test_hand_to_desk_starts_the_return_step(world, clock):
    dossier = approved(world)
    services.issue_result(dossier, actor=world.clerk, result=pdf_upload())
    refused(PermissionRefused, lambda: services.hand_to_desk(dossier, actor=world.desk_b), dossier)
    refused(PermissionRefused, lambda: services.hand_to_desk(dossier, actor=world.citizen), dossier)
    services.hand_to_desk(dossier, actor=world.clerk)
    dossier = fresh(dossier)
    assert dossier.status == Status.READY
    assert dossier.steps.get(position=6).state == Step.State.ACTIVE
    assert history(dossier)[-1] == (Action.HAND_TO_DESK, Status.RESULT_ISSUED, Status.READY)
    refused(ActionNotAllowed, lambda: services.hand_to_desk(dossier, actor=world.clerk), dossier)


@pytest.mark.parametrize(
    ("method", "tracking"), [("desk", ""), ("online", ""), ("post", " EB123456789VN ")]
)
def test_return_result_by_each_method(world, clock, method, tracking):
    dossier = ready(world)
    clock.advance(hours=2)
    services.return_result(dossier, actor=world.desk, method=method, tracking_number=tracking)
    dossier = fresh(dossier)
    assert dossier.status == Status.RETURNED
    assert dossier.returned_by == method
    assert dossier.tracking_number == tracking.strip()
    assert dossier.returned_at == dossier.closed_at == vn(2026, 3, 2, 11)
    assert all(s.state == Step.State.DONE for s in dossier.steps.all())
    assert dossier.steps.get(position=6).handler == world.desk
    assert last_event(dossier).data == {"method": method, "tracking_number": tracking.strip()}


def test_return_result_refusals(world, clock):
    dossier = approved(world)
    dossier.delivery = Delivery.DESK  # a paper result: nothing to return online
    dossier.save(update_fields=["delivery"])
    services.issue_result(dossier, actor=world.clerk)
    services.hand_to_desk(dossier, actor=world.clerk)
    codes = {
        "pigeon": "delivery",
        "post": "tracking_number_required",
        "online": "no_result_file",
    }
    for method, code in codes.items():
        error = refused(
            ValidationFailed,
            lambda m=method: services.return_result(dossier, actor=world.desk, method=m),
            dossier,
        )
        assert error.code == code
    for outsider in (world.clerk, world.desk_b, world.citizen):
        refused(
            PermissionRefused,
            lambda o=outsider: services.return_result(dossier, actor=o, method="desk"),
            dossier,
        )


def test_return_refused_before_the_result_is_at_the_desk(world, dossier):
    refused(
        ActionNotAllowed,
        lambda: services.return_result(dossier, actor=world.desk, method="desk"),
        dossier,
    )


# --- late notice (form 04): once, at least one working day before the due date -------------


def test_late_notice_moves_the_due_date_once(world, dossier, clock):
    clock.set(vn(2026, 3, 3, 9))  # exactly one working day before Wednesday 09:00
    new_due = vn(2026, 3, 6, 17)
    services.late_notice(dossier, actor=world.leader, reason="Chờ xác minh", new_due=new_due)
    dossier = fresh(dossier)
    assert dossier.due_at == new_due
    assert dossier.original_due_at == vn(2026, 3, 4, 9)
    event = last_event(dossier)
    assert (event.action, event.from_status, event.to_status, event.note) == (
        Action.LATE_NOTICE,
        Status.IN_PROGRESS,
        Status.IN_PROGRESS,
        "Chờ xác minh",
    )
    assert dt.datetime.fromisoformat(event.data["previous_due"]) == vn(2026, 3, 4, 9)
    assert dt.datetime.fromisoformat(event.data["new_due"]) == new_due
    error = refused(
        ValidationFailed,
        lambda: services.late_notice(
            dossier, actor=world.leader, reason="Lần nữa", new_due=vn(2026, 3, 13, 17)
        ),
        dossier,
    )
    assert error.code == "already_extended"


def test_late_notice_stays_once_even_after_a_supplement(world, dossier):
    services.late_notice(
        dossier, actor=world.head, reason="Chờ xác minh", new_due=vn(2026, 3, 6, 17)
    )
    services.request_supplement(
        dossier, actor=world.specialist, items=[("x", "chưa có trong hồ sơ")]
    )
    services.supplement(dossier, actor=world.citizen, note="đã nộp")
    assert fresh(dossier).original_due_at is None  # the clock restarted from zero
    error = refused(
        ValidationFailed,
        lambda: services.late_notice(
            dossier, actor=world.leader, reason="x", new_due=vn(2026, 4, 1, 17)
        ),
        dossier,
    )
    assert error.code == "already_extended"


def test_late_notice_too_close_to_the_due_date(world, dossier, clock):
    clock.set(vn(2026, 3, 3, 9, 1))  # less than a working day before Wednesday 09:00
    error = refused(
        ValidationFailed,
        lambda: services.late_notice(
            dossier, actor=world.leader, reason="x", new_due=vn(2026, 3, 6, 17)
        ),
        dossier,
    )
    assert error.code == "late_notice_too_late"


def test_late_notice_day_before_counts_working_days_over_tet(world, clock):
    clock.set(vn(2026, 2, 12, 10))  # Thursday before Tết; due Monday 23/02 10:00
    dossier = received(world)
    assert fresh(dossier).due_at == vn(2026, 2, 23, 10)
    clock.set(vn(2026, 2, 13, 10))  # Friday 13/02 is exactly one working day before
    services.late_notice(dossier, actor=world.leader, reason="Tết", new_due=vn(2026, 2, 27, 17))
    assert fresh(dossier).due_at == vn(2026, 2, 27, 17)


def test_late_notice_refusals(world, dossier):
    def notice(**changes):
        values = {"actor": world.leader, "reason": "Chờ", "new_due": vn(2026, 3, 6, 17)}
        values.update(changes)
        return lambda: services.late_notice(dossier, **values)

    assert refused(ValidationFailed, notice(reason="  "), dossier).code == "reason_required"
    for bad in (vn(2026, 3, 4, 9), vn(2026, 3, 3, 9), dt.datetime(2026, 3, 6, 17)):  # noqa: DTZ001
        assert refused(ValidationFailed, notice(new_due=bad), dossier).code == "new_due_invalid"
    for outsider in (world.specialist, world.desk, world.desk_b, world.citizen):
        refused(PermissionRefused, notice(actor=outsider), dossier)
    services.request_supplement(
        dossier, actor=world.specialist, items=[("x", "chưa có trong hồ sơ")]
    )
    refused(ActionNotAllowed, notice(), dossier)  # the clock is stopped


# --- stop at the applicant's request (form 05) ---------------------------------------------


def test_owner_stops_a_dossier_in_progress(world, dossier, clock):
    clock.advance(hours=1)
    services.stop(dossier, actor=world.citizen, reason="Không còn nhu cầu")
    dossier = fresh(dossier)
    assert dossier.status == Status.STOPPED and dossier.closed_at == vn(2026, 3, 2, 10)
    assert not dossier.steps.filter(state=Step.State.ACTIVE).exists()
    event = last_event(dossier)
    assert (event.action, event.actor, event.actor_role, event.note) == (
        Action.STOP,
        world.citizen,
        "",
        "Không còn nhu cầu",
    )
    refused(ActionNotAllowed, lambda: services.stop(dossier, actor=world.citizen, reason="x"))


def test_desk_records_a_written_request_to_stop(world, clock):
    dossier = submitted_online(world)  # before reception: the applicant withdraws it
    services.stop(dossier, actor=world.desk, reason="Đơn xin rút hồ sơ")
    assert fresh(dossier).status == Status.STOPPED
    assert last_event(dossier).actor_role == "desk_officer"


def test_stop_refusals(world, dossier):
    for outsider in (world.other_citizen, world.specialist, world.leader, world.desk_b):
        refused(
            PermissionRefused,
            lambda o=outsider: services.stop(dossier, actor=o, reason="x"),
            dossier,
        )
    refused(ValidationFailed, lambda: services.stop(dossier, actor=world.citizen, reason=" "))
    draft = services.draft_create(
        owner=world.citizen, version=world.version, handling_agency=world.commune_a
    )
    refused(ActionNotAllowed, lambda: services.stop(draft, actor=world.citizen, reason="x"), draft)


def test_stop_refused_once_decided(world, clock):
    dossier = approved(world)
    refused(ActionNotAllowed, lambda: services.stop(dossier, actor=world.citizen, reason="x"))


# --- rating: once, 1–5, by the owner, after the return -------------------------------------


def test_owner_rates_once_after_the_return(world, clock):
    dossier = returned(world)
    services.rate(dossier, actor=world.citizen, rating=4, comment="  Nhanh  ")
    dossier = fresh(dossier)
    assert (dossier.rating, dossier.rating_comment, dossier.rated_at) == (
        4,
        "Nhanh",
        vn(2026, 3, 2),
    )
    assert history(dossier)[-1] == (Action.RATE, Status.RETURNED, Status.RETURNED)
    error = refused(
        ValidationFailed, lambda: services.rate(dossier, actor=world.citizen, rating=5), dossier
    )
    assert error.code == "already_rated"


def test_rating_refusals(world, clock):
    dossier = returned(world)
    for bad in (0, 6, -1, True, "5", 4.5, None):
        error = refused(
            ValidationFailed,
            lambda b=bad: services.rate(dossier, actor=world.citizen, rating=b),
            dossier,
        )
        assert error.code == "rating_range"
    for outsider in (world.other_citizen, world.desk, world.leader):
        refused(
            PermissionRefused,
            lambda o=outsider: services.rate(dossier, actor=o, rating=5),
            dossier,
        )
    assert fresh(dossier).rating is None


def test_rating_refused_before_the_return(world, dossier):
    refused(
        ActionNotAllowed, lambda: services.rate(dossier, actor=world.citizen, rating=5), dossier
    )
