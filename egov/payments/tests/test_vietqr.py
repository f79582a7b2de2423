"""The VietQR payload against the EMVCo/NAPAS field layout, its CRC, the TLV parser, and a
round trip through a real QR reader (zxing-cpp) from the rendered image."""

from __future__ import annotations

import binascii
import io
import xml.etree.ElementTree as ET

import pytest
import zxingcpp
from PIL import Image

from egov.payments import vietqr

REFERENCE = "EG0123456789"


def crc_by_stdlib(text: str) -> str:
    # binascii.crc_hqx is CRC-CCITT (polynomial 0x1021, not reflected): with 0xFFFF as the
    # initial value it is CRC-16/CCITT-FALSE, an implementation independent of ours.
    return f"{binascii.crc_hqx(text.encode('ascii'), 0xFFFF):04X}"


def test_crc_matches_the_catalogued_check_value():
    assert vietqr.crc16_ccitt_false(b"123456789") == 0x29B1
    assert vietqr.crc16_ccitt_false(b"") == 0xFFFF


def test_dynamic_payload_field_by_field():
    text = vietqr.payload(
        bank_bin="970415", account="113366668888", amount=58000, reference=REFERENCE
    )
    beneficiary = "0006970415" + "0112113366668888"
    merchant = "0010A000000727" + f"0126{beneficiary}" + "0208QRIBFTTA"
    additional = f"0112{REFERENCE}" + f"0812{REFERENCE}"
    body = (
        "000201"
        + "010212"
        + f"3856{merchant}"
        + "5303704"
        + "540558000"
        + "5802VN"
        + f"6232{additional}"
        + "6304"
    )
    assert len(merchant) == 56
    assert text == body + crc_by_stdlib(body)


def test_static_payload_has_no_amount_and_says_11():
    text = vietqr.payload(bank_bin="970436", account="0011001234567")
    fields = vietqr.parse_fields(text)
    assert fields["01"] == "11"
    assert "54" not in fields and "62" not in fields
    assert text[-4:] == crc_by_stdlib(text[:-4])


def test_purpose_may_differ_from_the_bill_number():
    text = vietqr.payload(
        bank_bin="970415", account="1133", amount=8000, reference=REFERENCE, purpose="LE PHI HS"
    )
    decoded = vietqr.decode(text)
    assert decoded.reference == REFERENCE
    assert decoded.purpose == "LE PHI HS"


def test_decode_reads_back_every_field():
    text = vietqr.payload(
        bank_bin="970415", account="113366668888", amount=1250000, reference=REFERENCE
    )
    decoded = vietqr.decode(text)
    assert decoded.bank_bin == "970415"
    assert decoded.account == "113366668888"
    assert decoded.service == vietqr.SERVICE_TO_ACCOUNT
    assert decoded.dynamic is True
    assert decoded.amount == 1250000
    assert decoded.reference == REFERENCE
    assert list(decoded.fields) == ["00", "01", "38", "53", "54", "58", "62", "63"]


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (lambda t: t[:-1] + ("0" if t[-1] != "0" else "1"), "CRC"),
        (lambda t: t.replace("540558000", "540559000"), "CRC"),
        (lambda t: t[:-8], "CRC field"),
    ],
)
def test_decode_refuses_a_changed_payload(tamper, message):
    text = vietqr.payload(bank_bin="970415", account="1133", amount=58000, reference=REFERENCE)
    with pytest.raises(vietqr.VietQRError, match=message):
        vietqr.decode(tamper(text))


def test_parser_refuses_truncated_and_repeated_fields():
    with pytest.raises(vietqr.VietQRError, match="cut short"):
        vietqr.parse_fields("0002010105ab")
    with pytest.raises(vietqr.VietQRError, match="twice"):
        vietqr.parse_fields("000201000201")
    with pytest.raises(vietqr.VietQRError, match="header"):
        vietqr.parse_fields("00X201")


@pytest.mark.parametrize(
    "arguments",
    [
        {"bank_bin": "97041", "account": "1"},
        {"bank_bin": "970415", "account": "12345678901234567890"},
        {"bank_bin": "970415", "account": "1", "amount": 0},
        {"bank_bin": "970415", "account": "1", "amount": -5},
        {"bank_bin": "970415", "account": "1", "reference": "X" * 26},
        {"bank_bin": "970415", "account": "1", "reference": "Lệ phí"},
        {"bank_bin": "970415", "account": "1", "service": "QRPUSH"},
    ],
)
def test_payload_refuses_what_the_layout_does_not_allow(arguments):
    with pytest.raises(vietqr.VietQRError):
        vietqr.payload(**arguments)


def test_png_round_trips_through_a_qr_reader():
    text = vietqr.payload(
        bank_bin="970415", account="113366668888", amount=58000, reference=REFERENCE
    )
    image = Image.open(io.BytesIO(vietqr.png(text)))
    [found] = zxingcpp.read_barcodes(image)
    assert found.format == zxingcpp.BarcodeFormat.QRCode
    assert found.text == text
    assert vietqr.decode(found.text).amount == 58000


def test_svg_is_one_inline_svg_element_with_a_title():
    text = vietqr.payload(bank_bin="970415", account="1133", amount=8000, reference=REFERENCE)
    markup = vietqr.svg(text, title="Mã VietQR")
    root = ET.fromstring(markup)  # noqa: S314 - our own output
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find("{http://www.w3.org/2000/svg}title").text == "Mã VietQR"
    assert not markup.startswith("<?xml")
