"""What each demo form asks: title, addressee and labelled lines, after the printed forms of
the civil-status, residence, land, construction, business and social-protection rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

COMMUNE = "Ủy ban nhân dân xã/phường …………………………………"
POLICE = "Công an xã/phường …………………………………"
BUSINESS_OFFICE = "Phòng Đăng ký kinh doanh - Sở Tài chính tỉnh …………"
APPLICANT = (
    "Họ, chữ đệm, tên người yêu cầu",
    "Nơi cư trú",
    "Số định danh cá nhân",
    "Số điện thoại / thư điện tử",
)


@dataclass(frozen=True)
class FormSpec:
    """One printed form: title, addressee, sections of labelled lines, and who signs."""

    title: str
    addressee: str
    sections: Sequence[tuple[str, Sequence[str]]]
    subtitle: str = ""
    signer: str = "NGƯỜI YÊU CẦU"
    pledge: str = (
        "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước "
        "pháp luật về cam đoan của mình."
    )


FORMS: dict[str, FormSpec] = {
    "to-khai-dang-ky-khai-sinh.docx": FormSpec(
        "TỜ KHAI ĐĂNG KÝ KHAI SINH",
        COMMUNE,
        [
            ("", (*APPLICANT, "Quan hệ với người được khai sinh")),
            (
                "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:",
                (
                    "Họ, chữ đệm, tên",
                    "Ngày, tháng, năm sinh (ghi bằng chữ)",
                    "Giới tính",
                    "Dân tộc",
                    "Quốc tịch",
                    "Nơi sinh",
                    "Quê quán",
                    "Họ, chữ đệm, tên người mẹ; năm sinh; dân tộc; quốc tịch; nơi cư trú",
                    "Họ, chữ đệm, tên người cha; năm sinh; dân tộc; quốc tịch; nơi cư trú",
                ),
            ),
        ],
    ),
    "to-khai-dang-ky-khai-tu.docx": FormSpec(
        "TỜ KHAI ĐĂNG KÝ KHAI TỬ",
        COMMUNE,
        [
            ("", (*APPLICANT, "Quan hệ với người đã chết")),
            (
                "Đề nghị cơ quan đăng ký khai tử cho người có tên dưới đây:",
                (
                    "Họ, chữ đệm, tên",
                    "Ngày, tháng, năm sinh",
                    "Giới tính; dân tộc; quốc tịch",
                    "Số định danh cá nhân",
                    "Nơi cư trú cuối cùng",
                    "Đã chết vào lúc …… giờ …… phút, ngày …… tháng …… năm",
                    "Nơi chết",
                    "Nguyên nhân chết",
                    "Số Giấy báo tử / giấy tờ thay Giấy báo tử; ngày cấp; cơ quan cấp",
                ),
            ),
        ],
    ),
    "to-khai-dang-ky-ket-hon.docx": FormSpec(
        "TỜ KHAI ĐĂNG KÝ KẾT HÔN",
        COMMUNE,
        [
            (
                "Thông tin bên nữ",
                (
                    "Họ, chữ đệm, tên",
                    "Ngày, tháng, năm sinh",
                    "Dân tộc; quốc tịch",
                    "Nơi cư trú",
                    "Số định danh cá nhân",
                    "Kết hôn lần thứ mấy",
                ),
            ),
            (
                "Thông tin bên nam",
                (
                    "Họ, chữ đệm, tên",
                    "Ngày, tháng, năm sinh",
                    "Dân tộc; quốc tịch",
                    "Nơi cư trú",
                    "Số định danh cá nhân",
                    "Kết hôn lần thứ mấy",
                ),
            ),
        ],
        pledge=(
            "Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng "
            "tôi là tự nguyện, không vi phạm quy định của Luật Hôn nhân và gia đình Việt Nam."
        ),
        signer="BÊN NỮ                                        BÊN NAM",
    ),
    "to-khai-dang-ky-nhan-cha-me-con.docx": FormSpec(
        "TỜ KHAI ĐĂNG KÝ NHẬN CHA, MẸ, CON",
        COMMUNE,
        [
            ("", APPLICANT),
            (
                "Người nhận",
                ("Họ, chữ đệm, tên", "Ngày, tháng, năm sinh", "Dân tộc; quốc tịch", "Nơi cư trú"),
            ),
            (
                "Người được nhận",
                ("Họ, chữ đệm, tên", "Ngày, tháng, năm sinh", "Dân tộc; quốc tịch", "Nơi cư trú"),
            ),
            ("", ("Quan hệ (cha - con / mẹ - con)", "Giấy tờ, chứng cứ kèm theo")),
        ],
    ),
    "to-khai-thay-doi-cai-chinh-ho-tich.docx": FormSpec(
        "TỜ KHAI ĐĂNG KÝ THAY ĐỔI, CẢI CHÍNH, BỔ SUNG THÔNG TIN HỘ TỊCH",
        COMMUNE,
        [
            ("", (*APPLICANT, "Quan hệ với người được thay đổi, cải chính")),
            (
                "Thông tin người được thay đổi, cải chính, bổ sung",
                (
                    "Họ, chữ đệm, tên",
                    "Ngày, tháng, năm sinh",
                    "Giấy tờ hộ tịch đã cấp: số …… ngày …… cơ quan cấp",
                    "Nội dung trước khi thay đổi, cải chính, bổ sung",
                    "Nội dung sau khi thay đổi, cải chính, bổ sung",
                    "Lý do",
                ),
            ),
        ],
    ),
    "to-khai-cap-ban-sao-trich-luc.docx": FormSpec(
        "TỜ KHAI CẤP BẢN SAO TRÍCH LỤC HỘ TỊCH",
        COMMUNE,
        [
            ("", APPLICANT),
            (
                "Đề nghị cấp bản sao trích lục hộ tịch của người có tên dưới đây:",
                (
                    "Họ, chữ đệm, tên",
                    "Ngày, tháng, năm sinh",
                    "Loại việc hộ tịch đã đăng ký (khai sinh, kết hôn, khai tử…)",
                    "Số, ngày đăng ký; cơ quan đã đăng ký",
                    "Số lượng bản sao đề nghị cấp",
                ),
            ),
        ],
    ),
    "to-khai-xac-nhan-tinh-trang-hon-nhan.docx": FormSpec(
        "TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
        COMMUNE,
        [
            ("", (*APPLICANT, "Quan hệ với người được cấp Giấy xác nhận")),
            (
                "Đề nghị cấp Giấy xác nhận tình trạng hôn nhân cho người có tên dưới đây:",
                (
                    "Họ, chữ đệm, tên",
                    "Ngày, tháng, năm sinh",
                    "Giới tính; dân tộc; quốc tịch",
                    "Nơi cư trú",
                    "Thời gian cư trú tại nơi đề nghị xác nhận (từ …… đến ……)",
                    "Tình trạng hôn nhân",
                    "Mục đích sử dụng Giấy xác nhận",
                ),
            ),
        ],
    ),
    "phieu-yeu-cau-chung-thuc-hop-dong.docx": FormSpec(
        "PHIẾU YÊU CẦU CHỨNG THỰC HỢP ĐỒNG, GIAO DỊCH",
        COMMUNE,
        [
            ("", APPLICANT),
            (
                "Nội dung yêu cầu chứng thực",
                (
                    "Tên hợp đồng, giao dịch",
                    "Tài sản là đối tượng của hợp đồng, giao dịch",
                    "Các bên tham gia hợp đồng, giao dịch",
                    "Giấy tờ nộp kèm theo",
                ),
            ),
        ],
    ),
    "to-khai-thay-doi-thong-tin-cu-tru.docx": FormSpec(
        "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ",
        POLICE,
        [
            (
                "",
                (
                    "Họ, chữ đệm và tên",
                    "Ngày, tháng, năm sinh; giới tính",
                    "Số định danh cá nhân",
                    "Số điện thoại liên hệ; thư điện tử",
                    "Họ, chữ đệm và tên chủ hộ; quan hệ với chủ hộ",
                    "Số định danh cá nhân của chủ hộ",
                    "Nội dung đề nghị (đăng ký thường trú, tạm trú, gia hạn tạm trú…)",
                    "Địa chỉ chỗ ở đề nghị đăng ký",
                    "Những thành viên trong hộ gia đình cùng thay đổi",
                ),
            ),
        ],
        subtitle="(Mẫu CT01)",
        signer="NGƯỜI KÊ KHAI",
    ),
    "don-dang-ky-dat-dai.docx": FormSpec(
        "ĐƠN ĐĂNG KÝ ĐẤT ĐAI, TÀI SẢN GẮN LIỀN VỚI ĐẤT",
        "Ủy ban nhân dân xã/phường …………; Văn phòng Đăng ký đất đai tỉnh …………",
        [
            (
                "Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất",
                ("Họ và tên", "Số định danh cá nhân", "Địa chỉ", "Số điện thoại"),
            ),
            (
                "Thửa đất đăng ký",
                (
                    "Thửa đất số; tờ bản đồ số",
                    "Địa chỉ thửa đất",
                    "Diện tích (m²); hình thức sử dụng",
                    "Mục đích sử dụng; thời hạn sử dụng",
                    "Nguồn gốc sử dụng",
                    "Tài sản gắn liền với đất (nếu có)",
                ),
            ),
            ("", ("Đề nghị: đăng ký đất đai / cấp Giấy chứng nhận", "Giấy tờ nộp kèm theo")),
        ],
        subtitle="(Mẫu số 04/ĐK)",
        signer="NGƯỜI VIẾT ĐƠN",
    ),
    "don-dang-ky-bien-dong-dat-dai.docx": FormSpec(
        "ĐƠN ĐĂNG KÝ BIẾN ĐỘNG ĐẤT ĐAI, TÀI SẢN GẮN LIỀN VỚI ĐẤT",
        "Văn phòng Đăng ký đất đai tỉnh …………",
        [
            (
                "Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất",
                ("Họ và tên", "Số định danh cá nhân", "Địa chỉ"),
            ),
            (
                "Giấy chứng nhận đã cấp",
                ("Số vào sổ cấp Giấy chứng nhận", "Số phát hành", "Ngày cấp"),
            ),
            (
                "Nội dung biến động",
                (
                    "Nội dung trước khi biến động",
                    "Nội dung sau khi biến động",
                    "Lý do biến động",
                    "Giấy tờ liên quan nộp kèm theo",
                ),
            ),
        ],
        subtitle="(Mẫu số 11/ĐK)",
        signer="NGƯỜI VIẾT ĐƠN",
    ),
    "don-xin-chuyen-muc-dich-su-dung-dat.docx": FormSpec(
        "ĐƠN XIN CHUYỂN MỤC ĐÍCH SỬ DỤNG ĐẤT",
        "Ủy ban nhân dân xã/phường …………………………………",
        [
            ("", ("Người xin chuyển mục đích sử dụng đất", "Số định danh cá nhân", "Địa chỉ")),
            (
                "Thông tin thửa đất",
                (
                    "Thửa đất số; tờ bản đồ số; địa chỉ",
                    "Diện tích xin chuyển mục đích (m²)",
                    "Mục đích sử dụng hiện tại",
                    "Mục đích sử dụng đề nghị chuyển sang",
                    "Giấy chứng nhận đã cấp: số, ngày cấp",
                ),
            ),
            ("", ("Cam kết thực hiện nghĩa vụ tài chính",)),
        ],
        signer="NGƯỜI LÀM ĐƠN",
    ),
    "don-de-nghi-cap-giay-phep-xay-dung.docx": FormSpec(
        "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG",
        "Cơ quan cấp giấy phép xây dựng: ………………………………",
        [
            ("Thông tin về chủ đầu tư", ("Tên chủ đầu tư", "Địa chỉ liên hệ", "Số điện thoại")),
            (
                "Thông tin công trình",
                (
                    "Địa điểm xây dựng: lô đất số; diện tích (m²)",
                    "Tại số nhà, đường/phố, xã/phường",
                    "Loại công trình; cấp công trình",
                    "Diện tích xây dựng tầng 1 (m²); tổng diện tích sàn (m²)",
                    "Chiều cao công trình (m); số tầng",
                    "Đơn vị thiết kế; chủ nhiệm thiết kế",
                    "Dự kiến thời gian hoàn thành công trình",
                ),
            ),
        ],
        pledge=(
            "Tôi xin cam kết làm theo đúng giấy phép được cấp, nếu sai tôi xin hoàn toàn chịu "
            "trách nhiệm và bị xử lý theo quy định của pháp luật."
        ),
        signer="NGƯỜI LÀM ĐƠN / ĐẠI DIỆN CHỦ ĐẦU TƯ",
    ),
    "don-de-nghi-gia-han-giay-phep-xay-dung.docx": FormSpec(
        "ĐƠN ĐỀ NGHỊ GIA HẠN GIẤY PHÉP XÂY DỰNG",
        "Cơ quan cấp giấy phép xây dựng: ………………………………",
        [
            ("Thông tin về chủ đầu tư", ("Tên chủ đầu tư", "Địa chỉ liên hệ", "Số điện thoại")),
            (
                "Giấy phép xây dựng đã cấp",
                ("Số giấy phép; ngày cấp", "Công trình; địa điểm xây dựng"),
            ),
            ("", ("Lý do đề nghị gia hạn", "Thời gian đề nghị gia hạn")),
        ],
        signer="NGƯỜI LÀM ĐƠN / ĐẠI DIỆN CHỦ ĐẦU TƯ",
    ),
    "giay-de-nghi-dang-ky-doanh-nghiep.docx": FormSpec(
        "GIẤY ĐỀ NGHỊ ĐĂNG KÝ DOANH NGHIỆP",
        BUSINESS_OFFICE,
        [
            ("", ("Tôi là (ghi họ tên bằng chữ in hoa)", "Số định danh cá nhân")),
            (
                "Đăng ký doanh nghiệp với các nội dung sau:",
                (
                    "Loại hình doanh nghiệp",
                    "Tên doanh nghiệp viết bằng tiếng Việt",
                    "Tên doanh nghiệp viết bằng tiếng nước ngoài (nếu có)",
                    "Tên doanh nghiệp viết tắt (nếu có)",
                    "Địa chỉ trụ sở chính",
                    "Ngành, nghề kinh doanh (mã ngành cấp 4)",
                    "Vốn điều lệ (bằng số; bằng chữ; VNĐ)",
                    "Người đại diện theo pháp luật",
                    "Thông tin đăng ký thuế",
                ),
            ),
        ],
        signer="NGƯỜI ĐẠI DIỆN THEO PHÁP LUẬT",
    ),
    "giay-de-nghi-dang-ky-ho-kinh-doanh.docx": FormSpec(
        "GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH",
        "Phòng Kinh tế - Ủy ban nhân dân xã/phường …………………",
        [
            ("", ("Tôi là (ghi họ tên bằng chữ in hoa)", "Số định danh cá nhân", "Nơi cư trú")),
            (
                "Đăng ký hộ kinh doanh do tôi là chủ hộ với các nội dung sau:",
                (
                    "Tên hộ kinh doanh",
                    "Địa chỉ trụ sở hộ kinh doanh",
                    "Điện thoại; thư điện tử",
                    "Ngành, nghề kinh doanh",
                    "Vốn kinh doanh (VNĐ)",
                    "Số lượng lao động (dự kiến)",
                    "Thành viên hộ gia đình tham gia đăng ký (nếu có)",
                ),
            ),
        ],
        signer="CHỦ HỘ KINH DOANH",
    ),
    "to-khai-de-nghi-tro-cap-xa-hoi.docx": FormSpec(
        "TỜ KHAI ĐỀ NGHỊ TRỢ GIÚP XÃ HỘI",
        COMMUNE,
        [
            (
                "Thông tin của đối tượng",
                (
                    "Họ và tên",
                    "Ngày, tháng, năm sinh; giới tính",
                    "Số định danh cá nhân",
                    "Nơi cư trú",
                    "Dạng tật, mức độ khuyết tật (nếu có)",
                    "Chế độ đang hưởng (lương hưu, trợ cấp bảo hiểm xã hội, ưu đãi người có công…)",
                ),
            ),
            (
                "Thông tin người giám hộ hoặc người nhận thay (nếu có)",
                ("Họ và tên", "Quan hệ với đối tượng", "Nơi cư trú"),
            ),
        ],
        signer="NGƯỜI KHAI",
    ),
    "to-khai-de-nghi-ho-tro-chi-phi-mai-tang.docx": FormSpec(
        "TỜ KHAI ĐỀ NGHỊ HỖ TRỢ CHI PHÍ MAI TÁNG",
        COMMUNE,
        [
            (
                "Thông tin người đã chết",
                (
                    "Họ và tên",
                    "Ngày, tháng, năm sinh",
                    "Nơi cư trú",
                    "Ngày, tháng, năm chết",
                    "Đối tượng đang hưởng chế độ (nếu có)",
                ),
            ),
            (
                "Thông tin cơ quan, tổ chức, hộ gia đình, cá nhân đứng ra mai táng",
                ("Tên / Họ và tên", "Địa chỉ", "Quan hệ với người đã chết"),
            ),
        ],
        signer="NGƯỜI KHAI",
    ),
    "don-de-nghi-doi-giay-phep-lai-xe.docx": FormSpec(
        "ĐƠN ĐỀ NGHỊ ĐỔI GIẤY PHÉP LÁI XE",
        "Phòng Cảnh sát giao thông - Công an tỉnh …………",
        [
            (
                "",
                (
                    "Họ và tên",
                    "Ngày, tháng, năm sinh; quốc tịch",
                    "Số định danh cá nhân",
                    "Nơi cư trú",
                    "Giấy phép lái xe số; hạng; ngày trúng tuyển; cơ quan cấp",
                    "Lý do đề nghị đổi",
                ),
            ),
        ],
        signer="NGƯỜI LÀM ĐƠN",
    ),
    "to-khai-yeu-cau-cap-phieu-ly-lich-tu-phap.docx": FormSpec(
        "TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP",
        "Công an tỉnh …………",
        [
            (
                "",
                (
                    "Họ, chữ đệm, tên",
                    "Giới tính; ngày, tháng, năm sinh",
                    "Nơi sinh; quốc tịch; dân tộc",
                    "Số định danh cá nhân",
                    "Nơi thường trú; nơi tạm trú",
                    "Họ tên cha; họ tên mẹ; họ tên vợ/chồng",
                    "Quá trình cư trú của bản thân (từ đủ 14 tuổi)",
                    "Loại Phiếu đề nghị cấp (số 1 / số 2); số lượng Phiếu",
                    "Mục đích sử dụng Phiếu",
                ),
            ),
        ],
    ),
}
