"""The one-stop desk's printed forms (Circular 03/2025/TT-VPCP Annex I, which replaced the
forms of Circular 01/2018/TT-VPCP), rendered from plain dataclasses to PDF bytes.

The dossier app maps its models onto these frozen dataclasses; nothing here reads the
database. Forms 01–06 are A5 portrait, form 07 (the tracking book, in ``records``) A4
landscape. The form text stays in Vietnamese: these documents are legally Vietnamese.

Sources and what is not verified: the wording follows the 01/2018 forms as published (the
receipt, supplement request, refusal, apology and control slip) and the titles of the seven
03/2025 forms. The full 03/2025 text was not available here, so the layout of the forms that
2025 added or renamed is reconstructed from the decree's rules and is NOT verified against
the gazette: form 04 (titled "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
formerly "Phiếu xin lỗi và hẹn lại ngày trả kết quả"), form 05 (Thông báo dừng giải quyết
hồ sơ, new in 2025) and the refusal after appraisal (Phiếu từ chối giải quyết hồ sơ).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from . import formats
from .layout import FormPDF, Head, Signer, Verification
from .parties import Agency, Applicant
from .records import (
    ControlSlipData,
    ControlSlipRow,
    Timeliness,
    TrackingBookData,
    TrackingBookRow,
    control_slip_pdf,
    tracking_book_pdf,
    tracking_book_xlsx,
)

__all__ = [
    "CERTIFIED_COPY",
    "COPY",
    "ORIGINAL",
    "Agency",
    "ApologyData",
    "Applicant",
    "ControlSlipData",
    "ControlSlipRow",
    "ReceiptData",
    "ReceivedComponent",
    "ReceptionRefusalData",
    "ResultNoticeData",
    "StopNoticeData",
    "SupplementItem",
    "SupplementRequestData",
    "Timeliness",
    "TrackingBookData",
    "TrackingBookRow",
    "Verification",
    "apology_pdf",
    "control_slip_pdf",
    "receipt_pdf",
    "reception_refusal_pdf",
    "result_notice_pdf",
    "stop_notice_pdf",
    "supplement_request_pdf",
    "tracking_book_pdf",
    "tracking_book_xlsx",
]

ORIGINAL = "Bản chính"
COPY = "Bản sao"
CERTIFIED_COPY = "Bản sao có chứng thực"


@dataclass(frozen=True)
class ReceivedComponent:
    """One paper of the dossier as received: its name, kind (``ORIGINAL``…) and count."""

    name: str
    kind: str = ORIGINAL
    count: int = 1


@dataclass(frozen=True)
class ReceiptData:
    """Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả. Its number is the dossier code."""

    agency: Agency
    dossier_code: str
    applicant: Applicant
    procedure_name: str
    components: Sequence[ReceivedComponent]
    received_at: dt.datetime
    due_at: dt.datetime
    result_delivery: str  # how the result is returned: "Trực tiếp tại Bộ phận Một cửa"…
    receiving_officer: str
    lookup_url: str = ""  # printed as a QR code; empty: no QR
    verification: Verification | None = None  # the band with the verification code and QR
    processing_days: int | Decimal | None = None
    dossier_sets: int = 1  # "Số lượng hồ sơ: 01 (bộ)"
    fee: int | Decimal | None = None  # phí, lệ phí in đồng; None: line omitted
    copy_label: str = ""  # "Liên 1: Lưu", "Liên 2: Giao người nộp hồ sơ"
    book_volume: str = ""  # Sổ theo dõi hồ sơ, quyển số
    book_entry: str = ""  # Sổ theo dõi hồ sơ, số thứ tự


@dataclass(frozen=True)
class SupplementItem:
    """What the applicant must add or correct, and why."""

    content: str
    reason: str


@dataclass(frozen=True)
class SupplementRequestData:
    """Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (ask once, completely, with reasons)."""

    agency: Agency
    applicant: Applicant
    procedure_name: str
    items: Sequence[SupplementItem]
    issued_on: dt.date
    officer: str  # who signs, as "Người hướng dẫn" unless officer_position says otherwise
    dossier_code: str = ""
    number: str = ""
    after_receipt: bool = False  # True: asked after appraisal, not at the desk
    contact: str = ""  # "công chức Trần Văn Bình, số điện thoại 0203 3812 345"
    officer_position: str = "Người hướng dẫn"
    lookup_url: str = ""
    verification: Verification | None = None


@dataclass(frozen=True)
class ReceptionRefusalData:
    """Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ; with ``after_appraisal`` the
    refusal after appraisal (Phiếu từ chối giải quyết hồ sơ), signed by the agency alone."""

    agency: Agency
    applicant: Applicant
    procedure_name: str
    reasons: Sequence[str]
    issued_on: dt.date
    officer: str
    dossier_code: str = ""
    number: str = ""
    after_appraisal: bool = False
    officer_position: str = ""  # default: "Người tiếp nhận hồ sơ" / "Thủ trưởng cơ quan"
    lookup_url: str = ""
    verification: Verification | None = None


@dataclass(frozen=True)
class ApologyData:
    """Mẫu 04: apology for a late result with the new due moment (asked at least one
    working day before the deadline; rescheduling is allowed once)."""

    agency: Agency
    applicant: Applicant
    dossier_code: str
    procedure_name: str
    received_at: dt.datetime
    old_due_at: dt.datetime
    new_due_at: dt.datetime
    reason: str
    issued_on: dt.date
    signer_name: str = ""
    signer_position: str = "Thủ trưởng cơ quan"
    number: str = ""
    lookup_url: str = ""
    verification: Verification | None = None


@dataclass(frozen=True)
class StopNoticeData:
    """Mẫu 05: Thông báo dừng giải quyết hồ sơ, at the applicant's request."""

    agency: Agency
    applicant: Applicant
    dossier_code: str
    procedure_name: str
    received_at: dt.datetime
    requested_on: dt.date
    reason: str
    issued_on: dt.date
    signer_name: str = ""
    signer_position: str = "Thủ trưởng cơ quan"
    number: str = ""
    lookup_url: str = ""
    verification: Verification | None = None


