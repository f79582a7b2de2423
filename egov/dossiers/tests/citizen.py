"""Helpers for the tests of the citizen's pages: the wizard walked through the test client."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from egov.core.tests.samples import pdf_bytes, png_bytes
from egov.dossiers.models import Dossier


def step_url(dossier: Dossier, slug: str) -> str:
    return reverse("dossiers:step", kwargs={"public_id": dossier.public_id, "step": slug})


def detail_url(dossier: Dossier) -> str:
    return reverse("dossiers:detail", kwargs={"public_id": dossier.public_id})


def pdf(name: str = "to-khai.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def png(name: str = "giay-chung-sinh.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def start(client, world) -> Dossier:
    """Log in as ``world.citizen`` and start a draft from the procedure page."""
    client.force_login(world.citizen)
    response = client.post(
        reverse("dossiers:apply", kwargs={"code": world.version.procedure.code}),
        {"agency": world.commune_a.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    dossier = Dossier.objects.get(owner=world.citizen, status="draft")
    assert response["Location"] == step_url(dossier, "nguoi-yeu-cau")
    return dossier


def fill(client, dossier: Dossier, *, delivery: str = "online") -> None:
    """Answer every page of the draft with valid answers (the applicant as prefilled)."""
    components = list(dossier.procedure_version.components.all())
    steps = [
        ("nguoi-yeu-cau", {"who": "self"}),
        (
            "thong-tin",
            {
                "who": "self",
                "name": "Nguyễn Thị Ánh Tuyết",
                "id_number": "001190012345",
                "phone": "0912345678",
                "email": "tuyet@example.vn",
            },
        ),
        ("noi-dung", {"request": "Đăng ký khai sinh cho con gái."}),
        (
            "giay-to",
            {
                "action": "continue",
                **{f"component-{c.pk}": pdf(f"tai-lieu-{c.position}.pdf") for c in components},
            },
        ),
        ("nhan-ket-qua", {"delivery": delivery, "delivery_address": "12 Lê Lợi"}),
    ]
    for slug, data in steps:
        response = client.post(step_url(dossier, slug), data)
        assert response.status_code == 302, (slug, response.content.decode()[:3000])


def submit(client, dossier: Dossier) -> None:
    response = client.post(step_url(dossier, "cam-doan"), {"declaration": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == reverse(
        "dossiers:submitted", kwargs={"public_id": dossier.public_id}
    )
