"""Account pages end to end through the test client: register, log in, see my account."""

import pytest
from django.test import override_settings

from egov.orgs.models import Role, User
from egov.orgs.services import citizen_register
from egov.orgs.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

CITIZEN = {
    "full_name": "Hoàng Thị Mai",
    "national_id": "001190004321",
    "date_of_birth": "15/08/1990",
    "email": "Mai@Example.vn",
    "phone": "+84 913 000 111",
    "address_unit_code": "99002",
    "address_street": "12 Lê Lợi",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


def test_register_then_log_in_then_see_my_account(client, province):
    page = client.get("/dang-ky/")
    assert page.status_code == 200
    assert "Phường Bình Minh" in page.text, "communes in force are offered"

    response = client.post("/dang-ky/", CITIZEN)
    assert response.status_code == 302 and response.url == "/dang-nhap/"
    user = User.objects.get(email="mai@example.vn")
    assert user.phone == "0913000111"

    login_page = client.get("/dang-nhap/")
    assert "Tài khoản đã được tạo. Hãy đăng nhập bằng mai@example.vn" in login_page.text
    assert 'value="mai@example.vn"' in login_page.text, "the new login is filled in"
    assert "Tài khoản đã được tạo" not in client.get("/dang-nhap/").text, "announced once"
    response = client.post("/dang-nhap/", {"username": "+84913000111", "password": PASSWORD})
    assert response.status_code == 302

    profile = client.get("/tai-khoan/")
    assert profile.status_code == 200
    for shown in ("Hoàng Thị Mai", "001190004321", "15/08/1990", "12 Lê Lợi, Phường Bình Minh"):
        assert shown in profile.text

    assert client.get("/dang-xuat/").status_code == 405, "logging out needs a POST"
    assert client.post("/dang-xuat/").status_code == 302
    assert client.get("/tai-khoan/").status_code == 302


def test_a_refused_registration_keeps_what_was_typed_except_passwords(client, province):
    citizen_register(email="mai@example.vn", password=PASSWORD, full_name="Người Trước")
    response = client.post("/dang-ky/", CITIZEN)
    assert response.status_code == 200
    html = response.text
    assert "Đã có tài khoản với địa chỉ email này." in html
    assert 'value="Hoàng Thị Mai"' in html and 'value="001190004321"' in html
    assert 'value="15/08/1990"' in html and '<option value="99002" selected>' in html
    assert PASSWORD not in html
    assert User.objects.count() == 1


def test_form_errors_are_shown_in_vietnamese(client, province):
    data = CITIZEN | {"national_id": "12345", "password2": "khac-nhau", "full_name": ""}
    html = client.post("/dang-ky/", data).text
    assert "Hai mật khẩu không giống nhau." in html
    assert "Trường này là bắt buộc." in html
    data = CITIZEN | {"national_id": "12345"}
    html = client.post("/dang-ky/", data).text
    assert "Số căn cước công dân (CCCD) gồm đúng 12 chữ số." in html


def test_a_cccd_in_other_digits_than_0_9_is_refused(client, province):
    response = client.post("/dang-ky/", CITIZEN | {"national_id": "٠٠١١٩٠٠٠٤٣٢١"})
    assert response.status_code == 200
    assert "Số căn cước công dân (CCCD) gồm đúng 12 chữ số." in response.text
    assert not User.objects.exists()


def test_register_a_business(client, province):
    data = {
        "name": "Công ty Cổ phần Sông Hồng",
        "tax_code": "0101248141",
        "representative": "Bùi Văn Nam",
        "email": "",
        "phone": "0904111222",
        "address_unit_code": "",
        "address_street": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    assert (
        client.post("/dang-ky/doanh-nghiep/", data | {"tax_code": "0101248142"}).status_code == 200
    )
    assert client.post("/dang-ky/doanh-nghiep/", data).status_code == 302
    client.post("/dang-nhap/", {"username": "0904111222", "password": PASSWORD})
    html = client.get("/tai-khoan/").text
    assert "Công ty Cổ phần Sông Hồng" in html and "0101248141" in html


def test_an_official_sees_agency_and_roles(client, province, make_official):
    official = make_official(
        agency=province.commune_a,
        department=province.desk_a,
        roles=[Role.DESK_OFFICER, Role.DEPARTMENT_HEAD],
    )
    client.force_login(official)
    html = client.get("/tai-khoan/").text
    assert "UBND xã An Bình" in html and "Bộ phận Một cửa" in html
    assert "Trưởng phòng" in html


def test_a_wrong_password_reshows_the_login_with_a_message(client, province):
    citizen_register(email="mai@example.vn", password=PASSWORD, full_name="Mai")
    response = client.post("/dang-nhap/", {"username": "MAI@example.vn", "password": "sai"})
    assert response.status_code == 200
    assert 'value="MAI@example.vn"' in response.text
    assert "Thông tin đăng nhập hoặc mật khẩu không đúng" in response.text


@override_settings(
    EGOV_LOGIN_METHODS=[{"name": "vneid", "label": "Đăng nhập bằng VNeID", "url": "/oidc/"}]
)
def test_the_login_page_lists_other_login_methods(client):
    html = client.get("/dang-nhap/").text
    assert 'href="/oidc/"' in html and "Đăng nhập bằng VNeID" in html


def test_logged_in_users_skip_the_forms(client, province, make_official):
    client.force_login(make_official())
    assert client.get("/dang-ky/").url == "/tai-khoan/"
    assert client.get("/dang-nhap/").status_code == 302