# Forms --------------------------------------------------------------------------------------


def receipt_pdf(data: ReceiptData) -> bytes:
    title = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
    pdf = _start(data.agency, title, data.dossier_code, data.received_at)
    pdf.heading(title, subtitle=_code_line(data.dossier_code))
    if data.copy_label:
        pdf.paragraph(f"({data.copy_label})", style="I", align="C")
    _applicant(pdf, data.agency, data.applicant, data.procedure_name)
    lines = _Numbered(pdf)
    lines.text("Thành phần hồ sơ nộp gồm:")
    pdf.grid(
        headings=[[Head("TT"), Head("Tên giấy tờ"), Head("Loại bản"), Head("Số lượng")]],
        rows=[
            [str(n), part.name, part.kind, formats.count(part.count)]
            for n, part in enumerate(data.components, start=1)
        ],
        widths=(8, 62, 20, 12),
        align=("C", "L", "C", "C"),
    )
    lines.field("Số lượng hồ sơ", f"{formats.count(data.dossier_sets)} (bộ)")
    if data.processing_days is not None:
        lines.field("Thời gian giải quyết hồ sơ theo quy định", formats.days(data.processing_days))
    lines.field("Thời gian nhận hồ sơ", formats.time_and_date(data.received_at))
    lines.field("Hẹn trả kết quả", formats.time_and_date(data.due_at))
    lines.field("Đăng ký nhận kết quả tại", data.result_delivery)
    if data.fee is not None:
        lines.field("Phí, lệ phí", formats.money(data.fee))
    if data.book_volume or data.book_entry:
        pdf.paragraph(
            f"Vào Sổ theo dõi hồ sơ, Quyển số: {data.book_volume or '...'}, "
            f"Số thứ tự: {data.book_entry or '...'}"
        )
    pdf.signatures(
        [
            Signer("Người nộp hồ sơ", data.applicant.name),
            Signer("Người tiếp nhận hồ sơ", data.receiving_officer),
        ],
        qr_url=data.lookup_url,
        qr_caption=data.dossier_code,
    )
    return _finish(pdf, data.verification)


def supplement_request_pdf(data: SupplementRequestData) -> bytes:
    title = "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
    pdf = _start(data.agency, title, data.number, data.issued_on)
    pdf.heading(title, subtitle=_code_line(data.dossier_code))
    _applicant(pdf, data.agency, data.applicant, data.procedure_name)
    checked = "Qua thẩm định hồ sơ" if data.after_receipt else "Qua kiểm tra hồ sơ"
    pdf.paragraph(
        f"{checked}, {data.agency.name} đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ "
        "gồm những nội dung sau:"
    )
    pdf.grid(
        headings=[[Head("TT"), Head("Nội dung cần bổ sung, hoàn thiện"), Head("Lý do")]],
        rows=[[str(n), item.content, item.reason] for n, item in enumerate(data.items, start=1)],
        widths=(8, 52, 42),
        align=("C", "L", "L"),
    )
    if data.contact:
        pdf.paragraph(
            "Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ "
            f"{data.contact} để được hướng dẫn."
        )
    pdf.paragraph(
        f"{data.agency.name} xin lỗi Ông/Bà vì sự bất tiện này và mong nhận được sự "
        "thông cảm của Ông/Bà./."
    )
    pdf.signatures(
        [Signer(data.officer_position, data.officer)],
        qr_url=data.lookup_url,
        qr_caption=data.dossier_code,
    )
    return _finish(pdf, data.verification)


