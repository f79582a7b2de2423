"""Inter-agency (liên thông) dossiers: steps in another agency, run in parallel with the lead
agency's; each agency acts on and sees only its own part."""

from __future__ import annotations

from decimal import Decimal

import pytest

from egov.catalog.models import ProcessStep
from egov.core.errors import PermissionRefused, ValidationFailed
from egov.dossiers import selectors, services
from egov.dossiers.lifecycle import Action, Status
from egov.dossiers.models import Step
from egov.orgs.models import Role

from .conftest import received, submitted_online
from .helpers import clock_fixture, fresh, history, refused, vn

__all__ = ["clock_fixture"]

D = Decimal


def set_steps(version, rows):
    """Replace the version's template: rows of (name, role, department, days, stage, agency)."""
    version.steps.all().delete()
    for position, (name, role, department, days, stage, agency) in enumerate(rows, start=1):
        ProcessStep.objects.create(
            version=version,
            position=position,
            name=name,
            role=role,
            department=department,
            days=D(days),
            stage=stage,
            agency_code=agency,
        )
    version.processing_days = D("4")
    version.save(update_fields=["processing_days"])


@pytest.fixture
def lt(world, make_official, clock):
    """Commune A leads; the provincial police verifies residence in parallel (stage 2)."""
    police = world.police.code
    set_steps(
        world.version,
        [
            ("Tiếp nhận", Role.DESK_OFFICER, "MC", "0", None, ""),
            ("Thẩm định (xã)", Role.SPECIALIST, "VP", "2", 2, ""),
            ("Xác minh cư trú (công an)", Role.SPECIALIST, "", "3", 2, police),
            ("Chủ tịch ký", Role.AGENCY_LEADER, "", "1", None, ""),
            ("Trả kết quả", Role.DESK_OFFICER, "MC", "0", None, ""),
        ],
    )
    world.police_specialist = make_official(
        agency=world.police, roles=[Role.SPECIALIST], full_name="Hà Văn Công"
    )
    world.police_leader = make_official(agency=world.police, roles=[Role.AGENCY_LEADER])
    world.dossier = received(world)
    return world


def step(dossier, position):
    return dossier.steps.get(position=position)


def active_positions(dossier):
    return list(
        dossier.steps.filter(state=Step.State.ACTIVE)
        .order_by("position")
        .values_list("position", flat=True)
    )


def test_steps_are_planned_in_their_agencies_and_stages(lt):
    d = lt.dossier
    rows = list(d.steps.order_by("position").values_list("position", "stage", "agency__code"))
    commune, police = lt.commune_a.code, lt.police.code
    assert rows == [
        (1, 1, commune),
        (2, 2, commune),
        (3, 2, police),
        (4, 4, commune),
        (5, 5, commune),
    ]
    assert active_positions(d) == [2, 3]  # both branches start together
    assert step(d, 2).due_at == vn(2026, 3, 4)
    assert step(d, 3).due_at == vn(2026, 3, 5)
    assert fresh(d).due_at == vn(2026, 3, 6)  # 4 working days: the longest branch counts


def test_each_agency_acts_only_on_its_own_step(lt):
    d = lt.dossier
    refused(
        PermissionRefused,
        lambda: services.forward(d, actor=lt.police_specialist, step=step(d, 2)),
        d,
    )
    refused(PermissionRefused, lambda: services.forward(d, actor=lt.specialist, step=step(d, 3)), d)
    refused(PermissionRefused, lambda: services.forward(d, actor=lt.leader, step=step(d, 3)), d)
    # Without naming the step, each official's own branch is the one meant.
    services.forward(d, actor=lt.police_specialist, note="Đã xác minh")
    assert step(d, 3).state == Step.State.DONE and step(d, 2).state == Step.State.ACTIVE
    assert active_positions(d) == [2]  # the stage waits for the commune's branch
    event = d.events.order_by("-id").first()
    assert (event.agency, event.step, event.actor) == (lt.police, step(d, 3), lt.police_specialist)
    services.forward(d, actor=lt.specialist)
    assert active_positions(d) == [4]


def test_a_step_is_named_when_the_actor_may_act_on_both_branches(lt, sysadmin):
    error = refused(
        ValidationFailed, lambda: services.forward(lt.dossier, actor=sysadmin), lt.dossier
    )
    assert error.code == "step_ambiguous"


