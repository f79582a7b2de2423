"""“Hồ sơ của tôi”: the list, a dossier in full, its files, supplement, stop and rating."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from egov.core.tests.samples import png_bytes
from egov.dossiers import services
from egov.dossiers.lifecycle import Action, Status
from egov.dossiers.models import DossierFile, Step

from .citizen import detail_url, pdf, png
from .conftest import pdf_upload, received, submitted_online


def url(name, dossier, **kwargs):
    return reverse(f"dossiers:{name}", kwargs={"public_id": dossier.public_id, **kwargs})


def file_url(dossier, item):
    return url("file", dossier, file_id=item.pk)


def approved(world):
    dossier = received(world)
    services.assign(
        dossier, actor=world.head, step=dossier.steps.get(position=2), handler=world.specialist
    )
    services.forward(dossier, actor=world.specialist, note="Hồ sơ hợp lệ, trình ký")
    services.forward(dossier, actor=world.head)
    services.approve(dossier, actor=world.leader)
    return dossier


def returned(world):
    dossier = approved(world)
    services.issue_result(dossier, actor=world.clerk, result=pdf_upload("giay-khai-sinh.pdf"))
    services.hand_to_desk(dossier, actor=world.clerk)
    services.return_result(dossier, actor=world.desk, method="online")
    dossier.refresh_from_db()
    return dossier


# --- the list -------------------------------------------------------------------------------


def test_the_list_shows_drafts_and_submitted_dossiers_with_status_code_and_due_date(client, world):
    draft = services.draft_create(
        owner=world.citizen, version=world.version, handling_agency=world.commune_a
    )
    waiting = submitted_online(world)
    running = received(world)
    client.force_login(world.citizen)
    response = client.get(reverse("dossiers:mine"))
    text = response.content.decode()
    assert response.status_code == 200
    assert (
        reverse("dossiers:step", kwargs={"public_id": draft.public_id, "step": "kiem-tra"}) in text
    )
    assert detail_url(waiting) in text and detail_url(running) in text
    assert running.code in text
    assert "Chưa tiếp nhận" in text  # the submitted one has no code yet
    assert "Đang giải quyết" in text
    assert timezone.localtime(running.due_at).strftime("%d/%m/%Y") in text


def test_the_list_shows_only_the_owner_s_dossiers(client, world):
    mine = received(world)
    client.force_login(world.other_citizen)
    text = client.get(reverse("dossiers:mine")).content.decode()
    assert mine.code not in text
    assert "Bạn chưa nộp hồ sơ nào." in text


def test_the_list_runs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    for _ in range(3):
        received(world)
    client.force_login(world.citizen)
    client.get(reverse("dossiers:mine"))
    with django_assert_max_num_queries(8):
        client.get(reverse("dossiers:mine"))
    for _ in range(3):
        received(world)
    with django_assert_max_num_queries(8):
        client.get(reverse("dossiers:mine"))


def test_a_dossier_asked_for_more_links_to_the_supplement_page(client, world):
    dossier = submitted_online(world)
    services.ask_completion(
        dossier, actor=world.desk, items=[("Bản sao CCCD của mẹ", "chưa có trong hồ sơ")]
    )
    client.force_login(world.citizen)
    text = client.get(reverse("dossiers:mine")).content.decode()
    assert url("supplement", dossier) in text


# --- the detail page ------------------------------------------------------------------------


def test_the_detail_shows_steps_history_and_papers_without_officials_names(client, world):
    dossier = received(world)
    client.force_login(world.citizen)
    text = client.get(detail_url(dossier)).content.decode()
    assert dossier.code in text
    assert "Thẩm định hồ sơ" in text and "Chủ tịch UBND ký" in text
    assert "Tiếp nhận (cấp Giấy tiếp nhận)" in text  # the history line of the acceptance
    assert "Cán bộ một cửa · UBND xã An Bình" in text  # who accepted it, by role
    assert "Quá trình giải quyết" in text
    assert "Lê Văn Mốt" not in text  # the desk officer, by role only
    receipt = dossier.files.get(kind=DossierFile.Kind.FORM, form_code="01")
    assert file_url(dossier, receipt) in text
    assert "Bạn" in text  # the applicant's own actions


def test_internal_actions_and_notes_are_not_shown_to_the_applicant(client, world):
    dossier = received(world)
    step = dossier.steps.get(position=2)
    services.assign(dossier, actor=world.head, step=step, handler=world.specialist)
    services.consult(
        dossier, actor=world.specialist, agency=world.commune_b, question="Hỏi nội bộ", days=1
    )
    services.propose_refusal(dossier, actor=world.specialist, reasons=["Lý do nội bộ"])
    client.force_login(world.citizen)
    text = client.get(detail_url(dossier)).content.decode()
    for hidden in ("Hỏi nội bộ", "Lý do nội bộ", "Phạm Thị Hai", "Đỗ Thị Bốn"):
        assert hidden not in text
    assert "Đề xuất từ chối" not in text
    assert "Đang giải quyết" in text  # the status while the refusal is only proposed


def test_an_internal_note_on_a_visible_action_is_not_shown(client, world):
    dossier = approved(world)
    client.force_login(world.citizen)
    text = client.get(detail_url(dossier)).content.decode()
    assert "Chuyển bước tiếp theo" in text
    assert "Hồ sơ hợp lệ, trình ký" not in text


def test_what_the_desk_asked_for_is_shown(client, world):
    dossier = submitted_online(world)
    services.ask_completion(
        dossier, actor=world.desk, items=[("Bản sao CCCD của mẹ", "chưa có trong hồ sơ")]
    )
    client.force_login(world.citizen)
    text = client.get(detail_url(dossier)).content.decode()
    assert "Bản sao CCCD của mẹ" in text
    assert url("supplement", dossier) in text


def test_the_result_is_downloadable_by_its_owner_once_ready(client, world):
    dossier = approved(world)
    services.issue_result(dossier, actor=world.clerk, result=pdf_upload("giay-khai-sinh.pdf"))
    result = dossier.files.get(kind=DossierFile.Kind.RESULT)
    client.force_login(world.citizen)
    assert file_url(dossier, result) not in client.get(detail_url(dossier)).content.decode()
    assert client.get(file_url(dossier, result)).status_code == 404  # issued, not yet ready
    services.hand_to_desk(dossier, actor=world.clerk)
    text = client.get(detail_url(dossier)).content.decode()
    assert file_url(dossier, result) in text
    response = client.get(file_url(dossier, result))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "giay-khai-sinh.pdf" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_applicant_downloads_their_own_documents_and_the_receipt(client, world):
    dossier = received(world)
    client.force_login(world.citizen)
    for item in dossier.files.all():
        assert client.get(file_url(dossier, item)).status_code == 200, item.kind


def test_a_removed_file_and_an_attachment_are_not_downloadable(client, world):
    dossier = services.draft_create(
        owner=world.citizen, version=world.version, handling_agency=world.commune_a
    )
    component = world.version.components.first()
    removed = services.component_upload(dossier, pdf(), actor=world.citizen, component=component)
    services.file_remove(removed, actor=world.citizen)
    attachment = services.files.store(
        dossier, pdf(), kind=DossierFile.Kind.ATTACHMENT, actor=world.desk
    )
    client.force_login(world.citizen)
    assert client.get(file_url(dossier, removed)).status_code == 404
    assert client.get(file_url(dossier, attachment)).status_code == 404


def test_a_file_of_another_dossier_is_not_reachable_through_mine(client, world):
    mine = submitted_online(world)
    theirs = received(world)
    theirs.owner = world.other_citizen
    theirs.save(update_fields=["owner"])
    other_file = theirs.files.first()
    client.force_login(world.citizen)
    assert client.get(file_url(mine, other_file)).status_code == 404


# --- supplement -----------------------------------------------------------------------------


def test_completing_at_reception_sends_the_dossier_back_to_the_desk(client, world):
    dossier = submitted_online(world)
    services.ask_completion(
        dossier, actor=world.desk, items=[("Ảnh giấy chứng sinh rõ hơn", "chưa có trong hồ sơ")]
    )
    dossier.refresh_from_db()
    component = world.version.components.get(position=2)
    client.force_login(world.citizen)
    page = client.get(url("supplement", dossier)).content.decode()
    assert f'name="component-{component.pk}"' in page
    assert "Ảnh giấy chứng sinh rõ hơn" in page
    response = client.post(
        url("supplement", dossier),
        {
            f"component-{component.pk}": png(),
            "note": "Đã chụp lại",
            "version": dossier.version,
        },
    )
    assert response["Location"] == detail_url(dossier)
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED
    added = dossier.files.filter(component=component).order_by("-id").first()
    assert added.name == "giay-chung-sinh.png"
    assert dossier.events.filter(action=Action.COMPLETE, note="Đã chụp lại").exists()


def test_supplementing_after_appraisal_restarts_the_clock(client, world):
    dossier = received(world)
    services.request_supplement(
        dossier, actor=world.specialist, items=[("Giấy xác nhận cư trú", "chưa có trong hồ sơ")]
    )
    dossier.refresh_from_db()
    client.force_login(world.citizen)
    page = client.get(url("supplement", dossier)).content.decode()
    assert "Giấy xác nhận cư trú" in page
    assert "được tính lại từ đầu" in page
    response = client.post(
        url("supplement", dossier),
        {"other_files": [pdf("cu-tru.pdf"), png("anh.png")], "version": dossier.version},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROGRESS
    names = set(
        dossier.files.filter(kind=DossierFile.Kind.SUPPLEMENT).values_list("name", flat=True)
    )
    assert names == {"cu-tru.pdf", "anh.png"}


def test_a_bad_supplement_file_stores_nothing_and_says_why(client, world):
    dossier = received(world)
    services.request_supplement(
        dossier, actor=world.specialist, items=[("Giấy xác nhận cư trú", "chưa có trong hồ sơ")]
    )
    dossier.refresh_from_db()
    lying = SimpleUploadedFile("cu-tru.pdf", png_bytes())
    client.force_login(world.citizen)
    response = client.post(
        url("supplement", dossier),
        {"other_files": [pdf("tot.pdf"), lying], "version": dossier.version},
    )
    assert response.status_code == 200
    assert (
        "cu-tru.pdf: Tên tệp có đuôi .pdf nhưng nội dung là tệp PNG." in response.content.decode()
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.WAITING_SUPPLEMENT
    assert not dossier.files.filter(kind=DossierFile.Kind.SUPPLEMENT).exists()


def test_an_empty_supplement_is_refused(client, world):
    dossier = received(world)
    services.request_supplement(
        dossier, actor=world.specialist, items=[("Giấy xác nhận cư trú", "chưa có trong hồ sơ")]
    )
    dossier.refresh_from_db()
    client.force_login(world.citizen)
    response = client.post(url("supplement", dossier), {"version": dossier.version})
    assert (
        "Đính kèm giấy tờ được yêu cầu hoặc ghi rõ nội dung bổ sung." in response.content.decode()
    )


def test_a_stale_supplement_form_is_refused_with_the_conflict_message(client, world):
    dossier = received(world)
    services.request_supplement(
        dossier, actor=world.specialist, items=[("Giấy xác nhận cư trú", "chưa có trong hồ sơ")]
    )
    dossier.refresh_from_db()
    client.force_login(world.citizen)
    response = client.post(
        url("supplement", dossier), {"note": "Bổ sung", "version": dossier.version - 1}
    )
    assert response.status_code == 200
    assert "Người khác vừa thay đổi hồ sơ này." in response.content.decode()


def test_nothing_to_supplement_goes_back_to_the_detail(client, world):
    dossier = received(world)
    client.force_login(world.citizen)
    response = client.get(url("supplement", dossier))
    assert response["Location"] == detail_url(dossier)


# --- stop and rate --------------------------------------------------------------------------


def test_the_applicant_stops_the_processing_with_a_reason(client, world):
    dossier = received(world)
    client.force_login(world.citizen)
    assert url("stop", dossier) in client.get(detail_url(dossier)).content.decode()
    empty = client.post(url("stop", dossier), {"reason": "", "version": dossier.version})
    assert "Nêu lý do dừng giải quyết." in empty.content.decode()
    response = client.post(
        url("stop", dossier), {"reason": "Không còn nhu cầu", "version": dossier.version}
    )
    assert response["Location"] == detail_url(dossier)
    dossier.refresh_from_db()
    assert dossier.status == Status.STOPPED
    assert not dossier.steps.filter(state=Step.State.ACTIVE).exists()
    text = client.get(detail_url(dossier)).content.decode()
    assert "Không còn nhu cầu" in text
    assert url("stop", dossier) not in text
    again = client.get(url("stop", dossier))
    assert again["Location"] == detail_url(dossier)


def test_rating_is_offered_once_after_the_result_is_returned(client, world):
    dossier = approved(world)
    client.force_login(world.citizen)
    assert client.get(url("rate", dossier))["Location"] == detail_url(dossier)
    dossier = returned(world)
    assert url("rate", dossier) in client.get(detail_url(dossier)).content.decode()
    missing = client.post(url("rate", dossier), {})
    assert "Chọn mức đánh giá từ 1 đến 5." in missing.content.decode()
    out_of_range = client.post(url("rate", dossier), {"rating": "6"})
    assert out_of_range.status_code == 200
    response = client.post(url("rate", dossier), {"rating": "4", "comment": "Nhanh, chu đáo"})
    assert response["Location"] == detail_url(dossier)
    dossier.refresh_from_db()
    assert (dossier.rating, dossier.rating_comment) == (4, "Nhanh, chu đáo")
    text = client.get(detail_url(dossier)).content.decode()
    assert "Bạn đã đánh giá 4/5." in text
    assert client.get(url("rate", dossier))["Location"] == detail_url(dossier)


def test_a_draft_detail_offers_to_continue(client, world):
    draft = services.draft_create(
        owner=world.citizen, version=world.version, handling_agency=world.commune_a
    )
    client.force_login(world.citizen)
    text = client.get(detail_url(draft)).content.decode()
    assert (
        reverse("dossiers:step", kwargs={"public_id": draft.public_id, "step": "kiem-tra"}) in text
    )


def test_the_list_is_paginated(client, world, settings):
    settings.EGOV_MY_DOSSIERS_PAGE_SIZE = 2
    first, second, third = (received(world) for _ in range(3))
    client.force_login(world.citizen)
    page_one = client.get(reverse("dossiers:mine")).content.decode()
    page_two = client.get(reverse("dossiers:mine"), {"page": 2}).content.decode()
    assert "Trang 1 / 2" in page_one and "?page=2" in page_one
    assert third.code in page_one and second.code in page_one and first.code not in page_one
    assert first.code in page_two


def test_a_result_returned_at_the_desk_says_when(client, world):
    dossier = approved(world)
    services.issue_result(dossier, actor=world.clerk, result=pdf_upload("kq.pdf"))
    services.hand_to_desk(dossier, actor=world.clerk)
    services.return_result(dossier, actor=world.desk, method="desk")
    dossier.refresh_from_db()
    client.force_login(world.citizen)
    text = client.get(detail_url(dossier)).content.decode()
    day = timezone.localtime(dossier.returned_at).strftime("%d/%m/%Y %H:%M")
    assert f"Đã trả lúc {day}: Tại Bộ phận Một cửa." in text
