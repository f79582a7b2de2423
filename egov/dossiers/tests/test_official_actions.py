"""Every action through its form on the dossier page; the services' refusals shown on the
page; a stale page refreshed without losing what the official typed."""

from __future__ import annotations

import datetime as dt
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from egov.dossiers import services
from egov.dossiers.lifecycle import Action, Status
from egov.dossiers.models import DossierFile, Step
from egov.orgs.models import Role

from .conftest import PDF_BYTES, applicant, received, submitted_online
from .official import act, action_url, fresh, page_url, shown_version, text


def active_step(dossier) -> Step:
    return dossier.steps.get(state=Step.State.ACTIVE)


def done(response, client) -> str:
    """The action went through: back to the page, whose message is returned."""
    assert response.status_code == 302, text(response)[:2000]
    return text(client.get(response.url))


# --- Reception ------------------------------------------------------------------------------


def test_desk_accepts_an_online_dossier(client, world):
    dossier = submitted_online(world)
    client.force_login(world.desk)
    page = done(act(client, dossier, "accept", {"note": "Đủ giấy tờ"}), client)
    dossier = fresh(dossier)
    assert dossier.status == Status.IN_PROGRESS
    assert f"Đã tiếp nhận hồ sơ. Mã hồ sơ là {dossier.code}" in page
    assert "In giấy tiếp nhận" in page
    receipt = text(client.get(f"{page_url(dossier)}giay-tiep-nhan/"))
    assert dossier.code in receipt and "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in receipt
    assert dossier.events.get(action=Action.ACCEPT).note == "Đủ giấy tờ"


def test_desk_exempts_a_fee_with_its_legal_ground_when_accepting(client, world):
    fee = world.version.fees.get()
    fee.exemptions = "Miễn cho trẻ em dưới 6 tuổi"
    fee.save()
    dossier = submitted_online(world)
    client.force_login(world.desk)
    page = text(client.get(page_url(dossier)))
    assert "Miễn: Lệ phí (8.000 đồng)" in page and "Miễn cho trẻ em dưới 6 tuổi" in page
    missing = act(client, dossier, "accept", {f"exempt_{fee.pk}": "on"})
    assert missing.status_code == 200
    assert "Nêu căn cứ pháp lý của khoản miễn này." in text(missing)
    assert f'href="#id_accept-reason_{fee.pk}"' in missing.content.decode()
    assert fresh(dossier).status == Status.SUBMITTED
    done(
        act(
            client,
            dossier,
            "accept",
            {f"exempt_{fee.pk}": "on", f"reason_{fee.pk}": "Trẻ em dưới 6 tuổi"},
        ),
        client,
    )
    dossier = fresh(dossier)
    assert dossier.status == Status.IN_PROGRESS and dossier.fees_owed == 0
    exemptions = dossier.events.get(action=Action.ACCEPT).data["fees"]["exemptions"]
    assert exemptions == {str(fee.pk): "Trẻ em dưới 6 tuổi"}


def test_desk_asks_once_for_completion_then_records_it(client, world):
    dossier = submitted_online(world)
    client.force_login(world.desk)
    items = "Bản sao CCCD – bản chụp bị mất góc\n- Sổ hộ khẩu: chưa nộp\n"
    done(act(client, dossier, "ask_completion", {"items": items}), client)
    dossier = fresh(dossier)
    assert dossier.status == Status.INCOMPLETE
    assert dossier.events.get(action=Action.ASK_COMPLETION).data == {
        "items": ["Bản sao CCCD", "Sổ hộ khẩu"],
        "item_reasons": ["bản chụp bị mất góc", "chưa nộp"],
    }
    assert "Yêu cầu bổ sung, hoàn thiện (mẫu 02)" not in text(client.get(page_url(dossier)))
    scan = SimpleUploadedFile("cccd.pdf", PDF_BYTES, content_type="application/pdf")
    component = dossier.procedure_version.components.first()
    response = client.post(
        action_url(dossier, "complete"),
        {
            "complete-expected_version": dossier.version,
            "complete-note": "Mang bản sao CCCD",
            "complete-component": component.pk,
            "complete-file": scan,
        },
    )
    done(response, client)
    dossier = fresh(dossier)
    assert dossier.status == Status.SUBMITTED
    stored = dossier.files.get(event__action=Action.COMPLETE)
    assert stored.digitised and stored.component == component


