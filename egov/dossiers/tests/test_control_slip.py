"""Form 06 (Phiếu kiểm soát quá trình giải quyết hồ sơ): one row per hand-over, read from
the history, so a hand-over undone by a send-back stays on the slip; each row judged
against the handing step's due moment at that time; parallel inter-agency branches hand
over to the next stage; an agency taking part in an inter-agency dossier prints its part."""

from __future__ import annotations

import pytest

from egov.dossiers import services
from egov.dossiers.services import paperwork
from egov.orgs.models import Role
from egov.printing.onestop import Timeliness
from egov.printing.tests.pdfcheck import text

from .conftest import pdf_upload, received
from .helpers import clock_fixture, vn
from .test_interagency import set_steps

__all__ = ["clock_fixture"]

EARLY, ON_TIME, LATE = Timeliness.EARLY, Timeliness.ON_TIME, Timeliness.LATE


def rows(dossier, viewer):
    return list(paperwork._control_slip_data(dossier, viewer).rows)


def slip_text(dossier, viewer) -> str:
    return " ".join(text(paperwork.control_slip(dossier, actor=viewer)).split())


def test_a_send_back_keeps_the_first_hand_over_and_each_row_has_its_own_result(world, clock):
    w = world
    dossier = received(w)  # Mon 02/03/2026 09:00; the specialist has 1 working day
    clock.set(vn(2026, 3, 2, 10))
    services.forward(dossier, actor=w.specialist, note="Hồ sơ hợp lệ")
    clock.set(vn(2026, 3, 2, 11))
    services.send_back(dossier, actor=w.head, reason="Chưa xác minh nơi cư trú")
    clock.set(vn(2026, 3, 4, 9))  # the restarted step was due Tue 03/03 11:00
    services.forward(dossier, actor=w.specialist, note="Đã xác minh")
    clock.set(vn(2026, 3, 4, 10))
    services.forward(dossier, actor=w.head)
    clock.set(vn(2026, 3, 4, 10, 30))  # the dossier was due Wed 04/03 09:00
    services.approve(dossier, actor=w.leader)
    services.issue_result(dossier, actor=w.clerk, result=pdf_upload("kq.pdf"))
    services.hand_to_desk(dossier, actor=w.clerk)
    services.return_result(dossier, actor=w.desk, method="desk")

    slip = rows(dossier, w.desk)
    assert [(r.step.split(" (")[0], r.giver.split(" (")[0], r.result) for r in slip] == [
        ("Tiếp nhận hồ sơ", "Lê Văn Mốt", ON_TIME),
        ("Thẩm định hồ sơ", "Phạm Thị Hai", EARLY),
        ("Xem xét, trình ký", "Đỗ Thị Bốn", ON_TIME),  # the send-back, due the same day
        ("Thẩm định hồ sơ", "Phạm Thị Hai", LATE),
        ("Xem xét, trình ký", "Đỗ Thị Bốn", ON_TIME),
        ("Chủ tịch UBND ký", "Nguyễn Văn Năm", ON_TIME),
        ("Vào sổ, đóng dấu", "Hồ Thị Sáu", ON_TIME),
        ("Chuyển kết quả đến Bộ phận Một cửa", "Hồ Thị Sáu", LATE),
        ("Trả kết quả cho tổ chức, cá nhân", "Lê Văn Mốt", LATE),
    ]
    assert dossier.due_at == vn(2026, 3, 4, 9)
    first, second, back, again = slip[:4]
    assert first.receiver.startswith("Phạm Thị Hai")  # the handler the desk gave it to
    assert second.receiver.startswith("Đỗ Thị Bốn") and second.notes == "Hồ sơ hợp lệ"
    assert back.receiver.startswith("Phạm Thị Hai")
    assert back.notes == "Trả lại bước trước: Chưa xác minh nơi cư trú"
    assert (second.handed_over_at, again.handed_over_at) == (vn(2026, 3, 2, 10), vn(2026, 3, 4, 9))
    assert slip[-1].receiver == dossier.applicant_name
    assert slip[-1].notes == "trả trực tiếp tại Bộ phận Một cửa"

    content = slip_text(dossier, w.desk)
    assert content.count("Phạm Thị Hai (UBND)") >= 3  # gave twice, received twice
    assert "Trả lại bước trước: Chưa xác minh nơi cư trú" in content
    assert "Hồ sơ hợp lệ" in content
    assert content.count("Quá hạn") == 3
    assert "Trả kết quả cho tổ chức, cá nhân" in content


