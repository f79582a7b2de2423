"""The cost of a signature: generating a one-page A5 form (the one-stop receipt, form 01)
and signing it for its agency (visible organisation signature) against generating the same
form unsigned, and verifying the signed form, as ratios to the unsigned generation timed in
the same run (the ops take turns, so a busy machine slows them alike)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .report import _row
from .timing import Op, Sample, measure

AGENCY_CODE = "000.31.31.H22"


def _receipt() -> Any:
    from egov.printing.formats import VN_TZ
    from egov.printing.onestop import (
        CERTIFIED_COPY,
        ORIGINAL,
        Agency,
        Applicant,
        ReceiptData,
        ReceivedComponent,
    )

    received = dt.datetime(2026, 11, 30, 9, 15, tzinfo=VN_TZ)
    return ReceiptData(
        agency=Agency(
            name="Bộ phận Một cửa xã An Khang",
            managing_body="Ủy ban nhân dân xã An Khang",
            place="An Khang",
        ),
        dossier_code="000.31.31.H22-261130-0001",
        applicant=Applicant(
            name="Nguyễn Thị Ánh Tuyết",
            address="Số 12, thôn Đông Hưng, xã An Khang, tỉnh Tuyên Quang",
            phone="0912 345 678",
            email="tuyet.nguyen@example.vn",
        ),
        procedure_name="Đăng ký khai sinh",
        components=(
            ReceivedComponent("Tờ khai đăng ký khai sinh theo mẫu", ORIGINAL, 1),
            ReceivedComponent("Giấy chứng sinh do cơ sở y tế cấp", ORIGINAL, 1),
            ReceivedComponent("Giấy chứng nhận kết hôn của cha, mẹ", CERTIFIED_COPY, 2),
        ),
        received_at=received,
        due_at=received + dt.timedelta(days=7),
        result_delivery="Trực tiếp tại Bộ phận Một cửa xã An Khang",
        receiving_officer="Trần Văn Bình",
        lookup_url="https://dichvucong.ankhang.gov.vn/tra-cuu?ma=000.31.31.H22-261130-0001",
        processing_days=Decimal("0.5"),
        fee=15000,
    )


def _agency_certificate() -> Any:
    """A commune committee with an organisation certificate from a trusted demo CA."""
    from egov.orgs.models import AdministrativeUnit, Agency
    from egov.signing import services

    unit = AdministrativeUnit.objects.create(
        code="31", name="Tỉnh An Khang", kind=AdministrativeUnit.Kind.PROVINCE
    )
    agency = Agency.objects.create(
        code=AGENCY_CODE,
        name="Ủy ban nhân dân xã An Khang",
        short_name="UBND",
        kind=Agency.Kind.COMMUNE_COMMITTEE,
        unit=unit,
    )
    services.local_ca_create(actor=None, trust=True)
    return services.certificate_issue(owner_agency=agency, actor=None)


def run(*, count: int, warmup: int, max_seconds: float) -> dict[str, Any]:
    from egov.printing.onestop import receipt_pdf
    from egov.signing.pdf import Appearance, sign_pdf
    from egov.signing.verify import verify_pdf

    certificate = _agency_certificate()
    data = _receipt()

    def sign(pdf: bytes) -> bytes:
        return sign_pdf(
            pdf,
            certificate=certificate,
            actor=None,
            reason="Phiếu tiếp nhận hồ sơ",
            location="Xã An Khang",
            field_name="ChuKyCoQuan",
            appearance=Appearance.organisation(),
            system_for=certificate.owner_agency,
        )

    unsigned = receipt_pdf(data)
    signed = sign(unsigned)
    # Time real work only: a signature that stopped validating would make the figures lie.
    report = verify_pdf(signed)
    if not report.valid:
        raise SystemExit(f"bench: the signed form does not verify: {report.as_dict()}")

    samples = measure(
        [
            Op("generate unsigned", lambda d: receipt_pdf(d), [data], count),
            Op("generate + sign", lambda d: sign(receipt_pdf(d)), [data], count),
            Op("verify the signed form", verify_pdf, [signed], count),
        ],
        warmup=warmup,
        rounds=min(count, 20),
        max_seconds=max_seconds,
    )
    return {"samples": samples, "unsigned_bytes": len(unsigned), "signed_bytes": len(signed)}


def table(result: dict[str, Any]) -> list[str]:
    baseline, *others = result["samples"]
    widths = [38, 12, 10, 8, 22]
    lines = [
        _row(
            ["Signing a one-page A5 form", "median ms", "ops/s", "calls", "× unsigned (median)"],
            widths,
        )
    ]
    for sample in [baseline, *others]:
        label = "generate unsigned (baseline)" if sample is baseline else sample.name
        lines.append(
            _row(
                [
                    label,
                    f"{sample.median_ms:.1f}",
                    f"{sample.ops_per_second:,.1f}",
                    f"{sample.count:,}",
                    f"{sample.median_ms / baseline.median_ms:,.2f}",
                ],
                widths,
            )
        )
    lines.append(
        f"  PDF size: {result['unsigned_bytes']:,} bytes unsigned, "
        f"{result['signed_bytes']:,} signed"
    )
    return lines


def to_json(result: dict[str, Any]) -> dict[str, Any]:
    baseline: Sample = result["samples"][0]
    return {
        "samples": {
            s.name: {**s.as_dict(), "ratio_median": round(s.median_ms / baseline.median_ms, 3)}
            for s in result["samples"]
        },
        "unsigned_bytes": result["unsigned_bytes"],
        "signed_bytes": result["signed_bytes"],
    }
