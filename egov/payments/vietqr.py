"""NAPAS VietQR codes: the EMVCo merchant-presented QR payload a Vietnamese banking app scans
to prefill a transfer, its TLV parser, and its rendering as SVG or PNG (segno).

Pure functions, no database. The layout (EMV QRCPS-MPM 1.1 with NAPAS's VietQR profile)::

    00 "01"                       payload format indicator
    01 "11" | "12"                static (no amount) | dynamic (one payment, with amount)
    38 merchant account (VietQR)
       00 "A000000727"            NAPAS's GUID
       01 beneficiary organisation
          00 BIN                  the bank's 6-digit BIN (acquirer id)
          01 account number       up to 19 letters or digits
       02 "QRIBFTTA"              service: transfer to an account ("QRIBFTTC": to a card)
    53 "704"                      currency, ISO 4217 (đồng)
    54 amount                     whole đồng, only in a dynamic code
    58 "VN"                       country
    62 additional data
       01 bill number             the payment reference
       08 purpose                 what the banking app prefills as the transfer description
    63 CRC                        CRC-16/CCITT-FALSE of everything before it, "6304" included,
                                  as four upper-case hex digits

Each field is ``ID`` (2 digits) ``LEN`` (2 digits) ``VALUE``; values are printable ASCII
(Vietnamese text must be folded first), at most 99 characters, 25 in template 62.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import segno

GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
SERVICE_TO_CARD = "QRIBFTTC"
CURRENCY_VND = "704"
COUNTRY = "VN"
STATIC = "11"
DYNAMIC = "12"
ADDITIONAL_MAX = 25
_PRINTABLE = re.compile(r"^[\x20-\x7e]*$")
_BIN = re.compile(r"^\d{6}$")
_ACCOUNT = re.compile(r"^[0-9A-Za-z]{1,19}$")


class VietQRError(ValueError):
    """A payload that cannot be built or read."""


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR
    (check value of b"123456789": 0x29B1)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def field(tag: str, value: str) -> str:
    """One TLV field; refuses a value that is empty, too long or not printable ASCII."""
    if not re.fullmatch(r"\d{2}", tag):
        raise VietQRError(f"A tag has two digits: {tag!r}")
    if not value or len(value) > 99:
        raise VietQRError(f"Field {tag} must hold 1 to 99 characters.")
    if not _PRINTABLE.match(value):
        raise VietQRError(f"Field {tag} may hold only printable ASCII characters.")
    return f"{tag}{len(value):02d}{value}"


def _with_crc(body: str) -> str:
    body += "6304"
    return f"{body}{crc16_ccitt_false(body.encode('ascii')):04X}"


def payload(
    *,
    bank_bin: str,
    account: str,
    amount: int | None = None,
    reference: str = "",
    purpose: str = "",
    service: str = SERVICE_TO_ACCOUNT,
) -> str:
    """The text of a VietQR code for a transfer to ``account`` at the bank ``bank_bin``.

    With ``amount`` (whole đồng, above zero) the code is dynamic: meant for one payment.
    ``reference`` goes in the bill number, ``purpose`` (default: the reference) in the
    transfer description.
    """
    if not _BIN.match(bank_bin):
        raise VietQRError("A bank BIN has six digits.")
    if not _ACCOUNT.match(account):
        raise VietQRError("An account number has 1 to 19 letters or digits.")
    if service not in (SERVICE_TO_ACCOUNT, SERVICE_TO_CARD):
        raise VietQRError(f"Unknown VietQR service {service!r}.")
    if amount is not None and (isinstance(amount, bool) or amount <= 0):
        raise VietQRError("The amount must be a positive number of đồng.")
    purpose = purpose or reference
    for name, value in (("reference", reference), ("purpose", purpose)):
        if len(value) > ADDITIONAL_MAX:
            raise VietQRError(f"The {name} may have at most {ADDITIONAL_MAX} characters.")
    beneficiary = field("00", bank_bin) + field("01", account)
    merchant = field("00", GUID) + field("01", beneficiary) + field("02", service)
    parts = [
        field("00", "01"),
        field("01", STATIC if amount is None else DYNAMIC),
        field("38", merchant),
        field("53", CURRENCY_VND),
    ]
    if amount is not None:
        parts.append(field("54", str(int(amount))))
    parts.append(field("58", COUNTRY))
    additional = (field("01", reference) if reference else "") + (
        field("08", purpose) if purpose else ""
    )
    if additional:
        parts.append(field("62", additional))
    return _with_crc("".join(parts))


def parse_fields(text: str) -> dict[str, str]:
    """The TLV fields of ``text`` by tag, in order; refuses truncated or repeated fields."""
    fields: dict[str, str] = {}
    position = 0
    while position < len(text):
        head = text[position : position + 4]
        if len(head) < 4 or not head.isdigit():
            raise VietQRError(f"Unreadable field header at position {position}.")
        tag, length = head[:2], int(head[2:])
        value = text[position + 4 : position + 4 + length]
        if len(value) != length:
            raise VietQRError(f"Field {tag} is cut short.")
        if tag in fields:
            raise VietQRError(f"Field {tag} appears twice.")
        fields[tag] = value
        position += 4 + length
    return fields


@dataclass(frozen=True)
class VietQR:
    """What a VietQR payload says."""

    bank_bin: str
    account: str
    service: str
    dynamic: bool
    amount: int | None
    reference: str
    purpose: str
    fields: dict[str, str]


def decode(text: str) -> VietQR:
    """Read and check a VietQR payload: format, CRC, NAPAS GUID, currency and country."""
    if len(text) < 8 or text[-8:-4] != "6304":
        raise VietQRError("The payload does not end with its CRC field.")
    expected = f"{crc16_ccitt_false(text[:-4].encode('ascii')):04X}"
    if text[-4:].upper() != expected:
        raise VietQRError("The CRC does not match the payload.")
    fields = parse_fields(text)
    if fields.get("00") != "01":
        raise VietQRError("Not an EMVCo payload (field 00 must be 01).")
    if fields.get("01") not in (STATIC, DYNAMIC):
        raise VietQRError("Field 01 must be 11 (static) or 12 (dynamic).")
    merchant = parse_fields(fields.get("38", ""))
    if merchant.get("00") != GUID:
        raise VietQRError("Field 38 does not carry NAPAS's VietQR GUID.")
    beneficiary = parse_fields(merchant.get("01", ""))
    if fields.get("53") != CURRENCY_VND or fields.get("58") != COUNTRY:
        raise VietQRError("A VietQR code is in đồng (704) for Viet Nam (VN).")
    additional = parse_fields(fields["62"]) if "62" in fields else {}
    amount_text = fields.get("54")
    if amount_text is not None and not amount_text.isdigit():
        raise VietQRError("The amount is not a whole number of đồng.")
    return VietQR(
        bank_bin=beneficiary.get("00", ""),
        account=beneficiary.get("01", ""),
        service=merchant.get("02", ""),
        dynamic=fields["01"] == DYNAMIC,
        amount=int(amount_text) if amount_text is not None else None,
        reference=additional.get("01", ""),
        purpose=additional.get("08", ""),
        fields=fields,
    )


def _code(text: str) -> segno.QRCode:
    # Error correction M, as banking apps' own codes; never a Micro QR.
    return segno.make(text, error="m", micro=False, boost_error=False)


def svg(text: str, *, title: str = "", scale: int = 6) -> str:
    """The code as an inline SVG element (no XML declaration), for a page."""
    out = io.BytesIO()
    _code(text).save(
        out, kind="svg", scale=scale, border=4, xmldecl=False, svgns=True, title=title or None
    )
    return out.getvalue().decode("utf-8")


def png(text: str, *, scale: int = 8) -> bytes:
    out = io.BytesIO()
    _code(text).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
