"""Form 06 per dossier and form 07 per desk and period, for the officials who may see them."""

from __future__ import annotations

import io

import openpyxl
from django.utils import timezone

from egov.dossiers import services
from egov.printing.tests.pdfcheck import text

from .conftest import received


def test_control_slip_downloads_for_officials_in_scope_only(client, world):
    dossier = received(world)
    services.forward(dossier, actor=world.specialist)
    url = f"/can-bo/ho-so/{dossier.public_id}/phieu-kiem-soat/"
    client.force_login(world.leader)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Thẩm định hồ sơ" in " ".join(text(response.content).split())

    client.force_login(world.desk_b)
    assert client.get(url).status_code == 404
    client.force_login(world.citizen)
    assert client.get(url).status_code == 403


def _book(client, **params):
    today = timezone.localdate().strftime("%d/%m/%Y")
    query = {"agency": "000.01.00.H99", "start": today, "end": today, "format": "xlsx"}
    query.update(params)
    return client.get("/can-bo/so-theo-doi/", query)


def test_tracking_book_as_xlsx_lists_the_desks_dossiers(client, world):
    first, second = received(world), received(world)
    client.force_login(world.desk)
    assert client.get("/can-bo/so-theo-doi/").status_code == 200
    response = _book(client)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = {str(c) for row in sheet.iter_rows(values_only=True) for c in row}
    assert {first.code, second.code} <= cells


def test_tracking_book_as_pdf(client, world):
    dossier = received(world)
    client.force_login(world.desk)
    response = _book(client, format="pdf")
    assert response["Content-Type"] == "application/pdf"
    assert dossier.code in " ".join(text(response.content).split())


def test_tracking_book_refuses_other_desks_and_bad_periods(client, world):
    client.force_login(world.desk_b)
    assert _book(client).status_code == 400  # commune A's desk is not among B's choices
    client.force_login(world.desk)
    assert _book(client, start="31/12/2026", end="01/01/2026").status_code == 400
    assert _book(client, start="01/01/2025", end="01/06/2026").status_code == 400
    response = _book(client, start="32/13/2026")
    assert response.status_code == 400
    assert "Ngày" in response.content.decode() or "ngày" in response.content.decode()
