"""The demo's people: officials for every role in several agencies, citizens and businesses.

Usernames say the job and the place (``motcua.phuong1`` is the one-stop desk of the first
ward); every account uses ``data.PASSWORD``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from egov.orgs.models import Role

from .data import POLICE_HQ, SERVICE_CENTRE, UBND_TINH


@dataclass(frozen=True)
class OfficialSpec:
    username: str
    full_name: str
    agency: str
    department: str | None
    position: str
    roles: tuple[Role, ...]


R = Role
_P1, _P2, _X1, _CA1 = "000.00.21.H22", "000.00.22.H22", "000.00.24.H22", "000.01.09.H22"

OFFICIALS: tuple[OfficialSpec, ...] = (
    OfficialSpec(
        "admin", "Trần Minh Quân", UBND_TINH, "VP", "Quản trị hệ thống", (R.SYSTEM_ADMIN,)
    ),
    OfficialSpec(
        "quantri.tinh",
        "Lê Thị Thu Hà",
        UBND_TINH,
        "VP",
        "Chuyên viên Văn phòng UBND tỉnh, quản trị nghiệp vụ",
        (R.AGENCY_ADMIN,),
    ),
    OfficialSpec(
        "lanhdao.ubnd",
        "Nguyễn Văn Hùng",
        UBND_TINH,
        None,
        "Phó Chủ tịch UBND tỉnh",
        (R.AGENCY_LEADER,),
    ),
    OfficialSpec(
        "vanthu.ubnd", "Phạm Thị Lan", UBND_TINH, "VP", "Văn thư Văn phòng UBND tỉnh", (R.CLERK,)
    ),
    OfficialSpec(
        "motcua.tinh",
        "Đỗ Thị Mai",
        SERVICE_CENTRE,
        "MC",
        "Công chức tiếp nhận và trả kết quả",
        (R.DESK_OFFICER,),
    ),
    OfficialSpec(
        "lanhdao.ttpv",
        "Vũ Đức Thắng",
        SERVICE_CENTRE,
        None,
        "Giám đốc Trung tâm Phục vụ hành chính công",
        (R.AGENCY_LEADER,),
    ),
    OfficialSpec(
        "chuyenvien.sotuphap",
        "Hoàng Văn Nam",
        "000.00.02.H22",
        "BTTP",
        "Chuyên viên Phòng Bổ trợ tư pháp",
        (R.SPECIALIST,),
    ),
    OfficialSpec(
        "truongphong.sotuphap",
        "Ngô Thị Hồng",
        "000.00.02.H22",
        "BTTP",
        "Trưởng phòng Bổ trợ tư pháp",
        (R.DEPARTMENT_HEAD,),
    ),
    OfficialSpec(
        "lanhdao.sotuphap",
        "Bùi Quang Vinh",
        "000.00.02.H22",
        None,
        "Giám đốc Sở Tư pháp",
        (R.AGENCY_LEADER,),
    ),
    OfficialSpec(
        "vanthu.sotuphap", "Đặng Thị Thảo", "000.00.02.H22", "VP", "Văn thư Sở Tư pháp", (R.CLERK,)
    ),
    OfficialSpec(
        "chuyenvien.xaydung",
        "Cao Văn Đức",
        "000.00.03.H22",
        "QLXD",
        "Chuyên viên Phòng Quản lý hoạt động xây dựng",
        (R.SPECIALIST,),
    ),
    OfficialSpec(
        "truongphong.xaydung",
        "Mai Thị Hương",
        "000.00.03.H22",
        "QLXD",
        "Trưởng phòng Quản lý hoạt động xây dựng",
        (R.DEPARTMENT_HEAD,),
    ),
    OfficialSpec(
        "lanhdao.xaydung",
        "Tạ Quang Huy",
        "000.00.03.H22",
        None,
        "Phó Giám đốc Sở Xây dựng",
        (R.AGENCY_LEADER,),
    ),
    OfficialSpec(
        "chuyenvien.dkkd",
        "Phan Thị Ngọc Ánh",
        "000.00.04.H22",
        "DKKD",
        "Chuyên viên Phòng Đăng ký kinh doanh",
        (R.SPECIALIST,),
    ),
    OfficialSpec(
        "truongphong.dkkd",
        "Trịnh Văn Long",
        "000.00.04.H22",
        "DKKD",
        "Trưởng phòng Đăng ký kinh doanh",
        (R.DEPARTMENT_HEAD,),
    ),
    OfficialSpec(
        "lanhdao.taichinh",
        "Lý Minh Tuấn",
        "000.00.04.H22",
        None,
        "Giám đốc Sở Tài chính",
        (R.AGENCY_LEADER,),
    ),
    OfficialSpec(
        "chuyenvien.datdai",
        "Lâm Thị Kim Oanh",
        "000.00.05.H22",
        "VPDK",
        "Viên chức Văn phòng Đăng ký đất đai",
        (R.SPECIALIST,),
    ),
    OfficialSpec(
        "truongphong.datdai",
        "Hồ Văn Bình",
        "000.00.05.H22",
        "VPDK",
        "Giám đốc Văn phòng Đăng ký đất đai",
        (R.DEPARTMENT_HEAD,),
    ),
    OfficialSpec(
        "lanhdao.nnmt",
        "Dương Minh Khoa",
        "000.00.05.H22",
        None,
        "Phó Giám đốc Sở Nông nghiệp và Môi trường",
        (R.AGENCY_LEADER,),
    ),
    OfficialSpec(
        "chuyenvien.yte",
        "Kiều Thị Yến",
        "000.00.06.H22",
        "BTXH",
        "Chuyên viên Phòng Bảo trợ xã hội",
        (R.SPECIALIST,),
    ),
    OfficialSpec(
        "lanhdao.yte",
        "Quách Văn Phúc",
        "000.00.06.H22",
        None,
        "Giám đốc Sở Y tế",
        (R.AGENCY_LEADER,),
    ),
    OfficialSpec(
        "chuyenvien.giaoduc",
        "La Thị Bích",
        "000.00.07.H22",
        "QLCL",
        "Chuyên viên Phòng Quản lý chất lượng",
        (R.SPECIALIST,),
    ),
    OfficialSpec(
        "chuyenvien.noivu",
        "Khúc Thị Linh",
        "000.00.08.H22",
        "LDVL",
        "Chuyên viên Phòng Lao động - Việc làm",
        (R.SPECIALIST,),
    ),
    OfficialSpec(
        "chuyenvien.pc08",
        "Thái Văn Sơn",
        POLICE_HQ,
        "PC08",
        "Cán bộ Phòng Cảnh sát giao thông",
        (R.SPECIALIST, R.DESK_OFFICER),
    ),
    OfficialSpec(
        "truongphong.pc08",
        "Lưu Quốc Bảo",
        POLICE_HQ,
        "PC08",
        "Trưởng phòng Cảnh sát giao thông",
        (R.DEPARTMENT_HEAD,),
    ),
    OfficialSpec(
        "chuyenvien.vanhoa",
        "Văn Thị Hạnh",
        "000.00.10.H22",
        "QLVH",
        "Chuyên viên Phòng Quản lý văn hóa",
        (R.SPECIALIST,),
    ),
    OfficialSpec(
        "motcua.phuong1",
        "Nguyễn Thị Thanh Hương",
        _P1,
        "MC",
        "Công chức tiếp nhận và trả kết quả",
        (R.DESK_OFFICER,),
    ),
    OfficialSpec(
        "tuphap.phuong1", "Trần Văn Tài", _P1, "VP", "Công chức Tư pháp - Hộ tịch", (R.SPECIALIST,)
    ),
    OfficialSpec(
        "diachinh.phuong1",
        "Lê Quốc Việt",
        _P1,
        "KT",
        "Công chức Phòng Kinh tế, Hạ tầng và Đô thị",
        (R.SPECIALIST,),
    ),
    OfficialSpec(
        "vhxh.phuong1",
        "Phạm Thị Thu Trang",
        _P1,
        "VHXH",
        "Công chức Phòng Văn hóa - Xã hội",
        (R.SPECIALIST,),
    ),
    OfficialSpec(
        "truongphong.phuong1",
        "Võ Minh Trí",
        _P1,
        "VP",
        "Chánh Văn phòng HĐND và UBND phường",
        (R.DEPARTMENT_HEAD,),
    ),
    OfficialSpec(
        "lanhdao.phuong1",
        "Huỳnh Thị Kim Ngân",
        _P1,
        None,
        "Chủ tịch UBND phường",
        (R.AGENCY_LEADER,),
    ),
    OfficialSpec("vanthu.phuong1", "Đinh Thị Hoa", _P1, "VP", "Văn thư UBND phường", (R.CLERK,)),
    OfficialSpec(
        "quantri.phuong1",
        "Trương Văn Hậu",
        _P1,
        "VP",
        "Công chức Văn phòng, quản trị hệ thống của phường",
        (R.AGENCY_ADMIN,),
    ),
    OfficialSpec(
        "motcua.phuong2",
        "Châu Thị Diễm",
        _P2,
        "MC",
        "Công chức tiếp nhận và trả kết quả",
        (R.DESK_OFFICER,),
    ),
    OfficialSpec(
        "tuphap.phuong2", "Ông Văn Lộc", _P2, "VP", "Công chức Tư pháp - Hộ tịch", (R.SPECIALIST,)
    ),
    OfficialSpec(
        "lanhdao.phuong2",
        "Tăng Minh Châu",
        _P2,
        None,
        "Phó Chủ tịch UBND phường",
        (R.AGENCY_LEADER,),
    ),
    OfficialSpec(
        "motcua.xa1",
        "Lò Thị Én",
        _X1,
        "MC",
        "Công chức tiếp nhận và trả kết quả",
        (R.DESK_OFFICER,),
    ),
    OfficialSpec(
        "chuyenvien.xa1",
        "Đoàn Văn Phước",
        _X1,
        "VP",
        "Công chức Tư pháp - Hộ tịch",
        (R.SPECIALIST,),
    ),
    OfficialSpec("lanhdao.xa1", "Lục Văn Thành", _X1, None, "Chủ tịch UBND xã", (R.AGENCY_LEADER,)),
    OfficialSpec(
        "congan.phuong1",
        "Nguyễn Đức Toàn",
        _CA1,
        None,
        "Cán bộ đăng ký, quản lý cư trú",
        (R.DESK_OFFICER, R.SPECIALIST),
    ),
    OfficialSpec(
        "truongcongan.phuong1",
        "Hà Văn Khải",
        _CA1,
        None,
        "Trưởng Công an phường",
        (R.AGENCY_LEADER,),
    ),
)

# The official who is also a Django superuser, so that /quan-tri/ opens in the demo.
SUPERUSER = "admin"


@dataclass(frozen=True)
class CitizenSpec:
    full_name: str
    email: str | None
    phone: str | None
    national_id: str
    date_of_birth: dt.date
    unit: str
    street: str


CITIZENS = (
    CitizenSpec(
        "Nguyễn Văn An",
        "an.nguyen@example.com",
        "0912000001",
        "099085001234",
        dt.date(1985, 3, 12),
        "33100",
        "Số 12 đường Lê Lợi, khu phố 3",
    ),
    CitizenSpec(
        "Trần Thị Bích Ngọc",
        None,
        "0987000002",
        "099192004567",
        dt.date(1992, 7, 25),
        "33130",
        "Ấp Hòa Thuận Đông",
    ),
    CitizenSpec(
        "Lê Hoàng Minh",
        "minh.le@example.com",
        None,
        "099201007890",
        dt.date(2001, 11, 2),
        "33103",
        "Số 7 hẻm 21 đường Bình Minh",
    ),
)


@dataclass(frozen=True)
class BusinessSpec:
    name: str
    tax_code: str
    representative: str
    email: str | None
    phone: str | None
    unit: str
    street: str


BUSINESSES = (
    BusinessSpec(
        "Công ty TNHH Thương mại An Khang Phát",
        "6301234563",
        "Phạm Quốc Huy",
        "ankhangphat@example.com",
        "02993811888",
        "33100",
        "Số 45 đường Trần Hưng Đạo",
    ),
    # A household business uses its owner's 12-digit citizen ID as tax code since 07/2025.
    BusinessSpec(
        "Hộ kinh doanh Tạp hóa Cô Ba",
        "099170003333",
        "Võ Thị Ba",
        None,
        "0909000003",
        "33136",
        "Chợ Tân Phú, ấp Tân Lợi",
    ),
)