def reception_refusal_pdf(data: ReceptionRefusalData) -> bytes:
    if data.after_appraisal:
        title = "Phiếu từ chối giải quyết hồ sơ"
        lead = f"Qua thẩm định, {data.agency.name} thông báo từ chối giải quyết hồ sơ này"
        signers = [Signer(data.officer_position or "Thủ trưởng cơ quan", data.officer)]
    else:
        title = "Phiếu từ chối tiếp nhận giải quyết hồ sơ"
        lead = f"Qua xem xét, {data.agency.name} thông báo không tiếp nhận, giải quyết hồ sơ này"
        signers = [
            Signer("Người nộp hồ sơ", data.applicant.name),
            Signer(data.officer_position or "Người tiếp nhận hồ sơ", data.officer),
        ]
    pdf = _start(data.agency, title, data.number, data.issued_on)
    pdf.heading(title, subtitle=_code_line(data.dossier_code))
    _applicant(pdf, data.agency, data.applicant, data.procedure_name)
    pdf.paragraph(f"{lead} với lý do cụ thể như sau:")
    for n, reason in enumerate(data.reasons, start=1):
        pdf.paragraph(f"{n}. {reason}", indent=4)
    pdf.paragraph("Xin thông báo để Ông/Bà được biết và thực hiện./.")
    pdf.signatures(signers, qr_url=data.lookup_url, qr_caption=data.dossier_code)
    return _finish(pdf, data.verification)


def apology_pdf(data: ApologyData) -> bytes:
    title = "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
    pdf = _start(data.agency, title, data.number, data.issued_on)
    pdf.heading(title, subtitle=_code_line(data.dossier_code))
    _addressee(pdf, data.applicant)
    agency = data.agency.name
    pdf.paragraph(
        f"Ngày {formats.short_date(data.received_at)}, {agency} tiếp nhận hồ sơ của Ông/Bà "
        f"về thủ tục {data.procedure_name} (mã hồ sơ {data.dossier_code}). Thời gian hẹn trả "
        "kết quả ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả là "
        f"{formats.time_and_date(data.old_due_at)}."
    )
    pdf.paragraph(
        f"Tuy nhiên, đến nay {agency} chưa trả được kết quả giải quyết hồ sơ cho Ông/Bà "
        "đúng thời hạn nêu trên."
    )
    pdf.field("Lý do", data.reason, bold=False)
    pdf.paragraph(
        f"Sự chậm trễ này đã gây phiền hà cho Ông/Bà. {agency} xin lỗi Ông/Bà và đề nghị "
        "gia hạn thời gian giải quyết hồ sơ đến:"
    )
    pdf.field("Hẹn trả kết quả", formats.time_and_date(data.new_due_at))
    pdf.paragraph("Mong nhận được sự thông cảm của Ông/Bà vì sự chậm trễ này./.")
    pdf.signatures(
        [Signer(data.signer_position, data.signer_name)],
        qr_url=data.lookup_url,
        qr_caption=data.dossier_code,
    )
    return _finish(pdf, data.verification)


def stop_notice_pdf(data: StopNoticeData) -> bytes:
    title = "Thông báo dừng giải quyết hồ sơ"
    pdf = _start(data.agency, title, data.number, data.issued_on)
    pdf.heading(title, subtitle=_code_line(data.dossier_code))
    _addressee(pdf, data.applicant)
    agency = data.agency.name
    pdf.paragraph(
        f"Ngày {formats.short_date(data.requested_on)}, {agency} nhận được đề nghị của Ông/Bà "
        "về việc dừng giải quyết hồ sơ sau:"
    )
    pdf.field("Mã hồ sơ", data.dossier_code, indent=4)
    pdf.field("Thủ tục hành chính", data.procedure_name, indent=4)
    pdf.field("Thời gian nhận hồ sơ", formats.time_and_date(data.received_at), indent=4)
    pdf.field("Lý do", data.reason, bold=False)
    pdf.paragraph(
        f"{agency} thông báo dừng giải quyết hồ sơ nêu trên kể từ ngày "
        f"{formats.short_date(data.issued_on)}./."
    )
    pdf.signatures(
        [Signer(data.signer_position, data.signer_name)],
        qr_url=data.lookup_url,
        qr_caption=data.dossier_code,
    )
    return _finish(pdf, data.verification)


