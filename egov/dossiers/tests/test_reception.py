"""Reception at the one-stop desk: accept, ask once for completion, refuse; the due date
from the working-day calendar (Tết 2026, the 15:00 cut-off)."""

from __future__ import annotations

import pytest

from egov.core.errors import PermissionRefused, ValidationFailed
from egov.dossiers import services
from egov.dossiers.lifecycle import Action, ActionNotAllowed, Status
from egov.dossiers.models import DossierCodeSequence, Step

from .conftest import applicant, pdf_upload, submitted_online
from .helpers import audit_actions, clock_fixture, fresh, history, last_event, refused, vn

__all__ = ["clock_fixture"]


def test_accept_gives_code_due_date_fees_and_starts_processing(world, clock):
    dossier = services.accept(submitted_online(world), actor=world.desk)
    assert dossier.status == Status.IN_PROGRESS
    assert dossier.code == "000.01.00.H99-260302-0001"
    assert dossier.received_at == dossier.clock_started_at == vn(2026, 3, 2)
    assert dossier.due_at == vn(2026, 3, 4)  # Monday 09:00 + 2 working days
    assert dossier.fees_owed == 8000
    states = {s.name: s.state for s in dossier.steps.all()}
    assert states["Tiếp nhận hồ sơ"] == Step.State.DONE
    assert states["Thẩm định hồ sơ"] == Step.State.ACTIVE
    assert [s for s, state in states.items() if state == Step.State.ACTIVE] == ["Thẩm định hồ sơ"]
    reception = dossier.steps.get(position=1)
    assert reception.handler == world.desk
    assert history(dossier)[-1] == (Action.ACCEPT, Status.SUBMITTED, Status.IN_PROGRESS)
    event = last_event(dossier)
    assert (event.actor, event.actor_role, event.agency) == (
        world.desk,
        "desk_officer",
        world.commune_a,
    )
    assert audit_actions(dossier)[-1] == "dossier.accept"


def test_second_dossier_of_the_day_gets_the_next_number(world, clock):
    first = services.accept(submitted_online(world), actor=world.desk)
    second = services.accept(submitted_online(world), actor=world.desk)
    assert first.code.endswith("-260302-0001") and second.code.endswith("-260302-0002")
    clock.set(vn(2026, 3, 3))
    third = services.accept(submitted_online(world), actor=world.desk)
    assert third.code == "000.01.00.H99-260303-0001"


def test_only_the_receiving_desk_accepts(world, clock):
    dossier = submitted_online(world)
    for outsider in (world.specialist, world.leader, world.desk_b, world.citizen):
        refused(PermissionRefused, lambda o=outsider: services.accept(dossier, actor=o), dossier)
    assert fresh(dossier).code is None
    assert not DossierCodeSequence.objects.exists()


def test_accept_refused_outside_submitted(world, clock):
    draft = services.draft_create(
        owner=world.citizen, version=world.version, handling_agency=world.commune_a
    )
    refused(ActionNotAllowed, lambda: services.accept(draft, actor=world.desk), draft)
    dossier = services.accept(submitted_online(world), actor=world.desk)
    error = refused(ActionNotAllowed, lambda: services.accept(dossier, actor=world.desk), dossier)
    assert error.code == "action_not_allowed"


def test_accept_refused_while_documents_are_missing(world, clock):
    dossier = services.desk_register(
        actor=world.desk,
        version=world.version,
        handling_agency=world.commune_a,
        applicant=applicant(),
    )
    error = refused(ValidationFailed, lambda: services.accept(dossier, actor=world.desk), dossier)
    assert error.code == "components_missing"
    assert "Giấy chứng sinh" in str(error)


# --- deadlines: Tết 2026 (notice 9441/TB-BNV: off 14/02 – 22/02) and the 15:00 rule ------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Thursday before Tết 14:00: Friday 14:00 is one day, the next working day is 23/02.
        (vn(2026, 2, 12, 14), vn(2026, 2, 23, 14)),
        # Friday 13/02 before 15:00: one day to Monday 23/02, another to Tuesday 24/02.
        (vn(2026, 2, 13, 10), vn(2026, 2, 24, 10)),
        # Friday 13/02 after 15:00: counting starts Monday 23/02 07:30; two full days.
        (vn(2026, 2, 13, 15, 30), vn(2026, 2, 24, 17)),
        # Exactly 15:00 still counts that day.
        (vn(2026, 2, 13, 15), vn(2026, 2, 24, 15)),
        # Received during Tết (an online dossier checked on a day off): from 23/02.
        (vn(2026, 2, 17, 9), vn(2026, 2, 24, 17)),
        # After 15:00 on an ordinary Thursday: from Friday 07:30, due Monday 17:00.
        (vn(2026, 3, 5, 16), vn(2026, 3, 9, 17)),
    ],
)
def test_due_date_counts_working_days_across_tet_and_the_cutoff(world, clock, received, due):
    clock.set(received)
    dossier = services.accept(submitted_online(world), actor=world.desk)
    assert dossier.due_at == due
    assert dossier.code.split("-")[1] == received.strftime("%y%m%d")


