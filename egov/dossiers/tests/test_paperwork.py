"""The forms each action issues are real PDFs with the dossier's own data (read back with
poppler), kept with the history line; the control slip and the tracking book on demand."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone

from egov.core.errors import PermissionRefused
from egov.dossiers import services
from egov.dossiers.lifecycle import Action
from egov.dossiers.models import Dossier, DossierFile
from egov.dossiers.services import paperwork
from egov.printing.tests.pdfcheck import text

from .conftest import received, submitted_online


def form(dossier: Dossier, code: str) -> DossierFile:
    return dossier.files.get(kind=DossierFile.Kind.FORM, form_code=code)


def pdf_text(stored: DossierFile) -> str:
    with stored.file.open("rb") as handle:
        return " ".join(text(handle.read()).split())


def test_accepting_issues_the_receipt_with_code_due_date_and_components(world):
    dossier = received(world)
    receipt = form(dossier, "01")
    assert receipt.event.action == Action.ACCEPT
    content = pdf_text(receipt)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in content
    assert dossier.code in content
    assert "Nguyễn Thị Ánh Tuyết" in content
    assert "Giấy chứng sinh" in content
    assert (
        dossier.due_at.astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%d/%m/%Y")
        in content
    )


def test_asking_completion_lists_exactly_what_is_missing(world):
    dossier = services.ask_completion(
        submitted_online(world),
        actor=world.desk,
        items=[("Giấy chứng sinh bản chính", "chưa có trong hồ sơ")],
    )
    content = pdf_text(form(dossier, "02"))
    assert "Giấy chứng sinh bản chính" in content
    assert "BỔ SUNG" in content.upper()


def test_refusals_at_reception_and_after_appraisal_differ(world):
    refused = services.refuse_reception(
        submitted_online(world), actor=world.desk, reasons=["Không thuộc thẩm quyền"]
    )
    assert "Không thuộc thẩm quyền" in pdf_text(form(refused, "03"))
    assert "TỪ CHỐI TIẾP NHẬN" in pdf_text(form(refused, "03")).upper()

    dossier = received(world)
    services.propose_refusal(dossier, actor=world.specialist, reasons=["Giấy tờ giả mạo"])
    services.approve_refusal(dossier, actor=world.leader)
    content = pdf_text(form(dossier, "03"))
    assert "TỪ CHỐI GIẢI QUYẾT HỒ SƠ" in content.upper()
    assert "Giấy tờ giả mạo" in content


def test_late_notice_and_stop_notice(world):
    dossier = received(world)
    new_due = dossier.due_at + dt.timedelta(days=7)
    services.late_notice(dossier, actor=world.leader, reason="Cần xác minh thêm", new_due=new_due)
    assert "Cần xác minh thêm" in pdf_text(form(dossier, "04"))

    other = received(world)
    services.stop(other, actor=world.citizen, reason="Tôi muốn rút hồ sơ")
    content = pdf_text(form(other, "05"))
    assert other.code in content
    assert "Tôi muốn rút hồ sơ" in content


def test_a_refused_action_issues_no_form(world):
    dossier = submitted_online(world)
    with pytest.raises(PermissionRefused):
        services.accept(dossier, actor=world.desk_b)
    assert not dossier.files.filter(kind=DossierFile.Kind.FORM).exists()


def test_control_slip_has_one_row_per_hand_over(world):
    dossier = received(world)
    services.forward(dossier, actor=world.specialist)
    content = " ".join(text(paperwork.control_slip(dossier, actor=world.desk)).split())
    assert "Tiếp nhận hồ sơ" in content
    assert "Thẩm định hồ sơ" in content
    assert "Trước hạn" in content or "Đúng hạn" in content


def test_tracking_book_as_xlsx(world):
    first, second = received(world), received(world)
    today = timezone.localdate()
    data = paperwork.tracking_book(
        world.commune_a,
        Dossier.objects.filter(pk__in=[first.pk, second.pk]).order_by("code"),
        start=today - dt.timedelta(days=1),
        end=today + dt.timedelta(days=1),
        xlsx=True,
    )
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    values = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row]
    assert first.code in values
    assert second.code in values


def test_a_generated_result_names_the_approving_leader(world):
    dossier = received(world)
    services.forward(dossier, actor=world.specialist)
    services.forward(dossier, actor=world.head)
    services.approve(dossier, actor=world.leader)
    services.issue_result(
        dossier, actor=world.clerk, generate=True, note="Đã đăng ký khai sinh cho cháu Bảo An."
    )
    stored = dossier.files.get(kind=DossierFile.Kind.RESULT)
    content = pdf_text(stored)
    assert "THÔNG BÁO KẾT QUẢ" in content.upper()
    assert "Đã đăng ký khai sinh cho cháu Bảo An." in content
    assert "Nguyễn Văn Năm" in content


def test_a_result_is_uploaded_or_generated_not_both(world):
    from egov.core.errors import ValidationFailed

    from .conftest import pdf_upload

    dossier = received(world)
    services.forward(dossier, actor=world.specialist)
    services.forward(dossier, actor=world.head)
    services.approve(dossier, actor=world.leader)
    with pytest.raises(ValidationFailed) as refused:
        services.issue_result(dossier, actor=world.clerk, result=pdf_upload(), generate=True)
    assert refused.value.code == "result_twice"


# --- form 02 gives each item its own reason (ask once, completely, with reasons) ---------


def test_form_02_prints_each_items_own_reason(world):
    dossier = received(world)
    services.request_supplement(
        dossier,
        actor=world.specialist,
        items=[
            ("Bản sao giấy đăng ký kết hôn", "tờ khai ghi cha mẹ đã kết hôn"),
            ("Giấy chứng sinh bản chính", "bản chụp gửi kèm bị mờ"),
            "Giấy xác nhận cư trú",
        ],
        note="địa chỉ thường trú trên tờ khai khác với CSDL dân cư",
    )
    content = pdf_text(form(dossier, "02"))
    for what, why in (
        ("Bản sao giấy đăng ký kết hôn", "tờ khai ghi cha mẹ đã kết hôn"),
        ("Giấy chứng sinh bản chính", "bản chụp gửi kèm bị mờ"),
        ("Giấy xác nhận cư trú", "địa chỉ thường trú trên tờ khai khác với CSDL dân cư"),
    ):
        assert what in content
        assert why in content
    # Each reason is printed once, on its own item, not copied onto every item.
    assert content.count("bản chụp gửi kèm bị mờ") == 1
    assert content.count("địa chỉ thường trú trên tờ khai khác với CSDL dân cư") == 1
    event = dossier.events.get(action=Action.REQUEST_SUPPLEMENT)
    assert event.data["item_reasons"] == [
        "tờ khai ghi cha mẹ đã kết hôn",
        "bản chụp gửi kèm bị mờ",
        "địa chỉ thường trú trên tờ khai khác với CSDL dân cư",
    ]


@pytest.mark.parametrize("where", ["desk", "appraisal"])
def test_a_supplement_request_without_reasons_is_refused(world, where):
    from egov.core.errors import ValidationFailed

    from .helpers import refused

    if where == "desk":
        dossier = submitted_online(world)

        def ask(items, note=""):
            return services.ask_completion(dossier, actor=world.desk, items=items, note=note)
    else:
        dossier = received(world)

        def ask(items, note=""):
            return services.request_supplement(
                dossier, actor=world.specialist, items=items, note=note
            )

    for items, note in (
        (["Giấy chứng sinh"], ""),
        (["Giấy chứng sinh"], "   "),
        ([("Giấy chứng sinh", "bản chụp mờ"), ("Tờ khai", " ")], ""),
    ):
        error = refused(ValidationFailed, lambda i=items, n=note: ask(i, n), dossier)
        assert error.code == "supplement_reasons_required"
    assert not dossier.files.filter(kind=DossierFile.Kind.FORM, form_code="02").exists()
    ask([("Giấy chứng sinh", "bản chụp mờ"), "Tờ khai"], "chưa ký")
    assert form(dossier, "02")
