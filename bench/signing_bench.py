"""The cost of signatures: a two-page A5 result (the generated result notice) signed as the
one-stop flow signs results, by the approving leader then by the agency (Decree 30/2020: two
incremental PAdES signatures with their visible appearances), against generating the same
PDF unsigned; also the two signatures alone on a ready PDF (signatures per second) and
verifying the signed result. Ratios are to the unsigned generation timed in the same run
(the ops take turns, so a busy machine slows them alike)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

from .report import _row
from .timing import Op, Sample, measure

AGENCY_CODE = "000.31.31.H22"
# Enough of a decision to fill a second A5 page, as a real decision with its grounds does.
DECISION = " ".join(
    f"Điều {n}. Công nhận nội dung đăng ký của Ông/Bà Nguyễn Thị Ánh Tuyết theo hồ sơ đã "
    "tiếp nhận; các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành."
    for n in range(1, 13)
)


def _result() -> Any:
    from egov.printing.formats import VN_TZ
    from egov.printing.onestop import Agency, Applicant, ResultNoticeData

    return ResultNoticeData(
        agency=Agency(
            name="Ủy ban nhân dân xã An Khang",
            managing_body="Ủy ban nhân dân tỉnh An Khang",
            place="An Khang",
        ),
        applicant=Applicant(
            name="Nguyễn Thị Ánh Tuyết",
            address="Số 12, thôn Đông Hưng, xã An Khang, tỉnh An Khang",
            phone="0912 345 678",
            email="tuyet.nguyen@example.vn",
        ),
        dossier_code="000.31.31.H22-261130-0001",
        procedure_name="Đăng ký khai sinh",
        received_at=dt.datetime(2026, 11, 30, 9, 15, tzinfo=VN_TZ),
        result_type="Chấp thuận",
        decision=DECISION,
        issued_on=dt.date(2026, 12, 2),
        signer_name="Lê Văn Cường",
        signer_position="Chủ tịch",
        number="01/KQ-UBND",
        lookup_url="https://dichvucong.ankhang.gov.vn/tra-cuu?ma=000.31.31.H22-261130-0001",
    )


def _certificates() -> tuple[Any, Any, Any]:
    """A commune committee and its chairman, each with a certificate from a trusted demo CA."""
    from egov.orgs.models import AdministrativeUnit, Agency, OfficialProfile, User
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
    leader = User.objects.create(username="chutich", first_name="Cường", last_name="Lê Văn")
    OfficialProfile.objects.create(user=leader, agency=agency, position="Chủ tịch")
    services.local_ca_create(actor=None, trust=True)
    organisation = services.certificate_issue(owner_agency=agency, actor=None)
    personal = services.certificate_issue(owner_user=leader, actor=None)
    return leader, personal, organisation


def _pages(pdf: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return int(PdfFileReader(BytesIO(pdf)).root["/Pages"]["/Count"])


def run(*, count: int, warmup: int, max_seconds: float) -> dict[str, Any]:
    from egov.printing.onestop import result_notice_pdf
    from egov.signing.pdf import sign_person_then_organisation
    from egov.signing.verify import verify_pdf

    leader, personal, organisation = _certificates()
    data = _result()

    def sign(pdf: bytes) -> bytes:
        return sign_person_then_organisation(
            pdf,
            personal=personal,
            organisation=organisation,
            actor_person=leader,
            actor_organisation=None,
            title="Chủ tịch",
            reason="Kết quả giải quyết hồ sơ",
            location="Xã An Khang",
            system_for=organisation.owner_agency,
        )

    unsigned = result_notice_pdf(data)
    signed = sign(unsigned)
    # Time real work only: a result that is not two pages, or signatures that stopped
    # validating, would make the figures lie.
    if _pages(unsigned) != 2:
        raise SystemExit(f"bench: the result has {_pages(unsigned)} pages, not 2")
    report = verify_pdf(signed)
    if not report.valid or len(report.signatures) != 2:
        raise SystemExit(f"bench: the signed result does not verify: {report.as_dict()}")

    samples = measure(
        [
            Op("generate unsigned", lambda d: result_notice_pdf(d), [data], count),
            Op("generate + 2 signatures", lambda d: sign(result_notice_pdf(d)), [data], count),
            Op("2 signatures on the ready PDF", sign, [unsigned], count),
            Op("verify the signed result", verify_pdf, [signed], count),
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
            ["2-page A5 result, leader + agency", "median ms", "ops/s", "calls", "× unsigned"],
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