@dataclass(frozen=True)
class ResultNoticeData:
    """A result the agency generates instead of uploading: the notice that the dossier was
    settled, with what was decided (for procedures whose result is a confirmation)."""

    agency: Agency
    applicant: Applicant
    dossier_code: str
    procedure_name: str
    received_at: dt.datetime
    result_type: str
    decision: str
    issued_on: dt.date
    signer_name: str = ""
    signer_position: str = "Thủ trưởng cơ quan"
    number: str = ""
    lookup_url: str = ""
    verification: Verification | None = None


def result_notice_pdf(data: ResultNoticeData) -> bytes:
    title = "Thông báo kết quả giải quyết hồ sơ"
    pdf = _start(data.agency, title, data.number, data.issued_on)
    pdf.heading(title, subtitle=_code_line(data.dossier_code))
    _addressee(pdf, data.applicant)
    pdf.paragraph(
        f"Ngày {formats.short_date(data.received_at)}, {data.agency.name} tiếp nhận hồ sơ của "
        f"Ông/Bà về thủ tục {data.procedure_name} (mã hồ sơ {data.dossier_code})."
    )
    pdf.paragraph(f"{data.agency.name} thông báo kết quả giải quyết hồ sơ như sau:")
    pdf.field("Kết quả", data.result_type)
    if data.decision:
        pdf.field("Nội dung", data.decision, bold=False)
    pdf.paragraph("Văn bản này có giá trị như kết quả giải quyết thủ tục hành chính./.")
    # A digital signature in the band's person box is the signature block (title,
    # signature, name): the body then keeps only the lookup code, not a second block.
    digital = data.verification is not None and data.verification.with_person
    signed_in_band = digital and not (data.verification and data.verification.person_note)
    pdf.signatures(
        [] if signed_in_band else [Signer(data.signer_position, data.signer_name)],
        qr_url=data.lookup_url,
        qr_caption=data.dossier_code,
    )
    return _finish(pdf, data.verification)


# Shared parts -------------------------------------------------------------------------------


class _Numbered:
    """Numbered lines "1. …", "2. …" whose numbers follow the lines actually printed."""

    def __init__(self, pdf: FormPDF) -> None:
        self.pdf, self.n = pdf, 0

    def text(self, text: str) -> None:
        self.n += 1
        self.pdf.paragraph(f"{self.n}. {text}")

    def field(self, label: str, value: str) -> None:
        self.n += 1
        self.pdf.field(f"{self.n}. {label}", value)


def _start(agency: Agency, title: str, number: str, day: dt.date | dt.datetime) -> FormPDF:
    pdf = FormPDF(title=title)
    pdf.agency_header(
        managing_body=agency.managing_body,
        agency=agency.name,
        number=number,
        place_date=formats.place_date(agency.place, day),
    )
    return pdf


def _finish(pdf: FormPDF, verification: Verification | None) -> bytes:
    """The document's bytes, with its verification band when it is issued electronically
    (printed before any signature: signing only appends to the file)."""
    if verification is not None:
        pdf.verification_band(verification)
    return pdf.render()


def _code_line(code: str) -> str:
    return f"Mã hồ sơ: {code}" if code else ""


def _applicant(pdf: FormPDF, agency: Agency, applicant: Applicant, procedure: str) -> None:
    pdf.paragraph(f"{agency.name} tiếp nhận hồ sơ của:")
    pdf.field("Ông/Bà", applicant.name)
    _contact(pdf, applicant)
    pdf.field("Thủ tục hành chính", procedure)


def _addressee(pdf: FormPDF, applicant: Applicant) -> None:
    pdf.paragraph(f"Kính gửi: Ông/Bà {applicant.name}", style="B", align="C")
    _contact(pdf, applicant)
    pdf.ln(1)


def _contact(pdf: FormPDF, applicant: Applicant) -> None:
    if applicant.address:
        pdf.field("Địa chỉ", applicant.address, bold=False)
    reach = [f"Số điện thoại: {applicant.phone}"] if applicant.phone else []
    reach += [f"Email: {applicant.email}"] if applicant.email else []
    if reach:
        pdf.paragraph(". ".join(reach))