def test_desk_refuses_reception_with_reasons(client, world):
    dossier = submitted_online(world)
    client.force_login(world.desk)
    done(act(client, dossier, "refuse_reception", {"reasons": "Không thuộc thẩm quyền"}), client)
    dossier = fresh(dossier)
    assert dossier.status == Status.RECEPTION_REFUSED
    assert dossier.events.last().data["reasons"] == ["Không thuộc thẩm quyền"]


def test_desk_stops_a_dossier_at_the_applicants_request(client, world):
    dossier = received(world)
    client.force_login(world.desk)
    done(act(client, dossier, "stop", {"reason": "Công dân có đơn xin rút"}), client)
    assert fresh(dossier).status == Status.STOPPED


# --- Processing -----------------------------------------------------------------------------


def test_the_whole_processing_through_the_forms(client, world):
    dossier = received(world)
    step = active_step(dossier)
    client.force_login(world.head)
    page = client.get(page_url(dossier)).content.decode()
    assert f'value="{step.pk}:{world.specialist2.pk}"' in page
    message = done(
        act(client, dossier, "assign", {"choice": f"{step.pk}:{world.specialist2.pk}"}), client
    )
    assert "Đã giao bước cho Võ Văn Ba." in message
    assert active_step(dossier).handler == world.specialist2

    client.force_login(world.specialist2)
    done(act(client, dossier, "forward", {"note": "Hồ sơ hợp lệ"}, target=step.pk), client)
    head_step = active_step(dossier)
    client.force_login(world.head)
    done(act(client, dossier, "forward", {}, target=head_step.pk), client)
    leader_step = active_step(dossier)
    client.force_login(world.leader)
    done(act(client, dossier, "approve", {"note": "Đồng ý"}, target=leader_step.pk), client)
    assert fresh(dossier).status == Status.APPROVED

    client.force_login(world.clerk)
    result = SimpleUploadedFile("giay-khai-sinh.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(
        action_url(dossier, "issue_result"),
        {"issue_result-expected_version": fresh(dossier).version, "issue_result-result": result},
    )
    done(response, client)
    assert fresh(dossier).files.filter(kind=DossierFile.Kind.RESULT).count() == 1
    done(act(client, dossier, "hand_to_desk", {}), client)
    assert fresh(dossier).status == Status.READY

    client.force_login(world.desk)
    refused = act(client, dossier, "return_result", {"method": "post"})
    assert refused.status_code == 400
    assert "Nhập mã bưu gửi." in text(refused)
    done(
        act(client, dossier, "return_result", {"method": "post", "tracking_number": "EE123VN"}),
        client,
    )
    dossier = fresh(dossier)
    assert dossier.status == Status.RETURNED
    assert dossier.tracking_number == "EE123VN"


def test_head_sends_back_to_the_specialist(client, world):
    dossier = received(world)
    services.forward(dossier, actor=world.specialist)
    client.force_login(world.head)
    step = active_step(dossier)
    done(act(client, dossier, "send_back", {"reason": "Thiếu xác minh"}, target=step.pk), client)
    assert active_step(dossier).name == "Thẩm định hồ sơ"


def test_consultation_asked_and_answered(client, world, make_official):
    dossier = received(world)
    step = active_step(dossier)
    province_leader = make_official(agency=world.committee, roles=[Role.AGENCY_LEADER])
    client.force_login(world.specialist)
    done(
        act(
            client,
            dossier,
            "consult",
            {"agency": world.committee.pk, "question": "Có tranh chấp không?", "days": "1,5"},
            target=step.pk,
        ),
        client,
    )
    consultation = dossier.consultations.get()
    assert consultation.agency == world.committee
    client.force_login(province_leader)
    assert "Trả lời xin ý kiến" in text(client.get(page_url(dossier)))
    answer = act(
        client, dossier, "answer_consultation", {"answer": "Không"}, target=consultation.pk
    )
    assert "Đã ghi nhận ý kiến trả lời của bạn." in done(answer, client)
    consultation.refresh_from_db()
    assert consultation.answer == "Không" and consultation.answered_by == province_leader