def test_step_due_dates_follow_the_calendar(world, clock):
    clock.set(vn(2026, 2, 13, 10))
    dossier = services.accept(submitted_online(world), actor=world.desk)
    step = dossier.steps.get(state=Step.State.ACTIVE)
    assert step.started_at == vn(2026, 2, 13, 10)
    assert step.due_at == vn(2026, 2, 23, 10)  # one working day, over Tết


# --- ask for completion (form 02), once ----------------------------------------------------


def test_ask_completion_once_then_complete_and_accept(world, clock):
    dossier = submitted_online(world)
    services.ask_completion(dossier, actor=world.desk, items=["Bản sao CCCD", "  "], note="x")
    assert fresh(dossier).status == Status.INCOMPLETE
    event = last_event(dossier)
    assert event.data == {"items": ["Bản sao CCCD"], "item_reasons": ["x"]}
    assert (event.from_status, event.to_status) == (Status.SUBMITTED, Status.INCOMPLETE)

    services.complete(dossier, actor=world.citizen, uploads=[(pdf_upload("cccd.pdf"), None)])
    assert fresh(dossier).status == Status.SUBMITTED
    assert history(dossier)[-1] == (Action.COMPLETE, Status.INCOMPLETE, Status.SUBMITTED)
    assert dossier.files.filter(name="cccd.pdf", event=last_event(dossier)).exists()

    error = refused(
        ValidationFailed,
        lambda: services.ask_completion(
            dossier, actor=world.desk, items=[("Khác", "chưa có trong hồ sơ")]
        ),
        dossier,
    )
    assert error.code == "completion_already_requested"
    services.accept(dossier, actor=world.desk)
    assert fresh(dossier).status == Status.IN_PROGRESS


def test_ask_completion_needs_items_and_the_desk(world, clock):
    dossier = submitted_online(world)
    error = refused(
        ValidationFailed,
        lambda: services.ask_completion(dossier, actor=world.desk, items=["", "  "]),
        dossier,
    )
    assert error.code == "reasons_required"
    for outsider in (world.specialist, world.desk_b, world.citizen):
        refused(
            PermissionRefused,
            lambda o=outsider: services.ask_completion(
                dossier, actor=o, items=[("x", "chưa có trong hồ sơ")]
            ),
            dossier,
        )


def test_complete_by_the_desk_or_the_owner_only(world, clock):
    dossier = submitted_online(world)
    services.ask_completion(
        dossier, actor=world.desk, items=[("Bản sao CCCD", "chưa có trong hồ sơ")]
    )
    for outsider in (world.other_citizen, world.specialist, world.desk_b):
        refused(
            PermissionRefused,
            lambda o=outsider: services.complete(dossier, actor=o, note="đã bổ sung"),
            dossier,
        )
    error = refused(
        ValidationFailed, lambda: services.complete(dossier, actor=world.citizen), dossier
    )
    assert "Attach" in str(error) or "Đính kèm" in str(error)
    services.complete(
        dossier, actor=world.desk, uploads=[(pdf_upload("cccd.pdf"), None)], note="nộp giấy"
    )
    assert fresh(dossier).status == Status.SUBMITTED
    scanned = dossier.files.get(name="cccd.pdf")
    assert scanned.digitised and last_event(dossier).actor_role == "desk_officer"


def test_complete_refused_unless_completion_was_asked(world, clock):
    dossier = submitted_online(world)
    refused(
        ActionNotAllowed,
        lambda: services.complete(dossier, actor=world.citizen, note="x"),
        dossier,
    )


# --- refuse reception (form 03) ------------------------------------------------------------


