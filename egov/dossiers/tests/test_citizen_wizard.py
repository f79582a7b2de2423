"""The online submission wizard, page by page, through the test client."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from egov.catalog.models import OnlineMode
from egov.core.tests.samples import pdf_bytes, png_bytes
from egov.dossiers.lifecycle import Action, Status
from egov.dossiers.models import Delivery, Dossier, DossierFile
from egov.orgs.models import CitizenProfile, User
from egov.orgs.tests.factories import BusinessFactory, CitizenFactory, UserFactory

from .citizen import detail_url, fill, pdf, png, start, step_url, submit
from .conftest import make_procedure


def apply_url(world) -> str:
    return reverse("dossiers:apply", kwargs={"code": world.version.procedure.code})


# --- the procedure page and the start page ---------------------------------------------------


def test_the_procedure_page_offers_online_submission(client, world):
    response = client.get(reverse("portal:procedure_detail", kwargs={"code": "1.001193"}))
    assert apply_url(world).encode() in response.content
    assert "Nộp hồ sơ trực tuyến" in response.content.decode()


def test_a_procedure_without_online_mode_has_no_button_and_no_wizard(client, world):
    make_procedure(world.commune_a, code="2.000001", online=OnlineMode.NONE)
    response = client.get(reverse("portal:procedure_detail", kwargs={"code": "2.000001"}))
    assert b"/nop-ho-so/" not in response.content
    client.force_login(world.citizen)
    refused = client.post(reverse("dossiers:apply", kwargs={"code": "2.000001"}))
    assert refused.status_code == 400
    assert "Thủ tục này không nộp trực tuyến được." in refused.content.decode()
    assert not Dossier.objects.exists()


def test_an_unknown_procedure_is_not_found(client, world):
    client.force_login(world.citizen)
    assert client.get(reverse("dossiers:apply", kwargs={"code": "9.999999"})).status_code == 404


def test_the_start_page_asks_for_login_first(client, world):
    response = client.get(apply_url(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]


def test_the_start_page_creates_nothing_on_get(client, world):
    client.force_login(world.citizen)
    response = client.get(apply_url(world))
    assert response.status_code == 200
    assert "UBND xã An Bình" in response.content.decode()
    assert not Dossier.objects.exists()


def test_starting_creates_a_draft_prefilled_from_the_profile(client, world):
    profile = CitizenProfile.objects.create(
        user=world.citizen,
        full_name="Trần Văn Ánh",
        national_id="001090000123",
        address_unit=world.unit_a,
        address_street="5 Hàng Bông",
    )
    dossier = start(client, world)
    assert dossier.status == Status.DRAFT
    assert dossier.applicant_name == profile.full_name
    assert dossier.applicant_id_number == "001090000123"
    assert dossier.applicant_phone == "0912345678"
    assert dossier.address_unit == world.unit_a
    assert dossier.handling_agency == world.commune_a
    page = client.get(step_url(dossier, "thong-tin")).content.decode()
    assert 'value="Trần Văn Ánh"' in page
    assert 'value="001090000123"' in page


def test_with_several_agencies_the_applicant_chooses_one(client, world):
    world.version.procedure.agencies.add(world.commune_b)
    client.force_login(world.citizen)
    page = client.get(apply_url(world)).content.decode()
    assert 'type="radio"' in page and "UBND phường Bình Minh" in page
    missing = client.post(apply_url(world), {})
    assert missing.status_code == 200
    assert "Chọn cơ quan giải quyết hồ sơ của bạn" in missing.content.decode()
    assert 'href="#id_agency_0"' in missing.content.decode()
    client.post(apply_url(world), {"agency": world.commune_b.pk})
    assert Dossier.objects.get().handling_agency == world.commune_b


def test_an_agency_that_does_not_handle_the_procedure_cannot_be_chosen(client, world):
    client.force_login(world.citizen)
    response = client.post(apply_url(world), {"agency": world.police.pk})
    assert response.status_code == 200
    assert not Dossier.objects.exists()


def test_an_incomplete_profile_is_completed_on_the_start_page(client, world):
    bare = UserFactory(username="chi-email", phone=None, first_name="", last_name="")
    client.force_login(bare)
    first = client.post(apply_url(world), {"agency": world.commune_a.pk})
    assert first.status_code == 200
    page = first.content.decode()
    assert "Nhập số điện thoại hoặc số định danh" in page
    assert not Dossier.objects.exists()
    second = client.post(
        apply_url(world),
        {"agency": world.commune_a.pk, "who": "self", "name": "Lò Thị Mai", "phone": "0901234567"},
    )
    assert second.status_code == 302
    dossier = Dossier.objects.get(owner=bare)
    assert (dossier.applicant_name, dossier.applicant_phone) == ("Lò Thị Mai", "0901234567")


def test_earlier_drafts_are_offered_on_the_start_page(client, world):
    dossier = start(client, world)
    page = client.get(apply_url(world)).content.decode()
    assert step_url(dossier, "kiem-tra") in page


# --- who, applicant, request ----------------------------------------------------------------


def test_submitting_on_someone_s_behalf(client, world):
    dossier = start(client, world)
    response = client.post(step_url(dossier, "nguoi-yeu-cau"), {"who": "person"})
    assert response["Location"] == step_url(dossier, "thong-tin") + "?cho=person"
    form = client.get(response["Location"]).content.decode()
    assert 'name="submitter_name"' in form
    assert 'value="0912345678"' in form  # the submitter's phone, from the account
    refused = client.post(
        step_url(dossier, "thong-tin"),
        {"who": "person", "name": "", "phone": "", "submitter_name": ""},
    )
    text = refused.content.decode()
    assert refused.status_code == 200
    assert "Nhập họ tên người nộp." in text
    assert "Nhập họ tên người nộp thay." in text
    assert 'href="#id_name"' in text and 'href="#id_submitter_name"' in text
    saved = client.post(
        step_url(dossier, "thong-tin"),
        {
            "who": "person",
            "name": "Nguyễn Văn Bố",
            "id_number": "001080000456",
            "submitter_name": "Ánh",
            "submitter_phone": "0912345678",
        },
    )
    assert saved["Location"] == step_url(dossier, "noi-dung")
    dossier.refresh_from_db()
    assert dossier.on_behalf is True
    assert dossier.applicant_name == "Nguyễn Văn Bố"
    assert dossier.submitter_name == "Ánh"
    assert client.get(step_url(dossier, "nguoi-yeu-cau")).content.decode().count("checked") == 1


def test_the_service_s_refusal_shows_next_to_the_field(client, world):
    dossier = start(client, world)
    response = client.post(
        step_url(dossier, "thong-tin"),
        {"who": "self", "name": "Ánh", "id_number": "123", "phone": "0912345678"},
    )
    text = response.content.decode()
    assert "Số căn cước công dân (CCCD) gồm đúng 12 chữ số." in text
    assert 'id="id_id_number_error"' in text
    assert 'aria-describedby="id_id_number_helptext id_id_number_error"' in text
    assert text.count('aria-invalid="true"') == 1


def test_a_business_applies_as_an_organisation(client, world):
    business = BusinessFactory(name="Công ty TNHH Sao Mai")
    business.user.phone = "0281234567"
    business.user.save()
    client.force_login(business.user)
    client.post(apply_url(world), {"agency": world.commune_a.pk})
    dossier = Dossier.objects.get(owner=business.user)
    assert dossier.applicant_kind == "organisation"
    page = client.get(step_url(dossier, "thong-tin")).content.decode()
    assert "Mã số thuế" in page
    assert "Công ty TNHH Sao Mai" in client.get(step_url(dossier, "nguoi-yeu-cau")).content.decode()


def test_the_request_is_required_and_saved_in_the_details(client, world):
    dossier = start(client, world)
    empty = client.post(step_url(dossier, "noi-dung"), {"request": "  "})
    assert "Nhập nội dung đề nghị." in empty.content.decode()
    client.post(step_url(dossier, "noi-dung"), {"request": "Đăng ký khai sinh"})
    dossier.refresh_from_db()
    assert dossier.details == {"request": "Đăng ký khai sinh"}


def test_a_change_from_the_check_page_returns_there(client, world):
    dossier = start(client, world)
    page = client.get(step_url(dossier, "noi-dung") + "?change=1").content.decode()
    assert f'href="{step_url(dossier, "kiem-tra")}"' in page  # the back link
    response = client.post(step_url(dossier, "noi-dung"), {"request": "Xin", "change": "1"})
    assert response["Location"] == step_url(dossier, "kiem-tra")


# --- documents ------------------------------------------------------------------------------


def components(dossier):
    return list(dossier.procedure_version.components.all())


def test_the_documents_page_lists_each_component(client, world):
    dossier = start(client, world)
    form, proof = components(dossier)
    page = client.get(step_url(dossier, "giay-to")).content.decode()
    for component in (form, proof):
        assert component.name in page
        assert f'name="component-{component.pk}"' in page
    assert "Tờ khai (mẫu)" in page or form.get_kind_display() in page
    assert 'accept=".pdf,.jpg,.jpeg,.png,.docx"' in page


def test_uploads_are_stored_and_a_refused_file_keeps_the_others(client, world, settings):
    dossier = start(client, world)
    form, proof = components(dossier)
    lying = SimpleUploadedFile("giay-chung-sinh.pdf", png_bytes(), content_type="application/pdf")
    response = client.post(
        step_url(dossier, "giay-to"),
        {f"component-{form.pk}": pdf(), f"component-{proof.pk}": lying, "action": "continue"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Tên tệp có đuôi .pdf nhưng nội dung là tệp PNG." in text
    assert f'href="#id_component-{proof.pk}"' in text
    stored = DossierFile.objects.get(dossier=dossier)
    assert (stored.component, stored.name) == (form, "to-khai.pdf")
    assert "to-khai.pdf" in text  # listed under its component
    again = client.post(
        step_url(dossier, "giay-to"), {f"component-{proof.pk}": png(), "action": "continue"}
    )
    assert again["Location"] == step_url(dossier, "nhan-ket-qua")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rong.pdf", b"", "rỗng"),
        ("to-khai.exe", b"MZ\x90\x00" + b"\x00" * 60, "PDF, JPEG, PNG, DOCX"),
        ("lon.pdf", pdf_bytes(padding=4000), "Tệp quá lớn"),
    ],
)
def test_bad_files_are_refused_with_a_translated_reason(
    client, world, settings, name, content, message
):
    settings.EGOV_UPLOAD_MAX_BYTES = 2000
    dossier = start(client, world)
    form = components(dossier)[0]
    response = client.post(
        step_url(dossier, "giay-to"),
        {f"component-{form.pk}": SimpleUploadedFile(name, content), "action": "upload"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DossierFile.objects.exists()


def test_a_path_in_the_file_name_is_dropped(client, world):
    dossier = start(client, world)
    form = components(dossier)[0]
    evil = SimpleUploadedFile("../../etc/to khai?.pdf", pdf_bytes())
    response = client.post(
        step_url(dossier, "giay-to"), {f"component-{form.pk}": evil, "action": "upload"}
    )
    assert response["Location"] == step_url(dossier, "giay-to")
    stored = DossierFile.objects.get()
    assert "/" not in stored.name and ".." not in stored.name
    assert stored.file.name.startswith(f"dossiers/{dossier.public_id}/")
    assert ".." not in stored.file.name


def test_continue_without_a_required_document_is_refused(client, world):
    dossier = start(client, world)
    form, proof = components(dossier)
    response = client.post(
        step_url(dossier, "giay-to"), {f"component-{form.pk}": pdf(), "action": "continue"}
    )
    assert response.status_code == 200
    assert f"Tải lên “{proof.name}”: giấy tờ này là bắt buộc." in response.content.decode()
    assert DossierFile.objects.filter(dossier=dossier).count() == 1


def test_a_file_can_be_removed_from_the_draft(client, world):
    dossier = start(client, world)
    form = components(dossier)[0]
    client.post(step_url(dossier, "giay-to"), {f"component-{form.pk}": pdf(), "action": "upload"})
    stored = DossierFile.objects.get()
    remove = reverse(
        "dossiers:remove_file", kwargs={"public_id": dossier.public_id, "file_id": stored.pk}
    )
    page = client.get(step_url(dossier, "giay-to")).content.decode()
    assert f'action="{remove}"' in page
    assert client.get(remove).status_code == 405
    response = client.post(remove)
    assert response["Location"] == step_url(dossier, "giay-to")
    stored.refresh_from_db()
    assert stored.removed
    link = reverse("dossiers:file", kwargs={"public_id": dossier.public_id, "file_id": stored.pk})
    assert link not in client.get(step_url(dossier, "giay-to")).content.decode()


# --- delivery, check, declaration -------------------------------------------------------------


def test_post_delivery_needs_an_address(client, world):
    dossier = start(client, world)
    response = client.post(
        step_url(dossier, "nhan-ket-qua"), {"delivery": "post", "delivery_address": ""}
    )
    assert "Nhập địa chỉ nhận kết quả qua bưu chính." in response.content.decode()
    client.post(
        step_url(dossier, "nhan-ket-qua"),
        {"delivery": "post", "delivery_address": "12 Lê Lợi, Xã An Bình"},
    )
    dossier.refresh_from_db()
    assert (dossier.delivery, dossier.delivery_address) == ("post", "12 Lê Lợi, Xã An Bình")


def test_online_delivery_is_offered_only_with_an_electronic_result(client, world):
    dossier = start(client, world)
    assert 'value="online"' in client.get(step_url(dossier, "nhan-ket-qua")).content.decode()
    world.version.electronic_result = False
    world.version.save()
    assert 'value="online"' not in client.get(step_url(dossier, "nhan-ket-qua")).content.decode()
    refused = client.post(step_url(dossier, "nhan-ket-qua"), {"delivery": "online"})
    assert refused.status_code == 200
    dossier.refresh_from_db()
    assert dossier.delivery == Delivery.ONLINE  # unchanged: the choice was refused


def test_the_check_page_shows_the_answers_and_what_is_missing(client, world):
    dossier = start(client, world)
    page = client.get(step_url(dossier, "kiem-tra")).content.decode()
    assert "Nhập nội dung đề nghị." in page
    assert "Chưa tải lên" in page
    assert step_url(dossier, "cam-doan") not in page
    fill(client, dossier)
    page = client.get(step_url(dossier, "kiem-tra")).content.decode()
    assert "Nguyễn Thị Ánh Tuyết" in page and "tai-lieu-1.pdf" in page
    assert "8.000 đ" in page
    assert f'href="{step_url(dossier, "noi-dung")}?change=1"' in page
    assert step_url(dossier, "cam-doan") in page


def test_the_declaration_is_required(client, world):
    dossier = start(client, world)
    fill(client, dossier)
    response = client.post(step_url(dossier, "cam-doan"), {})
    assert "Hãy xác nhận lời cam đoan trước khi nộp." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.DRAFT


def test_submitting_an_incomplete_draft_links_to_the_pages_to_fix(client, world):
    dossier = start(client, world)
    response = client.post(step_url(dossier, "cam-doan"), {"declaration": "on"})
    text = response.content.decode()
    assert f'href="{step_url(dossier, "giay-to")}"' in text
    assert f'href="{step_url(dossier, "noi-dung")}"' in text
    dossier.refresh_from_db()
    assert dossier.status == Status.DRAFT


def test_the_whole_journey_submits_the_dossier(client, world):
    dossier = start(client, world)
    fill(client, dossier)
    submit(client, dossier)
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED
    assert dossier.declaration_accepted
    assert list(dossier.events.values_list("action", flat=True)) == [Action.CREATE, Action.SUBMIT]
    page = client.get(reverse("dossiers:submitted", kwargs={"public_id": dossier.public_id}))
    text = page.content.decode()
    assert "Đã nộp hồ sơ" in text
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in text
    # The wizard is closed once submitted.
    closed = client.get(step_url(dossier, "noi-dung"))
    assert closed["Location"] == detail_url(dossier)


def test_the_confirmation_of_a_draft_goes_back_to_the_check_page(client, world):
    dossier = start(client, world)
    response = client.get(reverse("dossiers:submitted", kwargs={"public_id": dossier.public_id}))
    assert response["Location"] == step_url(dossier, "kiem-tra")


def test_an_unknown_step_is_not_found(client, world):
    dossier = start(client, world)
    assert client.get(step_url(dossier, "khong-co")).status_code == 404


def test_a_draft_resumes_from_my_dossiers(client, world):
    dossier = start(client, world)
    client.post(step_url(dossier, "noi-dung"), {"request": "Khai sinh"})
    page = client.get(reverse("dossiers:mine")).content.decode()
    assert step_url(dossier, "kiem-tra") in page
    assert "Khai sinh" in client.get(step_url(dossier, "noi-dung")).content.decode()


def test_pages_carry_the_error_prefix_in_the_title_on_error(client, world):
    dossier = start(client, world)
    ok = client.get(step_url(dossier, "noi-dung")).content.decode()
    bad = client.post(step_url(dossier, "noi-dung"), {"request": ""}).content.decode()
    assert "<title>Lỗi:" not in ok
    assert "<title>Lỗi:" in bad


def test_official_accounts_cannot_use_the_wizard(client, world):
    client.force_login(world.desk)
    response = client.get(apply_url(world))
    assert response.status_code == 403
    assert client.post(apply_url(world), {"agency": world.commune_a.pk}).status_code == 403
    assert not Dossier.objects.exists()


def test_an_official_cannot_continue_a_citizen_s_draft(client, world):
    dossier = start(client, world)
    client.force_login(world.desk)
    assert client.get(step_url(dossier, "noi-dung")).status_code == 403


def test_a_citizen_profile_without_user_kind_citizen_is_refused(client, world):
    user = CitizenFactory(user__kind=User.Kind.OFFICIAL).user
    client.force_login(user)
    assert client.get(apply_url(world)).status_code == 403


@pytest.mark.parametrize(
    ("who", "heading"),
    [
        ("self", "Kiểm tra thông tin của bạn"),
        ("person", "Thông tin người yêu cầu"),
        ("organisation", "Thông tin tổ chức, doanh nghiệp"),
    ],
)
def test_the_applicant_page_speaks_of_whoever_the_dossier_is_for(client, world, who, heading):
    dossier = start(client, world)
    page = client.get(step_url(dossier, "thong-tin") + f"?cho={who}").content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert ('name="submitter_name"' in page) is (who != "self")
    assert ("Mã số thuế" in page) is (who == "organisation")