def test_supplement_requested_then_brought_to_the_desk(client, world):
    dossier = received(world)
    client.force_login(world.specialist)
    done(
        act(
            client,
            dossier,
            "request_supplement",
            {"items": "Bản sao giấy đăng ký kết hôn", "note": "Tờ khai ghi đã kết hôn"},
            target=active_step(dossier).pk,
        ),
        client,
    )
    dossier = fresh(dossier)
    assert dossier.status == Status.WAITING_SUPPLEMENT and dossier.paused_at
    client.force_login(world.desk)
    page = done(act(client, dossier, "supplement", {"note": "Đã nộp bản sao"}), client)
    assert "thời gian giải quyết được tính lại từ đầu" in page
    assert fresh(dossier).status == Status.IN_PROGRESS


def test_refusal_proposed_then_rejected_then_approved(client, world):
    dossier = received(world)
    client.force_login(world.specialist)
    step = active_step(dossier)
    done(
        act(client, dossier, "propose_refusal", {"reasons": "Giấy tờ giả"}, target=step.pk), client
    )
    client.force_login(world.leader)
    done(act(client, dossier, "reject_refusal", {"note": "Cần xác minh thêm"}), client)
    assert fresh(dossier).status == Status.IN_PROGRESS
    client.force_login(world.specialist)
    done(
        act(client, dossier, "propose_refusal", {"reasons": "Giấy tờ giả"}, target=step.pk), client
    )
    client.force_login(world.leader)
    done(act(client, dossier, "approve_refusal", {}), client)
    assert fresh(dossier).status == Status.REFUSED


def test_leader_sends_the_apology_with_a_new_date(client, world):
    dossier = received(world)
    new_due = timezone.localtime(dossier.due_at) + dt.timedelta(days=7)
    client.force_login(world.leader)
    done(
        act(
            client,
            dossier,
            "late_notice",
            {
                "reason": "Cần xác minh tại nơi cư trú",
                "new_due_date": new_due.strftime("%d/%m/%Y"),
                "new_due_time": "16:30",
            },
        ),
        client,
    )
    dossier = fresh(dossier)
    local = timezone.localtime(dossier.due_at)
    assert (local.date(), local.strftime("%H:%M")) == (new_due.date(), "16:30")
    assert dossier.original_due_at is not None
    assert "Xin lỗi và hẹn lại ngày trả (mẫu 04)" not in text(client.get(page_url(dossier)))


# --- Refusals and conflicts -----------------------------------------------------------------


def test_a_service_refusal_is_shown_on_the_page(client, world):
    paper = services.desk_register(
        actor=world.desk,
        version=world.version,
        handling_agency=world.commune_a,
        applicant=applicant(),
    )
    client.force_login(world.desk)
    response = act(client, paper, "accept", {})
    assert response.status_code == 400
    page = text(response)
    assert "Còn thiếu giấy tờ: Tờ khai đăng ký khai sinh; Giấy chứng sinh." in page
    assert 'id="act-accept"' in response.content.decode(), "shown at the accept form"
    assert fresh(paper).status == Status.SUBMITTED


def test_an_action_not_offered_is_refused_with_its_message(client, world):
    dossier = received(world)
    client.force_login(world.clerk)
    response = act(
        client, dossier, "forward", {"note": "Tôi chuyển"}, target=active_step(dossier).pk
    )
    assert response.status_code == 403
    page = text(response)
    assert "Bước này do Chuyên viên xử lý; bạn không được thao tác." in page
    assert "Tôi chuyển" in page, "what was typed is shown back"