def test_refuse_reception_with_reasons_from_submitted_or_incomplete(world, clock):
    first = submitted_online(world)
    services.refuse_reception(first, actor=world.desk, reasons=["Không thuộc thẩm quyền"])
    first = fresh(first)
    assert first.status == Status.RECEPTION_REFUSED and first.closed_at == vn(2026, 3, 2)
    assert first.code is None
    event = last_event(first)
    assert event.note == "Không thuộc thẩm quyền"
    assert (event.from_status, event.to_status) == (Status.SUBMITTED, Status.RECEPTION_REFUSED)

    second = submitted_online(world)
    services.ask_completion(second, actor=world.desk, items=[("x", "chưa có trong hồ sơ")])
    services.refuse_reception(second, actor=world.desk, reasons=["Không bổ sung"])
    assert history(second)[-1] == (
        Action.REFUSE_RECEPTION,
        Status.INCOMPLETE,
        Status.RECEPTION_REFUSED,
    )


def test_refuse_reception_refusals(world, clock):
    dossier = submitted_online(world)
    error = refused(
        ValidationFailed,
        lambda: services.refuse_reception(dossier, actor=world.desk, reasons=[" "]),
        dossier,
    )
    assert error.code == "reasons_required"
    refused(
        PermissionRefused,
        lambda: services.refuse_reception(dossier, actor=world.desk_b, reasons=["x"]),
        dossier,
    )
    services.accept(dossier, actor=world.desk)
    refused(
        ActionNotAllowed,
        lambda: services.refuse_reception(dossier, actor=world.desk, reasons=["x"]),
        dossier,
    )


# --- Fees at reception: the desk's exemptions ------------------------------------------------


def _form_01(dossier) -> str:
    from egov.dossiers.models import DossierFile
    from egov.printing.tests.pdfcheck import text

    stored = dossier.files.get(kind=DossierFile.Kind.FORM, form_code="01")
    with stored.file.open("rb") as handle:
        return " ".join(text(handle.read()).split())


def test_accept_with_an_exemption_keeps_and_prints_what_is_really_owed(world, clock):
    fee = world.version.fees.get()
    extra = world.version.fees.create(kind="charge", description="Phí cấp bản sao", amount=5000)
    dossier = services.accept(
        submitted_online(world),
        actor=world.desk,
        exemptions={fee.pk: "  Trẻ em dưới 6 tuổi (Luật Hộ tịch, Điều 11)  "},
    )
    assert dossier.fees_owed == 5000
    assert "Phí, lệ phí: 5.000 đồng" in _form_01(dossier)
    data = last_event(dossier).data["fees"]
    assert data == {
        "total": 13000,
        "exempted": 8000,
        "owed": 5000,
        "exemptions": {str(fee.pk): "Trẻ em dưới 6 tuổi (Luật Hộ tịch, Điều 11)"},
    }
    everything = services.accept(
        submitted_online(world),
        actor=world.desk,
        exemptions={fee.pk: "Hộ nghèo", extra.pk: "Hộ nghèo"},
    )
    assert everything.fees_owed == 0
    assert "Phí, lệ phí: 0 đồng" in _form_01(everything)


def test_accept_without_exemption_prints_the_whole_schedule(world, clock):
    dossier = services.accept(submitted_online(world), actor=world.desk)
    assert "Phí, lệ phí: 8.000 đồng" in _form_01(dossier)
    assert "fees" not in last_event(dossier).data


def test_a_free_procedure_prints_no_fee_line(world, clock):
    world.version.fees.all().delete()
    dossier = services.accept(submitted_online(world), actor=world.desk)
    assert dossier.fees_owed == 0
    assert "Phí, lệ phí" not in _form_01(dossier)


def test_exemptions_need_a_reason_and_a_fee_of_the_schedule(world, clock):
    fee = world.version.fees.get()
    other = make_other_fee(world)
    dossier = submitted_online(world)
    for exemptions, code in (
        ({fee.pk: "   "}, "exemption_reason_required"),
        ({other.pk: "Hộ nghèo"}, "unknown_fee"),
        ({999_999: "Hộ nghèo"}, "unknown_fee"),
    ):
        error = refused(
            ValidationFailed,
            lambda e=exemptions: services.accept(dossier, actor=world.desk, exemptions=e),
            dossier,
        )
        assert error.code == code
    assert fresh(dossier).code is None


def make_other_fee(world):
    """A fee of another procedure's schedule."""
    from .conftest import make_procedure

    return make_procedure(world.commune_a, code="1.000656").fees.get()