def test_a_consultation_and_its_answer_are_hand_overs(world, make_official, clock):
    w = world
    officer = make_official(agency=w.police, roles=[Role.SPECIALIST], full_name="Hà Văn Công")
    dossier = received(w)
    consultation = services.consult(
        dossier, actor=w.specialist, agency=w.police, question="Xác minh cư trú?", days=1
    )
    clock.set(vn(2026, 3, 4, 9))  # after the answer was due (Tue 03/03 09:00)
    services.answer_consultation(consultation, actor=officer, answer="Có cư trú thực tế")
    asked, answered = rows(dossier, w.desk)[1:]
    assert (asked.giver, asked.receiver, asked.result) == ("Phạm Thị Hai (UBND)", "CA", None)
    assert asked.notes.startswith("Xin ý kiến (hạn trả lời 09:00 03/03/2026)")
    assert (answered.giver, answered.receiver) == ("Hà Văn Công (CA)", "Phạm Thị Hai (UBND)")
    assert (answered.result, answered.notes) == (LATE, "Có cư trú thực tế")


# --- inter-agency: parallel branches, and each agency's part ------------------------------


@pytest.fixture
def lt(world, make_official, clock):
    """Commune A leads; the provincial police verifies residence in parallel (stage 2)."""
    set_steps(
        world.version,
        [
            ("Tiếp nhận", Role.DESK_OFFICER, "MC", "0", None, ""),
            ("Thẩm định (xã)", Role.SPECIALIST, "VP", "2", 2, ""),
            ("Xác minh cư trú (công an)", Role.SPECIALIST, "", "3", 2, world.police.code),
            ("Chủ tịch ký", Role.AGENCY_LEADER, "", "1", None, ""),
            ("Trả kết quả", Role.DESK_OFFICER, "MC", "0", None, ""),
        ],
    )
    world.police_specialist = make_official(
        agency=world.police, roles=[Role.SPECIALIST], full_name="Hà Văn Công"
    )
    world.dossier = received(world)
    return world


def test_parallel_branches_hand_over_to_the_next_stage_not_to_each_other(lt, clock):
    d = lt.dossier
    clock.set(vn(2026, 3, 3, 9))
    services.forward(d, actor=lt.police_specialist, note="Đã xác minh cư trú")
    clock.set(vn(2026, 3, 5, 9))  # the commune's branch was due Wed 04/03 09:00
    services.forward(d, actor=lt.specialist, note="Nội bộ xã: đủ điều kiện")
    services.approve(d, actor=lt.leader)

    slip = rows(d, lt.desk)
    assert len(slip) == 4
    reception, police, commune, approval = slip
    assert reception.receiver == "Phạm Thị Hai (UBND); Hà Văn Công (CA)"  # both branches
    assert police.step == "Xác minh cư trú (công an) (CA)"
    assert (police.giver, police.result) == ("Hà Văn Công (CA)", EARLY)
    assert police.receiver == "Nguyễn Văn Năm (UBND)"  # the lead's decision step
    assert (commune.giver, commune.result) == ("Phạm Thị Hai (UBND)", LATE)
    assert commune.receiver == "Nguyễn Văn Năm (UBND)"  # not the police's branch
    assert approval.giver == "Nguyễn Văn Năm (UBND)" and approval.receiver.endswith("(UBND)")


def test_a_participating_agency_prints_only_its_part_of_the_slip(client, lt, clock):
    d = lt.dossier
    services.forward(d, actor=lt.police_specialist, note="Đã xác minh cư trú")
    services.forward(d, actor=lt.specialist, note="Nội bộ xã: đủ điều kiện")

    police_rows = rows(d, lt.police_specialist)
    assert [r.giver for r in police_rows] == ["Hà Văn Công (CA)"]
    url = f"/can-bo/ho-so/{d.public_id}/phieu-kiem-soat/"
    client.force_login(lt.police_specialist)
    response = client.get(url)
    assert response.status_code == 200
    content = " ".join(text(response.content).split())
    assert "Đã xác minh cư trú" in content
    assert "Nội bộ xã" not in content and "Thẩm định (xã)" not in content
    assert "Lê Văn Mốt" not in content  # the desk officer's reception row is not theirs

    client.force_login(lt.specialist)  # the lead agency sees every hand-over
    content = " ".join(text(client.get(url).content).split())
    assert "Đã xác minh cư trú" in content and "Nội bộ xã: đủ điều kiện" in content
    assert "Lê Văn Mốt" in content
