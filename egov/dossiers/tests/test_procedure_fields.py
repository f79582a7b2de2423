"""The procedure's own fields on a dossier: the wizard asks for them (and the request box
becomes optional), a draft keeps them, the review shows them, the service refuses a
submission without them, the desk may type them, and the owner and the officials see them;
the public lookup never does."""

from __future__ import annotations

import pytest

from egov.catalog.rules import FormFieldSpec
from egov.core.errors import ValidationFailed
from egov.dossiers import procedure_fields, services
from egov.dossiers.lifecycle import Status
from egov.dossiers.models import Dossier
from egov.dossiers.procedure_fields import BadValue, clean_value, display_value

from .citizen import detail_url, fill, start, step_url, submit
from .conftest import applicant, pdf_upload
from .helpers import refused
from .official import page_url, text

FIELDS = [
    {"key": "ho_ten_tre", "label": "Họ, chữ đệm và tên của trẻ", "type": "text"},
    {"key": "ngay_sinh", "label": "Ngày sinh của trẻ", "type": "date"},
    {"key": "gioi_tinh", "label": "Giới tính", "type": "choice", "choices": ["Nam", "Nữ"]},
    {"key": "can_nang", "label": "Cân nặng (gam)", "type": "number", "required": False},
    {"key": "ghi_chu", "label": "Ghi chú của gia đình", "type": "textarea", "required": False},
]
ANSWERS = {
    "ho_ten_tre": "Nguyễn Bảo An",
    "ngay_sinh": "05/01/2026",
    "gioi_tinh": "Nữ",
    "can_nang": "3.200",
    "ghi_chu": "Sinh đôi;\nbé thứ hai",
}
STORED = {
    "ho_ten_tre": "Nguyễn Bảo An",
    "ngay_sinh": "2026-01-05",
    "gioi_tinh": "Nữ",
    "can_nang": "3200",
    "ghi_chu": "Sinh đôi;\nbé thứ hai",
}
LOOKUP_API = "/api/v1/dossiers/lookup"


@pytest.fixture
def version(world):
    world.version.form_fields = FIELDS
    world.version.save(update_fields=["form_fields"])
    return world.version


def spec(**changes):
    data = {"key": "x", "label": "Trường", "type": "text", **changes}
    return FormFieldSpec(**data)


# --- one value ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "raw", "stored"),
    [
        (spec(type="date"), "05/01/2026", "2026-01-05"),
        (spec(type="date"), "5/1/2026", "2026-01-05"),
        (spec(type="date"), "2026-01-05", "2026-01-05"),
        (spec(type="number"), "150.000.000", "150000000"),
        (spec(type="number"), "120,5", "120.5"),
        (spec(type="number"), "0", "0"),
        (spec(type="number"), 42, "42"),
        (spec(type="choice", choices=("Nam", "Nữ")), " Nữ ", "Nữ"),
        (spec(type="text"), "  An  ", "An"),
        (spec(type="text"), "", ""),
    ],
)
def test_values_are_stored_in_one_form(field, raw, stored):
    assert clean_value(field, raw) == stored


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    [
        (spec(type="date"), "31/02/2026", "nhập ngày theo dạng ngày/tháng/năm"),
        (spec(type="date"), "hôm qua", "nhập ngày theo dạng ngày/tháng/năm"),
        (spec(type="number"), "-1", "số không được âm"),
        (spec(type="number"), "mười", "nhập một số"),
        (spec(type="number"), "NaN", "nhập một số"),
        (spec(type="number"), "1" * 19, "số quá dài"),
        (spec(type="choice", choices=("Nam", "Nữ")), "Khác", "chọn một trong các lựa chọn"),
        (spec(type="text"), "x" * 301, "tối đa 300 ký tự"),
        (spec(type="textarea"), "x" * 4001, "tối đa 4000 ký tự"),
        (spec(type="text"), ["a"], "hãy nhập chữ"),
    ],
)
def test_values_that_do_not_fit_are_refused_with_the_fields_label(field, raw, message):
    with pytest.raises(BadValue) as bad:
        clean_value(field, raw)
    assert "“Trường”" in bad.value.message and message in bad.value.message


