"""Importing a bank statement (CSV or XLSX): matched lines complete their payments; unmatched,
mismatched, duplicated and unreadable lines are kept and reported, never lost."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from egov.core.errors import Conflict, PermissionRefused, ValidationFailed
from egov.core.models import AuditEvent
from egov.payments import services
from egov.payments.models import Payment, Statement, StatementLine
from egov.payments.statement_files import parse_amount, read_statement

from .conftest import charged, received

S = StatementLine.Status


@pytest.fixture
def two_qr(pay):
    """Two dossiers, each with a VietQR payment waiting (58.000 đ)."""
    payments = []
    for _ in range(2):
        dossier, _charge = charged(pay)
        payment, _instruction = services.payment_start(dossier, method="vietqr", actor=pay.citizen)
        payments.append(payment)
    return payments


def csv_statement(first: Payment, second: Payment) -> bytes:
    rows = [
        "SAO KÊ TÀI KHOẢN 113366668888",
        "Từ ngày 01/03/2026 đến ngày 03/03/2026",
        "Ngày giao dịch;Số tham chiếu;Số tiền ghi có;Nội dung",
        f"02/03/2026;FT001;58.000;MBVCB.99.{first.reference}.CT TU 0071 NGUYEN VAN A",
        f"02/03/2026;FT002;50.000;IBFT {second.reference.lower()} le phi",
        "02/03/2026;FT003;120.000;chuyen tien hoc phi",
        "02/03/2026;FT004;abc;tien gi do",
        "02/03/2026;FT001;58.000;MBVCB.99.CT TU 0071 NGUYEN VAN A (bank repeated the line)",
        ";;;",
        "03/03/2026;FT005;-15.000;phi quan ly tai khoan",
        "31/02/2026;FT006;10.000;ngay sai",
    ]
    return ("\n".join(rows) + "\n").encode("utf-8-sig")


def test_csv_statement_every_line_classified(pay, two_qr):
    first, second = two_qr
    statement = services.statement_import(
        agency=pay.commune_a,
        file=csv_statement(first, second),
        name="sao-ke.csv",
        actor=pay.accountant,
    )
    lines = {line.bank_reference: line for line in statement.lines.all()}
    assert statement.lines.count() == 7  # eight data rows, one of them blank
    assert lines["FT002"].status == S.MISMATCH
    assert lines["FT003"].status == S.UNMATCHED
    assert lines["FT004"].status == S.MALFORMED
    assert "số tiền" in lines["FT004"].problem
    assert lines["FT005"].status == S.UNMATCHED and "ghi có" in lines["FT005"].problem
    assert lines["FT006"].status == S.MALFORMED
    by_number = list(statement.lines.order_by("number").values_list("number", "status"))
    assert by_number == [
        (4, S.MATCHED),
        (5, S.MISMATCH),
        (6, S.UNMATCHED),
        (7, S.MALFORMED),
        (8, S.DUPLICATE),
        (10, S.UNMATCHED),
        (11, S.MALFORMED),
    ]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Payment.Status.SUCCEEDED and first.provider_reference == "FT001"
    assert first.charge.paid_at is not None
    assert second.status == Payment.Status.MISMATCH and second.charge.paid_at is None
    audit = AuditEvent.objects.get(action="payments.statement_imported")
    assert audit.data["counts"] == {
        "matched": 1,
        "mismatch": 1,
        "unmatched": 2,
        "malformed": 2,
        "duplicate": 1,
    }


def test_the_same_file_twice_is_refused_and_overlapping_lines_are_duplicates(pay, two_qr):
    first, second = two_qr
    content = csv_statement(first, second)
    services.statement_import(
        agency=pay.commune_a, file=content, name="a.csv", actor=pay.accountant
    )
    with pytest.raises(Conflict):
        services.statement_import(
            agency=pay.commune_a, file=content, name="a.csv", actor=pay.accountant
        )
    overlap = (
        "Ngày;Số tiền;Nội dung;Mã giao dịch\n"
        f"02/03/2026;58000;MBVCB.99.{first.reference};FT001\n"
        "04/03/2026;70000;khong ro;FT010\n"
    ).encode()
    later = services.statement_import(
        agency=pay.commune_a, file=overlap, name="b.csv", actor=pay.accountant
    )
    statuses = dict(later.lines.values_list("bank_reference", "status"))
    assert statuses == {"FT001": S.DUPLICATE, "FT010": S.UNMATCHED}
    assert "a.csv" in later.lines.get(bank_reference="FT001").problem
    assert Payment.objects.filter(status=Payment.Status.SUCCEEDED).count() == 1


def test_xlsx_statement_with_real_cells(pay, two_qr):
    first, _second = two_qr
    import datetime as dt

    book = Workbook()
    sheet = book.active
    sheet.append(["Ngân hàng TMCP Công Thương"])
    sheet.append(["Date", "Credit", "Description", "Reference"])
    booked = dt.datetime(2026, 3, 2, 10, 0)  # noqa: DTZ001 - Excel cells carry no zone
    sheet.append([booked, 58000, f"{first.reference} NOP LE PHI", "X1"])
    sheet.append([dt.date(2026, 3, 2), 12.5, "tien le", "X2"])
    out = io.BytesIO()
    book.save(out)
    statement = services.statement_import(
        agency=pay.commune_a, file=out.getvalue(), name="sao-ke.xlsx", actor=pay.accountant
    )
    assert dict(statement.lines.values_list("bank_reference", "status")) == {
        "X1": S.MATCHED,
        "X2": S.MALFORMED,
    }
    line = statement.lines.get(bank_reference="X1")
    assert line.booked_on == dt.date(2026, 3, 2)
    assert line.payment == first


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "sao-ke.csv"),
        (b"PK\x03\x04not really a zip", "sao-ke.xlsx"),
        (b"a;b\n1;2\n", "sao-ke.csv"),
        ("Ngày,Số tiền,Nội dung\n".encode("utf-16"), "sao-ke.csv"),
        (b"", "sao-ke.csv"),
    ],
)
def test_unreadable_files_are_refused_whole(pay, content, name):
    with pytest.raises(ValidationFailed):
        services.statement_import(
            agency=pay.commune_a, file=content, name=name, actor=pay.accountant
        )
    assert not Statement.objects.exists()


def test_only_the_agency_accountants_import(pay):
    content = "Ngày;Số tiền;Nội dung\n02/03/2026;1000;x\n".encode()
    for outsider in (pay.desk, pay.leader, pay.citizen):
        with pytest.raises(PermissionRefused):
            services.statement_import(
                agency=pay.commune_a, file=content, name="x.csv", actor=outsider
            )
    with pytest.raises(PermissionRefused):
        services.statement_import(
            agency=pay.commune_b, file=content, name="x.csv", actor=pay.accountant
        )


def test_the_accountant_settles_an_unmatched_line(pay, two_qr):
    first, _second = two_qr
    content = (
        "Ngày;Số tiền;Nội dung;Số tham chiếu\n"
        "02/03/2026;58000;nop tien ho so khai sinh;FT100\n"
        "02/03/2026;9000;khong ro;FT101\n"
    ).encode()
    statement = services.statement_import(
        agency=pay.commune_a, file=content, name="c.csv", actor=pay.accountant
    )
    paid_line = statement.lines.get(bank_reference="FT100")
    other = statement.lines.get(bank_reference="FT101")
    with pytest.raises(ValidationFailed):
        services.statement_line_settle(paid_line, actor=pay.accountant, note="")
    with pytest.raises(ValidationFailed):
        services.statement_line_settle(
            paid_line, actor=pay.accountant, note="x", payment_reference="EG0000000000"
        )
    with pytest.raises(PermissionRefused):
        services.statement_line_settle(other, actor=pay.desk, note="x")
    settled = services.statement_line_settle(
        paid_line,
        actor=pay.accountant,
        note="Người nộp gọi điện xác nhận",
        payment_reference=first.reference,
    )
    assert settled.status == S.MATCHED and settled.payment == first
    first.refresh_from_db()
    assert first.status == Payment.Status.SUCCEEDED
    done = services.statement_line_settle(other, actor=pay.accountant, note="Ngân hàng trả lại")
    assert done.status == S.SETTLED and done.settled_by == pay.accountant
    with pytest.raises(Conflict):
        services.statement_line_settle(done, actor=pay.accountant, note="again")


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.250.000", 1250000),
        ("1,250,000", 1250000),
        ("1250000", 1250000),
        ("1.250.000,00", 1250000),
        ("58.000 VND", 58000),
        ("58.000 đ", 58000),
        ("-15.000", -15000),
        (58000.0, 58000),
    ],
)
def test_amounts_as_banks_write_them(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["12,5", "1.250.000,50", "abc", "", "1.25.000", True, 3.5])
def test_amounts_that_are_not_whole_dong(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_a_header_with_diacritics_or_english_is_found():
    lines = read_statement("Mô tả,Amount\nabc,1000\n".encode(), "x.csv")
    assert [(line.description, line.amount) for line in lines] == [("abc", 1000)]


def test_received_dossier_has_no_payment_to_match(pay):
    received(pay)
    content = "Ngày;Số tiền;Nội dung\n02/03/2026;8000;EG0123456789\n".encode()
    statement = services.statement_import(
        agency=pay.commune_a, file=content, name="d.csv", actor=pay.accountant
    )
    assert statement.lines.get().status == S.UNMATCHED
