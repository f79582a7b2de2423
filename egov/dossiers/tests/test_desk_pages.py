"""The desk's pages: register a walk-in or postal dossier, scan its documents, then accept,
ask for completion or refuse, as for an online submission."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from egov.dossiers.lifecycle import Status
from egov.dossiers.models import Channel, Delivery, Dossier, DossierFile

from .conftest import PDF_BYTES
from .official import act, fresh, page_url, text

REGISTER = "/can-bo/tiep-nhan/moi/"

WALK_IN = {
    "handling_agency": None,  # set per test
    "channel": str(Channel.IN_PERSON),
    "kind": "individual",
    "name": "Trần Văn Đức",
    "id_number": "001090012345",
    "phone": "0901 234 567",
    "email": "",
    "address_unit": "99001",
    "address_street": "Thôn 3",
    "delivery": Delivery.DESK,
    "delivery_address": "",
}


def register(client, world, **changes):
    data = {**WALK_IN, "handling_agency": world.commune_a.pk, **changes}
    return client.post(f"{REGISTER}?procedure=1.001193", data)


def scan(client, dossier, component, name="to-khai.pdf", content=PDF_BYTES, digitised=True):
    data = {
        "upload-component": component.pk if component else "",
        "upload-file": SimpleUploadedFile(name, content, content_type="application/pdf"),
    }
    if digitised:
        data["upload-digitised"] = "on"
    return client.post(f"{page_url(dossier)}tai-lieu/", data)


def test_only_desk_officers_register(client, world):
    client.force_login(world.specialist)
    response = client.get(REGISTER)
    assert response.status_code == 403
    assert "Chỉ cán bộ Bộ phận Một cửa được tiếp nhận hồ sơ." in response.content.decode()
    assert "Tiếp nhận hồ sơ trực tiếp" not in text(client.get("/can-bo/ho-so/"))


def test_desk_finds_the_procedure_without_diacritics(client, world):
    client.force_login(world.desk)
    page = text(client.get(REGISTER, {"q": "dang ky khai sinh"}))
    assert "Thủ tục đăng ký khai sinh" in page
    assert "?procedure=1.001193" in client.get(REGISTER, {"q": "1.001193"}).content.decode()
    client.force_login(world.desk_b)
    assert "Thủ tục đăng ký khai sinh" not in text(client.get(REGISTER, {"q": "khai sinh"})), (
        "commune B's desk does not receive commune A's procedure"
    )


def test_register_shows_errors_next_to_the_fields_and_keeps_the_input(client, world):
    client.force_login(world.desk)
    form = client.get(f"{REGISTER}?procedure=1.001193")
    assert form.status_code == 200
    assert "UBND xã An Bình" in text(form)
    response = register(client, world, name="")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="#id_name"' in body
    assert 'value="Thôn 3"' in body
    # The service's own checks land on their fields too.
    response = register(client, world, phone="12345", id_number="")
    body = response.content.decode()
    assert 'href="#id_phone"' in body
    assert "Nhập số điện thoại Việt Nam, ví dụ 0912345678." in text(response)
    assert 'value="Trần Văn Đức"' in body
    assert not Dossier.objects.exists()


def test_register_scan_accept_walk_in(client, world):
    client.force_login(world.desk)
    response = register(client, world)
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response.url == page_url(dossier)
    assert dossier.status == Status.SUBMITTED
    assert dossier.channel == Channel.IN_PERSON
    assert dossier.applicant_phone == "0901234567"
    assert dossier.address_unit.code == "99001"
    assert dossier.created_by == world.desk

    page = text(client.get(page_url(dossier)))
    assert "Còn thiếu: Tờ khai đăng ký khai sinh Giấy chứng sinh" in page
    assert "Số hóa giấy tờ vào hồ sơ" in page
    form, birth = dossier.procedure_version.components.order_by("position")

    assert scan(client, dossier, form).status_code == 302
    lying = scan(client, dossier, birth, name="giay-chung-sinh.pdf", content=b"\x89PNG\r\n\x1a\n")
    assert lying.status_code == 200
    assert "tệp" in text(lying).lower()
    assert 'href="#id_upload-file"' in lying.content.decode()
    assert scan(client, dossier, birth, name="giay-chung-sinh.pdf").status_code == 302
    stored = DossierFile.objects.filter(dossier=dossier, kind=DossierFile.Kind.COMPONENT)
    assert stored.count() == 2
    assert all(f.digitised for f in stored)

    extra = scan(client, dossier, None, name="ban-sao.pdf", digitised=False)
    assert extra.status_code == 302
    copy = stored.get(component__isnull=True)
    assert not copy.digitised
    removed = client.post(f"{page_url(dossier)}tai-lieu/{copy.pk}/go-bo/")
    assert removed.status_code == 302
    copy.refresh_from_db()
    assert copy.removed
    assert client.get(f"{page_url(dossier)}tep/{copy.pk}/").status_code == 404

    response = act(client, dossier, "accept", {})
    assert response.status_code == 302
    dossier = fresh(dossier)
    assert dossier.status == Status.IN_PROGRESS and dossier.code
    page = text(client.get(page_url(dossier)))
    assert f"Mã hồ sơ là {dossier.code}" in page
    assert "Số hóa giấy tờ vào hồ sơ" not in page, "no scanning once received"
    assert client.post(f"{page_url(dossier)}tai-lieu/{stored.first().pk}/go-bo/").status_code == 400


def test_register_a_postal_dossier_with_someone_acting_for_the_applicant(client, world):
    client.force_login(world.desk)
    response = register(
        client,
        world,
        channel=str(Channel.POSTAL),
        on_behalf="on",
        submitter_name="Trần Thị Em",
        submitter_phone="0911111111",
        delivery=Delivery.POST,
        delivery_address="Thôn 3, xã An Bình",
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.channel == Channel.POSTAL
    assert dossier.on_behalf and dossier.submitter_name == "Trần Thị Em"
    assert dossier.delivery == Delivery.POST
    page = text(client.get(page_url(dossier)))
    assert "Người nộp thay Trần Thị Em · 0911111111" in page
    assert "Thôn 3, xã An Bình" in page


def test_on_behalf_needs_the_submitters_name(client, world):
    client.force_login(world.desk)
    response = register(client, world, on_behalf="on", submitter_name="")
    assert response.status_code == 200
    assert 'href="#id_submitter_name"' in response.content.decode()
    assert not Dossier.objects.exists()


def test_another_agency_cannot_be_chosen(client, world):
    client.force_login(world.desk)
    response = register(client, world, handling_agency=world.commune_b.pk)
    assert response.status_code == 200
    assert 'href="#id_handling_agency"' in response.content.decode()
    assert not Dossier.objects.exists()