def test_the_other_agency_assigns_its_own_step_only(lt):
    d = lt.dossier
    refused(
        PermissionRefused,
        lambda: services.assign(d, actor=lt.leader, step=step(d, 3), handler=lt.police_specialist),
        d,
    )
    refused(
        PermissionRefused,
        lambda: services.assign(d, actor=lt.police_leader, step=step(d, 2), handler=lt.specialist),
        d,
    )
    error = refused(
        ValidationFailed,
        lambda: services.assign(d, actor=lt.police_leader, step=step(d, 3), handler=lt.specialist),
        d,
    )
    assert error.code == "handler_not_eligible"
    services.assign(d, actor=lt.police_leader, step=step(d, 3), handler=lt.police_specialist)
    assert step(d, 3).handler == lt.police_specialist


def test_the_other_agency_takes_no_decision_for_the_lead(lt, clock):
    d = lt.dossier
    services.propose_refusal(d, actor=lt.police_specialist, reasons=["Không cư trú thực tế"])
    for call in (
        lambda: services.approve_refusal(d, actor=lt.police_leader),
        lambda: services.reject_refusal(d, actor=lt.police_leader, note="x"),
    ):
        refused(PermissionRefused, call, d)
    services.reject_refusal(d, actor=lt.leader, note="Đã có xác nhận của tổ dân phố")
    refused(
        PermissionRefused,
        lambda: services.late_notice(
            d, actor=lt.police_leader, reason="x", new_due=vn(2026, 3, 13, 17)
        ),
        d,
    )
    services.forward(d, actor=lt.specialist)
    services.forward(d, actor=lt.police_specialist)
    refused(PermissionRefused, lambda: services.approve(d, actor=lt.police_leader), d)
    services.approve(d, actor=lt.leader)
    assert fresh(d).status == Status.APPROVED


def test_send_back_reopens_the_whole_parallel_stage(lt):
    d = lt.dossier
    services.forward(d, actor=lt.specialist)
    services.forward(d, actor=lt.police_specialist)
    services.send_back(d, actor=lt.leader, reason="Kết quả xác minh chưa rõ")
    assert active_positions(d) == [2, 3]
    assert step(d, 4).state == Step.State.WAITING
    assert history(d)[-1] == (Action.SEND_BACK, Status.IN_PROGRESS, Status.IN_PROGRESS)


# --- who sees what ------------------------------------------------------------------------


def test_participating_agency_sees_the_dossier_and_only_its_steps(lt):
    d = lt.dossier
    services.forward(d, actor=lt.police_specialist)
    services.forward(d, actor=lt.specialist, note="Nội bộ xã")
    assert list(selectors.visible_to_official(lt.police_specialist)) == [d]
    assert not selectors.leads(lt.police_specialist, d)
    assert [s.position for s in selectors.steps_visible_to(lt.police_specialist, d)] == [3]
    police_lines = selectors.events_visible_to(lt.police_specialist, d)
    assert [e.action for e in police_lines] == [Action.FORWARD]
    assert "Nội bộ xã" not in [e.note for e in police_lines]
    assert [s.position for s in selectors.steps_visible_to(lt.specialist, d)] == [1, 2, 3, 4, 5]
    assert selectors.events_visible_to(lt.specialist, d).count() == len(history(d))
    assert not selectors.visible_to_official(lt.desk_b).exists()


def test_police_does_not_see_dossiers_without_a_police_step(lt):
    set_steps(
        lt.version,
        [
            ("Tiếp nhận", Role.DESK_OFFICER, "MC", "0", None, ""),
            ("Thẩm định", Role.SPECIALIST, "VP", "3", None, ""),
            ("Ký", Role.AGENCY_LEADER, "", "1", None, ""),
        ],
    )
    other = received(lt)
    assert other.steps.filter(agency=lt.police).count() == 0
    assert list(selectors.visible_to_official(lt.police_specialist)) == [lt.dossier]
    assert set(selectors.visible_to_official(lt.specialist)) == {lt.dossier, other}


# --- templates ----------------------------------------------------------------------------


def test_reception_refused_when_a_step_names_an_agency_that_no_longer_exists(world, clock):
    dossier = submitted_online(world)
    world.version.steps.filter(position=2).update(agency_code="999.99.99.H99")
    error = refused(ValidationFailed, lambda: services.accept(dossier, actor=world.desk), dossier)
    assert error.code == "step_agency_unknown"
    assert fresh(dossier).code is None and not dossier.steps.exists()


