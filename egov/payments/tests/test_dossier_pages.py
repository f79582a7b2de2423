"""Payments on the dossier pages and in the menu: the applicant's dossier page says what is
owed or paid, with the button to pay and the receipts; the officials' page the same in
short, with the way to the fees page and, on the return form, why it would be refused; the
menu has "Phí, lệ phí" for applicants and "Kế toán" for accountants only."""

from __future__ import annotations

import pytest

from egov.dossiers.tests.official import page_url, text
from egov.payments import services

from .conftest import charged, submitted_online
from .test_dossier_hooks import to_desk

pytestmark = pytest.mark.django_db


def mine_url(dossier) -> str:
    return f"/ho-so-cua-toi/{dossier.public_id}/"


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_the_applicant_sees_what_is_owed_and_the_button_to_pay(client, pay):
    dossier, _charge = charged(pay, exemptions={pay.fee.pk: "Trẻ em dưới 6 tuổi"})
    response = get(client, pay.citizen, mine_url(dossier))
    shown = text(response)
    assert "Số tiền phải nộp: 50.000 đ." in shown and "Còn phải nộp: 50.000 đ." in shown
    assert "Được miễn: 8.000 đ." in shown
    assert f'href="/ho-so-cua-toi/{dossier.public_id}/thanh-toan/">Thanh toán<' in (
        response.content.decode()
    )


def test_the_applicant_finds_a_started_payment_and_then_the_receipt(client, pay):
    dossier, _charge = charged(pay)
    started, _instruction = services.payment_start(dossier, method="vietqr", actor=pay.citizen)
    page = get(client, pay.citizen, mine_url(dossier)).content.decode()
    assert started.reference in page
    assert f"/ho-so-cua-toi/{dossier.public_id}/thanh-toan/{started.public_id}/" in page
    paid = services.payment_record_at_desk(dossier, method="cash", actor=pay.desk, amount=58000)
    receipt = services.receipt_issue(paid)
    response = get(client, pay.citizen, mine_url(dossier))
    shown = text(response)
    assert "Phí, lệ phí Số tiền phải nộp: 58.000 đ. Đã thanh toán" in shown
    assert "Còn phải nộp" not in shown
    link = f"/bien-lai/{paid.public_id}/"
    assert link in response.content.decode()
    assert f"Tải biên lai {receipt.number} (PDF)" in shown
    download = client.get(link)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_a_result_held_for_the_fees_is_not_downloadable_until_they_are_paid(client, pay):
    from egov.dossiers.models import DossierFile

    dossier, _charge = charged(pay)
    dossier = to_desk(dossier, pay)
    result = dossier.files.get(kind=DossierFile.Kind.RESULT, removed=False)
    download = f"{mine_url(dossier)}tep/{result.pk}/"
    response = get(client, pay.citizen, mine_url(dossier))
    shown = text(response)
    assert "Chưa thể trả kết quả" in shown and "còn phải nộp 58.000 đồng" in shown
    assert download not in response.content.decode()
    assert client.get(download).status_code == 404
    services.payment_record_at_desk(dossier, method="cash", actor=pay.desk, amount=58000)
    response = client.get(mine_url(dossier))
    assert "Chưa thể trả kết quả" not in text(response)
    assert download in response.content.decode()
    assert client.get(download).status_code == 200


def test_before_reception_the_schedule_is_shown_and_free_procedures_show_nothing(client, pay):
    dossier = submitted_online(pay)
    shown = text(get(client, pay.citizen, mine_url(dossier)))
    assert "Phí, lệ phí của thủ tục: 58.000 đ." in shown
    pay.version.fees.all().delete()
    assert "Phí, lệ phí của thủ tục" not in text(get(client, pay.citizen, mine_url(dossier)))


def test_officials_see_the_fees_and_the_way_to_the_fees_page(client, pay):
    dossier, _charge = charged(pay)
    fees_link = f'href="/can-bo/ho-so/{dossier.public_id}/phi-le-phi/"'
    desk = get(client, pay.desk, page_url(dossier))
    assert fees_link in desk.content.decode()
    assert "Còn phải nộp: 58.000 đ." in text(desk)
    assert "Xác định phí, lệ phí hoặc ghi nhận khoản thu tại quầy" in text(desk)
    specialist = get(client, pay.specialist, page_url(dossier))
    assert fees_link in specialist.content.decode()
    assert "Phí, lệ phí, thanh toán và biên lai" in text(specialist)


def test_the_return_form_says_why_it_would_be_refused(client, pay):
    dossier, _charge = charged(pay)
    dossier = to_desk(dossier, pay)
    shown = text(get(client, pay.desk, page_url(dossier)))
    assert "Chưa thể trả kết quả: phí, lệ phí của hồ sơ chưa được nộp đủ" in shown
    response = client.post(
        f"{page_url(dossier)}thao-tac/return_result/",
        {"return_result-expected_version": dossier.version, "return_result-method": "desk"},
    )
    assert response.status_code == 409
    assert "còn phải nộp 58.000 đồng" in text(response)
    services.payment_record_at_desk(dossier, method="cash", actor=pay.desk, amount=58000)
    shown = text(get(client, pay.desk, page_url(dossier)))
    assert "Chưa thể trả kết quả" not in shown and "Đã nộp đủ." in shown


def test_the_menu_has_fees_for_applicants_and_accounts_for_accountants(client, pay):
    owed, accounts = 'href="/ho-so-cua-toi/phi-le-phi/"', 'href="/can-bo/ke-toan/"'
    home = client.get("/").content.decode()
    assert owed not in home and accounts not in home
    citizen = get(client, pay.citizen, "/").content.decode()
    assert owed in citizen and ">Phí, lệ phí<" in citizen and accounts not in citizen
    current = get(client, pay.citizen, "/ho-so-cua-toi/phi-le-phi/").content.decode()
    assert f'{owed} aria-current="page"' in current
    desk = get(client, pay.desk, "/").content.decode()
    assert owed not in desk and accounts not in desk
    accountant = get(client, pay.accountant, "/").content.decode()
    assert accounts in accountant and ">Kế toán<" in accountant
    current = get(client, pay.accountant, "/can-bo/ke-toan/so-lieu/").content.decode()
    assert f'{accounts} aria-current="page"' in current


def test_after_submitting_a_procedure_paid_at_submission_the_applicant_is_asked_to_pay(client, pay):
    from egov.payments.models import Timing

    dossier = submitted_online(pay)
    url = f"/ho-so-cua-toi/{dossier.public_id}/da-nop/"
    later = get(client, pay.citizen, url).content.decode()
    assert "Phí, lệ phí của thủ tục: 58.000 đ." in later and ">Thanh toán<" not in later
    services.procedure_payment_set(
        procedure=pay.version.procedure, timing=Timing.AT_SUBMISSION, actor=None
    )
    now = client.get(url).content.decode()
    assert f'href="/ho-so-cua-toi/{dossier.public_id}/thanh-toan/">Thanh toán<' in now