def test_form_errors_are_summarised_with_links_to_the_fields(client, world):
    dossier = submitted_online(world)
    client.force_login(world.desk)
    response = act(client, dossier, "refuse_reception", {"reasons": "  "})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="error-summary"' in body and "autofocus" in body
    assert 'href="#id_refuse_reception-reasons"' in body
    assert 'aria-invalid="true"' in body
    assert (
        'aria-describedby="id_refuse_reception-reasons_helptext id_refuse_reception-reasons_error"'
        in body
    )
    assert f'action="{action_url(dossier, "refuse_reception")}"' in body
    assert fresh(dossier).status == Status.SUBMITTED


def test_a_stale_page_keeps_what_was_typed_and_offers_the_current_version(client, world):
    dossier = received(world)
    step = active_step(dossier)
    client.force_login(world.specialist)
    seen = shown_version(client.get(page_url(dossier)), f"forward-{step.pk}")
    services.consult(dossier, actor=world.leader, agency=world.commune_b, question="?", days=1)

    response = act(
        client, dossier, "forward", {"note": "Đã thẩm định xong"}, target=step.pk, version=seen
    )
    assert response.status_code == 409
    page = text(response)
    assert "Người khác đã thay đổi hồ sơ này" in page
    assert "Người khác vừa thay đổi hồ sơ này." in page
    body = response.content.decode()
    assert re.search(r"<textarea[^>]*forward-\d+-note[^>]*>\s*Đã thẩm định xong</textarea>", body)
    current = fresh(dossier).version
    assert shown_version(response, f"forward-{step.pk}") == current
    assert active_step(dossier) == step, "nothing was done"

    again = act(
        client, dossier, "forward", {"note": "Đã thẩm định xong"}, target=step.pk, version=current
    )
    assert again.status_code == 302
    assert fresh(dossier).events.last().note == "Đã thẩm định xong"


def test_a_stale_action_no_longer_possible_shows_the_input_to_copy(client, world):
    dossier = received(world)
    step = active_step(dossier)
    client.force_login(world.specialist)
    seen = fresh(dossier).version
    services.forward(dossier, actor=world.specialist2)
    response = act(
        client,
        dossier,
        "send_back",
        {"reason": "Ghi chú dài của tôi"},
        target=step.pk,
        version=seen,
    )
    assert response.status_code in (400, 409)
    page = text(response)
    assert "Ghi chú dài của tôi" in page
    assert "Nội dung bạn nhập chưa được lưu" in page


def test_unknown_action_or_foreign_step_is_404(client, world):
    dossier, other = received(world), received(world)
    client.force_login(world.specialist)
    assert client.post(action_url(dossier, "explode"), {}).status_code == 404
    foreign = active_step(other)
    response = act(client, dossier, "forward", {}, target=foreign.pk)
    assert response.status_code == 404
    assert active_step(other) == foreign
    assert client.get(action_url(dossier, "forward", foreign.pk)).status_code == 405


def test_issuing_needs_the_file_when_the_result_goes_online(client, world):
    dossier = received(world)
    services.forward(dossier, actor=world.specialist)
    services.forward(dossier, actor=world.head)
    services.approve(dossier, actor=world.leader)
    client.force_login(world.clerk)
    response = act(client, dossier, "issue_result", {"note": "Đã ký"})
    assert response.status_code == 400
    assert "Người nộp đăng ký nhận kết quả trực tuyến: hãy tải lên văn bản kết quả." in text(
        response
    )
    assert fresh(dossier).status == Status.APPROVED


def test_asking_for_completion_without_reasons_is_refused_by_the_page(client, world):
    dossier = submitted_online(world)
    client.force_login(world.desk)
    response = act(client, dossier, "ask_completion", {"items": "Bản sao CCCD\nSổ hộ khẩu – cũ"})
    assert response.status_code == 200
    page = text(response)
    assert "Bản sao CCCD" in page and "Nêu lý do" in page
    assert fresh(dossier).status == Status.SUBMITTED