def test_values_read_as_a_vietnamese_reader_expects():
    assert display_value(spec(type="date"), "2026-01-05") == "05/01/2026"
    assert display_value(spec(type="number"), "150000000") == "150.000.000"
    assert display_value(spec(type="number"), "120.5") == "120,5"
    assert display_value(spec(type="text"), "") == ""


def test_required_fields_are_reported_by_key(version):
    specs = procedure_fields.definitions(version)
    errors = procedure_fields.value_errors(specs, {"ho_ten_tre": "An", "can_nang": "-3"})
    assert errors == {
        "details.ngay_sinh": "Hãy nhập “Ngày sinh của trẻ”.",
        "details.gioi_tinh": "Hãy chọn “Giới tính”.",
        "details.can_nang": "“Cân nặng (gam)”: số không được âm.",
    }
    assert procedure_fields.value_errors(specs, {"can_nang": "-3"}, require=False) == {
        "details.can_nang": "“Cân nặng (gam)”: số không được âm."
    }


# --- the service ----------------------------------------------------------------------------


def draft(world):
    return services.draft_create(
        owner=world.citizen,
        version=world.version,
        handling_agency=world.commune_a,
        applicant=applicant(),
    )


def complete(world, dossier):
    for component in world.version.components.all():
        services.component_upload(dossier, pdf_upload(), actor=world.citizen, component=component)
    return services.draft_update(dossier, actor=world.citizen, declaration_accepted=True)


def test_the_service_refuses_a_submission_without_the_required_values(world, version):
    dossier = complete(world, draft(world))
    error = refused(
        ValidationFailed, lambda: services.submit(dossier, actor=world.citizen), dossier
    )
    assert error.code == "submission_incomplete"
    assert set(error.extra["errors"]) == {
        "details.ho_ten_tre",
        "details.ngay_sinh",
        "details.gioi_tinh",
    }
    dossier.refresh_from_db()
    assert dossier.status == Status.DRAFT


def test_the_service_checks_the_stored_values_again(world, version):
    """A value that got into the details around the draft service is still refused."""
    dossier = complete(world, draft(world))
    Dossier.objects.filter(pk=dossier.pk).update(
        details={**STORED, "gioi_tinh": "Khác", "ngay_sinh": "2026-02-31"}
    )
    error = refused(
        ValidationFailed, lambda: services.submit(dossier, actor=world.citizen), dossier
    )
    assert set(error.extra["errors"]) == {"details.gioi_tinh", "details.ngay_sinh"}


def test_the_service_submits_with_the_values(world, version):
    dossier = draft(world)
    services.draft_update(dossier, actor=world.citizen, details=ANSWERS)
    dossier = services.submit(complete(world, dossier), actor=world.citizen)
    assert dossier.status == Status.SUBMITTED
    assert dossier.details == STORED


def test_a_draft_keeps_partial_values_but_refuses_wrong_ones(world, version):
    dossier = draft(world)
    services.draft_update(dossier, actor=world.citizen, details={"ho_ten_tre": " An ", "x": 1})
    dossier.refresh_from_db()
    assert dossier.details == {"ho_ten_tre": "An", "x": 1}
    error = refused(
        ValidationFailed,
        lambda: services.draft_update(
            dossier, actor=world.citizen, details={"ngay_sinh": "32/01/2026"}
        ),
        dossier,
    )
    assert error.code == "details_invalid"
    assert list(error.extra["errors"]) == ["details.ngay_sinh"]
    dossier.refresh_from_db()
    assert dossier.details == {"ho_ten_tre": "An", "x": 1}


def test_a_procedure_without_fields_submits_as_before(world):
    dossier = services.submit(complete(world, draft(world)), actor=world.citizen)
    assert dossier.status == Status.SUBMITTED


# --- the wizard -----------------------------------------------------------------------------