def test_a_step_parallel_to_the_reception_starts_at_reception(world, clock):
    set_steps(
        world.version,
        [
            ("Tiếp nhận", Role.DESK_OFFICER, "MC", "0", 1, ""),
            ("Tra cứu cơ sở dữ liệu dân cư", Role.SPECIALIST, "VP", "1", 1, ""),
            ("Thẩm định", Role.SPECIALIST, "VP", "2", None, ""),
            ("Ký", Role.AGENCY_LEADER, "", "1", None, ""),
        ],
    )
    dossier = received(world)
    assert step(dossier, 1).state == Step.State.DONE
    assert active_positions(dossier) == [2]
    services.forward(dossier, actor=world.specialist)
    assert active_positions(dossier) == [3]


def test_a_procedure_without_a_desk_step_starts_at_its_first_step(world, clock):
    set_steps(
        world.version,
        [
            ("Thẩm định", Role.SPECIALIST, "VP", "3", None, ""),
            ("Ký", Role.AGENCY_LEADER, "", "1", None, ""),
        ],
    )
    dossier = received(world)
    first = step(dossier, 1)
    assert first.state == Step.State.ACTIVE and first.handler is None
    assert fresh(dossier).status == Status.IN_PROGRESS


# --- the dossier page of a participating agency: its part only ------------------------------


def _file_url(dossier, stored):
    return f"/can-bo/ho-so/{dossier.public_id}/tep/{stored.pk}/"


def _lead_internal_note(lt):
    """The commune's own working paper, kept with the commune specialist's forward."""
    from egov.dossiers.models import DossierFile
    from egov.dossiers.services import files

    from .conftest import PDF_BYTES

    d = lt.dossier
    services.forward(d, actor=lt.specialist, note="Nội bộ xã")
    event = d.events.get(action=Action.FORWARD, step__agency=lt.commune_a)
    return files.store_generated(
        d,
        PDF_BYTES,
        name="to-trinh-noi-bo-xa.pdf",
        kind=DossierFile.Kind.ATTACHMENT,
        actor=lt.specialist,
        event=event,
    )


def test_a_participating_agency_sees_its_consultations_files_and_not_the_leads(client, lt):
    from egov.dossiers.models import DossierFile

    from .official import page_url
    from .official import text as page_text

    d = lt.dossier
    services.consult(
        d, actor=lt.specialist, agency=lt.justice, question="Câu hỏi riêng của xã", days=1
    )
    services.consult(
        d, actor=lt.police_specialist, agency=lt.justice, question="Câu hỏi của công an", days=1
    )
    internal = _lead_internal_note(lt)
    receipt = d.files.get(kind=DossierFile.Kind.FORM, form_code="01")
    component = d.files.filter(kind=DossierFile.Kind.COMPONENT).first()

    client.force_login(lt.police_specialist)
    page = page_text(client.get(page_url(d)))
    assert "Câu hỏi của công an" in page
    assert "Câu hỏi riêng của xã" not in page
    assert component.name in page  # the applicant's papers: needed to verify residence
    assert "to-trinh-noi-bo-xa.pdf" not in page and receipt.name not in page
    assert client.get(_file_url(d, component)).status_code == 200
    assert client.get(_file_url(d, internal)).status_code == 404
    assert client.get(_file_url(d, receipt)).status_code == 404

    client.force_login(lt.specialist)  # the lead agency sees all of it
    page = page_text(client.get(page_url(d)))
    assert "Câu hỏi của công an" in page and "Câu hỏi riêng của xã" in page
    assert "to-trinh-noi-bo-xa.pdf" in page and receipt.name in page
    assert client.get(_file_url(d, internal)).status_code == 200


def test_a_consulted_agency_sees_the_question_put_to_it_only(client, lt, make_official):
    from .official import page_url
    from .official import text as page_text

    d = lt.dossier
    justice = make_official(agency=lt.justice, roles=[Role.SPECIALIST], full_name="Lý Thị Tám")
    services.consult(d, actor=lt.police_specialist, agency=lt.justice, question="Hỏi STP", days=1)
    services.consult(d, actor=lt.specialist, agency=lt.police, question="Hỏi công an", days=1)
    _lead_internal_note(lt)
    assert [c.question for c in selectors.consultations_visible_to(justice, d)] == ["Hỏi STP"]
    assert [e.action for e in selectors.events_visible_to(justice, d)] == [Action.CONSULT]
    client.force_login(justice)
    page = page_text(client.get(page_url(d)))
    assert "Hỏi STP" in page and "Hỏi công an" not in page
    assert "to-trinh-noi-bo-xa.pdf" not in page and "Nội bộ xã" not in page
