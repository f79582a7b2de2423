"""The demo organisation: a fictional province, its agencies, officials and applicants.

"Tỉnh An Khang" does not exist. Its names follow real Vietnamese usage so that screens look
as they will in production, and every code is chosen outside the real ranges:

- Units (Decision 19/2025/QĐ-TTg): province "99" (real codes stop at 96), communes 331xx
  (real commune codes stop below 33000), the historical district "990".
- Agencies (QCVN 102:2016, ``V1V2V3.Z1Z2.Y1Y2.Hnn``): ``H22`` stands for the province
  (level 1); ``000.00.00.H22`` is the Provincial People's Committee; ``000.00.YY.H22`` are
  level-2 bodies: 01 the Public Administration Service Centre, 02–10 the departments (Sở)
  and the provincial police, 21–25 the commune People's Committees (directly under the
  province since the 2025 reform); ``000.ZZ.09.H22`` are level-3 bodies under the
  provincial police (09): the commune police stations.
- Department codes are the ones the demo catalogue's process steps name (MC, VP, KT…).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from egov.orgs.models import AdministrativeUnit, Agency

# The one password of every demo account (see people.py); printed by ``egov demo``.
PASSWORD = "egov-demo-2026"  # noqa: S105 - documented demo password
EMAIL_DOMAIN = "ankhang.example"
REFORM_DAY = dt.date(2025, 7, 1)  # Resolution 202/2025/QH15: districts abolished

Unit = AdministrativeUnit.Kind
Kind = Agency.Kind

PROVINCE = ("99", "Tỉnh An Khang")
HISTORICAL_DISTRICT = ("990", "Huyện Hòa Thuận")


@dataclass(frozen=True)
class Merger:
    """Old communes of the historical district merged into one new commune on REFORM_DAY."""

    sources: tuple[tuple[str, str], ...]
    code: str
    name: str


MERGERS = (
    Merger(
        (("33130", "Xã Hòa Thuận Đông"), ("33133", "Xã Hòa Thuận Tây")), "33130", "Xã Hòa Thuận"
    ),
    Merger((("33136", "Xã Tân Phú"), ("33139", "Xã Tân Lợi")), "33136", "Xã Tân Phú"),
)
WARDS = (
    ("33100", "Phường An Khang"),
    ("33103", "Phường Bình Minh"),
    ("33106", "Phường Phú Lộc"),
)

# Office hours by key: (name, Saturday morning desk).
OFFICE_HOURS = {
    "standard": ("Giờ hành chính (07:30–11:30, 13:30–17:00)", False),
    "saturday": ("Giờ hành chính, tiếp nhận sáng thứ Bảy", True),
}


@dataclass(frozen=True)
class AgencySpec:
    code: str
    name: str
    short_name: str
    kind: str
    unit: str
    parent: str | None
    address: str
    phone: str
    hours: str = "standard"


UBND_TINH = "000.00.00.H22"
SERVICE_CENTRE = "000.00.01.H22"
POLICE_HQ = "000.00.09.H22"
_ROOT = UBND_TINH
_CITY = "Phường An Khang, tỉnh An Khang"

AGENCIES: tuple[AgencySpec, ...] = (
    AgencySpec(
        UBND_TINH,
        "Ủy ban nhân dân tỉnh An Khang",
        "UBND",
        Kind.PROVINCIAL_COMMITTEE,
        "99",
        None,
        f"Số 1 đường Hùng Vương, {_CITY}",
        "0299 3800 100",
    ),
    AgencySpec(
        SERVICE_CENTRE,
        "Trung tâm Phục vụ hành chính công tỉnh An Khang",
        "TTPVHCC",
        Kind.SERVICE_CENTRE,
        "99",
        _ROOT,
        f"Số 5 đường Hùng Vương, {_CITY}",
        "0299 3800 555",
        hours="saturday",
    ),
    AgencySpec(
        "000.00.02.H22",
        "Sở Tư pháp tỉnh An Khang",
        "STP",
        Kind.DEPARTMENT,
        "99",
        _ROOT,
        f"Số 10 đường Lê Lợi, {_CITY}",
        "0299 3800 210",
    ),
    AgencySpec(
        "000.00.03.H22",
        "Sở Xây dựng tỉnh An Khang",
        "SXD",
        Kind.DEPARTMENT,
        "99",
        _ROOT,
        f"Số 12 đường Lê Lợi, {_CITY}",
        "0299 3800 230",
    ),
    AgencySpec(
        "000.00.04.H22",
        "Sở Tài chính tỉnh An Khang",
        "STC",
        Kind.DEPARTMENT,
        "99",
        _ROOT,
        f"Số 14 đường Lê Lợi, {_CITY}",
        "0299 3800 240",
    ),
    AgencySpec(
        "000.00.05.H22",
        "Sở Nông nghiệp và Môi trường tỉnh An Khang",
        "SNNMT",
        Kind.DEPARTMENT,
        "99",
        _ROOT,
        f"Số 20 đường Trần Phú, {_CITY}",
        "0299 3800 250",
    ),
    AgencySpec(
        "000.00.06.H22",
        "Sở Y tế tỉnh An Khang",
        "SYT",
        Kind.DEPARTMENT,
        "99",
        _ROOT,
        f"Số 22 đường Trần Phú, {_CITY}",
        "0299 3800 260",
    ),
    AgencySpec(
        "000.00.07.H22",
        "Sở Giáo dục và Đào tạo tỉnh An Khang",
        "SGDĐT",
        Kind.DEPARTMENT,
        "99",
        _ROOT,
        f"Số 24 đường Trần Phú, {_CITY}",
        "0299 3800 270",
    ),
    AgencySpec(
        "000.00.08.H22",
        "Sở Nội vụ tỉnh An Khang",
        "SNV",
        Kind.DEPARTMENT,
        "99",
        _ROOT,
        f"Số 26 đường Trần Phú, {_CITY}",
        "0299 3800 280",
    ),
    AgencySpec(
        POLICE_HQ,
        "Công an tỉnh An Khang",
        "CAT",
        Kind.POLICE,
        "99",
        None,
        f"Số 30 đường Nguyễn Huệ, {_CITY}",
        "0299 3800 113",
    ),
    AgencySpec(
        "000.00.10.H22",
        "Sở Văn hóa, Thể thao và Du lịch tỉnh An Khang",
        "SVHTTDL",
        Kind.DEPARTMENT,
        "99",
        _ROOT,
        f"Số 28 đường Trần Phú, {_CITY}",
        "0299 3800 290",
    ),
    AgencySpec(
        "000.00.21.H22",
        "Ủy ban nhân dân phường An Khang",
        "UBND",
        Kind.COMMUNE_COMMITTEE,
        "33100",
        _ROOT,
        "Số 2 đường Nguyễn Trãi, phường An Khang",
        "0299 3811 001",
        hours="saturday",
    ),
    AgencySpec(
        "000.00.22.H22",
        "Ủy ban nhân dân phường Bình Minh",
        "UBND",
        Kind.COMMUNE_COMMITTEE,
        "33103",
        _ROOT,
        "Số 8 đường Bình Minh, phường Bình Minh",
        "0299 3811 002",
    ),
    AgencySpec(
        "000.00.23.H22",
        "Ủy ban nhân dân phường Phú Lộc",
        "UBND",
        Kind.COMMUNE_COMMITTEE,
        "33106",
        _ROOT,
        "Số 15 đường Phú Lộc, phường Phú Lộc",
        "0299 3811 003",
    ),
    AgencySpec(
        "000.00.24.H22",
        "Ủy ban nhân dân xã Hòa Thuận",
        "UBND",
        Kind.COMMUNE_COMMITTEE,
        "33130",
        _ROOT,
        "Ấp Hòa Thuận Đông, xã Hòa Thuận",
        "0299 3822 001",
    ),
    AgencySpec(
        "000.00.25.H22",
        "Ủy ban nhân dân xã Tân Phú",
        "UBND",
        Kind.COMMUNE_COMMITTEE,
        "33136",
        _ROOT,
        "Ấp Tân Lợi, xã Tân Phú",
        "0299 3822 002",
    ),
    AgencySpec(
        "000.01.09.H22",
        "Công an phường An Khang",
        "CAP",
        Kind.POLICE,
        "33100",
        POLICE_HQ,
        "Số 4 đường Nguyễn Trãi, phường An Khang",
        "0299 3811 113",
    ),
    AgencySpec(
        "000.02.09.H22",
        "Công an phường Bình Minh",
        "CAP",
        Kind.POLICE,
        "33103",
        POLICE_HQ,
        "Số 10 đường Bình Minh, phường Bình Minh",
        "0299 3811 213",
    ),
    AgencySpec(
        "000.03.09.H22",
        "Công an phường Phú Lộc",
        "CAP",
        Kind.POLICE,
        "33106",
        POLICE_HQ,
        "Số 17 đường Phú Lộc, phường Phú Lộc",
        "0299 3811 313",
    ),
    AgencySpec(
        "000.04.09.H22",
        "Công an xã Hòa Thuận",
        "CAX",
        Kind.POLICE,
        "33130",
        POLICE_HQ,
        "Ấp Hòa Thuận Đông, xã Hòa Thuận",
        "0299 3822 113",
    ),
    AgencySpec(
        "000.05.09.H22",
        "Công an xã Tân Phú",
        "CAX",
        Kind.POLICE,
        "33136",
        POLICE_HQ,
        "Ấp Tân Lợi, xã Tân Phú",
        "0299 3822 213",
    ),
)

COMMUNE_COMMITTEES = {a.code: a for a in AGENCIES if a.kind == Kind.COMMUNE_COMMITTEE}


def _commune_departments(ward: bool) -> tuple[tuple[str, str, bool], ...]:
    economy = "Phòng Kinh tế, Hạ tầng và Đô thị" if ward else "Phòng Kinh tế"
    return (
        ("MC", "Trung tâm Phục vụ hành chính công (Bộ phận Một cửa)", True),
        ("VP", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", False),
        ("KT", economy, False),
        ("VHXH", "Phòng Văn hóa - Xã hội", False),
    )


_SO_OFFICE = ("VP", "Văn phòng Sở", False)
# Departments (phòng, bộ phận) by agency code: (code, name, one-stop desk).
DEPARTMENTS: dict[str, tuple[tuple[str, str, bool], ...]] = {
    UBND_TINH: (("VP", "Văn phòng Ủy ban nhân dân tỉnh", False),),
    SERVICE_CENTRE: (
        ("MC", "Bộ phận Tiếp nhận và Trả kết quả", True),
        ("HCTH", "Phòng Hành chính - Tổng hợp", False),
    ),
    "000.00.02.H22": (
        _SO_OFFICE,
        ("HCTP", "Phòng Hành chính tư pháp", False),
        ("BTTP", "Phòng Bổ trợ tư pháp", False),
    ),
    "000.00.03.H22": (
        _SO_OFFICE,
        ("QLXD", "Phòng Quản lý hoạt động xây dựng", False),
        ("QLVT", "Phòng Quản lý vận tải", False),
    ),
    "000.00.04.H22": (_SO_OFFICE, ("DKKD", "Phòng Đăng ký kinh doanh", False)),
    "000.00.05.H22": (
        _SO_OFFICE,
        ("QLDD", "Phòng Quản lý đất đai", False),
        ("VPDK", "Văn phòng Đăng ký đất đai", False),
        ("CLNS", "Phòng Quản lý chất lượng nông lâm sản và thủy sản", False),
    ),
    "000.00.06.H22": (
        _SO_OFFICE,
        ("NVD", "Phòng Nghiệp vụ Dược", False),
        ("BTXH", "Phòng Bảo trợ xã hội", False),
    ),
    "000.00.07.H22": (_SO_OFFICE, ("QLCL", "Phòng Quản lý chất lượng", False)),
    "000.00.08.H22": (_SO_OFFICE, ("LDVL", "Phòng Lao động - Việc làm", False)),
    POLICE_HQ: (
        ("PC06", "Phòng Cảnh sát quản lý hành chính về trật tự xã hội", False),
        ("PC08", "Phòng Cảnh sát giao thông", False),
        ("PV06", "Phòng Hồ sơ nghiệp vụ", False),
    ),
    "000.00.10.H22": (_SO_OFFICE, ("QLVH", "Phòng Quản lý văn hóa", False)),
    **{
        code: _commune_departments(ward=spec.unit in {w[0] for w in WARDS})
        for code, spec in COMMUNE_COMMITTEES.items()
    },
}