def test_the_details_page_asks_for_each_field_with_its_widget(client, world, version):
    dossier = start(client, world)
    page = client.get(step_url(dossier, "noi-dung")).content.decode()
    assert "Thông tin cần khai" in page
    assert 'name="ho_ten_tre"' in page and "Họ, chữ đệm và tên của trẻ" in page
    assert 'name="ngay_sinh"' in page and 'inputmode="numeric"' in page
    assert "Ngày/tháng/năm, ví dụ 25/12/2024." in page
    assert 'type="radio" name="gioi_tinh" value="Nam"' in page
    assert 'type="radio" name="gioi_tinh" value="Nữ"' in page
    assert 'name="can_nang"' in page and 'inputmode="decimal"' in page
    assert "Cân nặng (gam) (không bắt buộc)" in page
    assert '<textarea name="ghi_chu"' in page
    # The request box stays, optional.
    assert 'name="request"' in page and "(không bắt buộc)" in page
    assert page.index('name="ho_ten_tre"') < page.index('name="request"')


def test_the_details_page_refuses_missing_and_wrong_values(client, world, version):
    dossier = start(client, world)
    response = client.post(
        step_url(dossier, "noi-dung"),
        {"ho_ten_tre": "", "ngay_sinh": "31/02/2026", "gioi_tinh": "Khác", "can_nang": "-1"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hãy nhập “Họ, chữ đệm và tên của trẻ”." in body
    assert "“Ngày sinh của trẻ”: nhập ngày theo dạng ngày/tháng/năm" in body
    assert "Giới tính" in body and "Select a valid choice" not in body
    assert "“Cân nặng (gam)”: số không được âm." in body
    assert 'href="#id_ho_ten_tre"' in body  # the error summary links to the field
    dossier.refresh_from_db()
    assert dossier.details == {}


def test_the_details_page_saves_a_resumable_draft(client, world, version):
    dossier = start(client, world)
    response = client.post(step_url(dossier, "noi-dung"), {**ANSWERS, "request": ""})
    assert response["Location"] == step_url(dossier, "giay-to")
    dossier.refresh_from_db()
    assert dossier.details == {**STORED, "request": ""}
    # Coming back later: the page shows what was saved, dates as dd/mm/yyyy.
    page = client.get(step_url(dossier, "noi-dung")).content.decode()
    assert 'value="Nguyễn Bảo An"' in page
    assert 'value="05/01/2026"' in page
    assert 'value="Nữ" id="id_gioi_tinh_1" required checked' in page
    assert 'value="Nam" id="id_gioi_tinh_0" required>' in page
    assert 'value="3200"' in page


def test_the_request_is_still_required_without_fields(client, world):
    dossier = start(client, world)
    page = client.get(step_url(dossier, "noi-dung")).content.decode()
    assert "Thông tin cần khai" not in page
    empty = client.post(step_url(dossier, "noi-dung"), {"request": ""})
    assert "Nhập nội dung đề nghị." in empty.content.decode()


def filled_before_the_fields(client, world):
    """A draft complete but for the fields, added to the procedure after it was filled."""
    dossier = start(client, world)
    fill(client, dossier)
    world.version.form_fields = FIELDS
    world.version.save(update_fields=["form_fields"])
    return dossier


def test_the_check_page_shows_the_values_and_what_is_missing(client, world):
    dossier = filled_before_the_fields(client, world)
    check = client.get(step_url(dossier, "kiem-tra")).content.decode()
    assert "Hãy nhập “Họ, chữ đệm và tên của trẻ”." in check
    assert "Hãy chọn “Giới tính”." in check
    client.post(step_url(dossier, "noi-dung"), {**ANSWERS, "request": "Xin cấp sớm"})
    check = client.get(step_url(dossier, "kiem-tra")).content.decode()
    assert "Hãy nhập" not in check
    for shown in ("Nguyễn Bảo An", "05/01/2026", "Nữ", "3.200", "Sinh đôi;<br>bé thứ hai"):
        assert shown in check
    assert "Xin cấp sớm" in check
    submit(client, dossier)
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED


def test_the_declaration_sends_back_to_the_details_page(client, world):
    dossier = filled_before_the_fields(client, world)
    response = client.post(step_url(dossier, "cam-doan"), {"declaration": "on"})
    assert response.status_code == 200
    assert f'href="{step_url(dossier, "noi-dung")}"' in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.DRAFT


# --- who sees the values --------------------------------------------------------------------


@pytest.fixture
def answered(world, version):
    dossier = draft(world)
    services.draft_update(dossier, actor=world.citizen, details=ANSWERS)
    return services.accept(
        services.submit(complete(world, dossier), actor=world.citizen), actor=world.desk
    )


def test_the_owner_sees_the_values(client, world, answered):
    client.force_login(world.citizen)
    page = client.get(detail_url(answered)).content.decode()
    for shown in ("Họ, chữ đệm và tên của trẻ", "Nguyễn Bảo An", "05/01/2026", "3.200"):
        assert shown in page


def test_another_citizen_does_not(client, world, answered):
    client.force_login(world.other_citizen)
    assert client.get(detail_url(answered)).status_code == 404


def test_the_officials_see_the_values(client, world, answered):
    for official in (world.desk, world.specialist):
        client.force_login(official)
        shown = text(client.get(page_url(answered)))
        assert "Họ, chữ đệm và tên của trẻ Nguyễn Bảo An" in shown
        assert "Ngày sinh của trẻ 05/01/2026" in shown
        assert "Giới tính Nữ" in shown


def test_the_public_lookup_never_shows_them(client, world, answered):
    secret = "5678"
    api = client.get(LOOKUP_API, {"code": answered.code, "secret": secret})
    assert api.status_code == 200
    page = client.post("/tra-cuu/", {"code": answered.code, "secret": secret})
    assert page.status_code == 200 and answered.code in page.content.decode()
    for body in (api.content.decode(), page.content.decode()):
        assert "Bảo An" not in body and "Bao An" not in body
        assert "2026-01-05" not in body and "05/01/2026" not in body
        assert "ho_ten_tre" not in body


# --- the desk -------------------------------------------------------------------------------

REGISTER = "/can-bo/tiep-nhan/moi/?procedure=1.001193"
WALK_IN = {
    "channel": "1",
    "kind": "individual",
    "name": "Trần Văn Đức",
    "id_number": "001090012345",
    "phone": "0901234567",
    "email": "",
    "address_unit": "",
    "address_street": "Thôn 3",
    "delivery": "desk",
    "delivery_address": "",
}


def test_the_desk_may_type_the_values(client, world, version):
    client.force_login(world.desk)
    page = client.get(REGISTER).content.decode()
    assert "Thông tin trên tờ khai" in page and 'name="thong_tin-ho_ten_tre"' in page
    response = client.post(
        REGISTER,
        {
            **WALK_IN,
            "handling_agency": world.commune_a.pk,
            "thong_tin-ho_ten_tre": "Trần Gia Huy",
            "thong_tin-ngay_sinh": "02/03/2026",
        },
    )
    assert response.status_code == 302, text(response)[:2000]
    dossier = Dossier.objects.get(applicant_name="Trần Văn Đức")
    assert dossier.details == {"ho_ten_tre": "Trần Gia Huy", "ngay_sinh": "2026-03-02"}


def test_the_desk_form_refuses_a_wrong_value(client, world, version):
    client.force_login(world.desk)
    response = client.post(
        REGISTER,
        {**WALK_IN, "handling_agency": world.commune_a.pk, "thong_tin-gioi_tinh": "Khác"},
    )
    assert response.status_code == 200
    assert "“Giới tính”: hãy chọn một trong các lựa chọn đã cho." in text(response)
    assert not Dossier.objects.filter(applicant_name="Trần Văn Đức").exists()


def test_the_desk_service_refuses_a_wrong_value(world, version):
    with pytest.raises(ValidationFailed) as error:
        services.desk_register(
            actor=world.desk,
            version=world.version,
            handling_agency=world.commune_a,
            applicant=applicant(),
            details={"ngay_sinh": "hôm nay"},
        )
    assert list(error.value.extra["errors"]) == ["details.ngay_sinh"]
    assert not Dossier.objects.exists()


# --- the procedure page ---------------------------------------------------------------------


def test_the_procedure_page_lists_the_information_to_give(client, world, version):
    page = client.get("/thu-tuc/1.001193/").content.decode()
    assert "Thông tin cần khai" in page
    assert "Ngày sinh của trẻ" in page and "Ngày (ngày/tháng/năm)" in page
    assert "Chọn một trong: Nam, Nữ" in page
    assert "Cân nặng (gam) (không bắt buộc)" in page


def test_a_procedure_without_fields_has_no_such_section(client, world):
    assert "Thông tin cần khai" not in client.get("/thu-tuc/1.001193/").content.decode()
