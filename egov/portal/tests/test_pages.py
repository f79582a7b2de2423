"""The public pages: home, catalogue search with filters and pages, procedure detail."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

CATALOG = reverse("portal:catalog")


def names(response) -> list[str]:
    return [r.version.name for r in response.context["results"]]


def test_home_shows_counts_fields_and_a_search_box(client: Client, portal_catalog) -> None:
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    summary = response.context["summary"]
    assert (summary.procedures, summary.fully_online) == (3, 1)
    assert [(f.name, f.count) for f in summary.fields] == [("Hộ tịch", 2), ("Đất đai", 1)]
    html = response.content.decode()
    assert f'action="{CATALOG}"' in html
    assert 'name="q"' in html
    assert f"{CATALOG}?field=ho-tich" in html


def test_home_works_with_an_empty_catalogue(client: Client, db) -> None:
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert response.context["summary"].procedures == 0


@pytest.mark.parametrize("q", ["dang ky khai sinh", "ĐĂNG KÝ KHAI SINH", "đăng ký khai sinh"])
def test_search_ignores_case_and_diacritics(client: Client, portal_catalog, q: str) -> None:
    response = client.get(CATALOG, {"q": q})
    assert response.status_code == 200
    assert names(response) == ["Đăng ký khai sinh"]
    assert response.context["page"].paginator.count == 1


def test_search_by_code_and_empty_query_lists_everything(client: Client, portal_catalog) -> None:
    assert names(client.get(CATALOG, {"q": "1.004227"})) == ["Đăng ký biến động đất đai"]
    assert len(names(client.get(CATALOG))) == 3


def test_result_shows_code_field_time_badge_and_fee(client: Client, portal_catalog) -> None:
    html = client.get(CATALOG).content.decode()
    assert "1.001193" in html
    assert "0,5 ngày làm việc" in html
    assert "10 ngày làm việc" in html
    assert "Miễn phí" in html
    assert "50.000 đ" in html
    assert 'class="badge badge--full"' in html
    assert "3 thủ tục" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"field": "dat-dai"}, ["Đăng ký biến động đất đai"]),
        ({"agency": "000.02.00.H99"}, ["Đăng ký kết hôn"]),
        ({"online": "full"}, ["Đăng ký khai sinh"]),
        ({"online": "partial"}, ["Đăng ký kết hôn"]),
        ({"online": "none"}, ["Đăng ký biến động đất đai"]),
        ({"online": "any"}, ["Đăng ký kết hôn", "Đăng ký khai sinh"]),
        ({"field": "ho-tich", "q": "ket hon"}, ["Đăng ký kết hôn"]),
    ],
)
def test_filters(client: Client, portal_catalog, params, expected) -> None:
    assert names(client.get(CATALOG, params)) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"field": "no-such-field"},
        {"agency": "nope"},
        {"online": "level-5"},
        {"q": "x" * 500},
        {"page": "abc"},
        {"field": "<script>", "online": "'; drop table"},
    ],
)
def test_invalid_criteria_are_ignored_with_a_message(client: Client, portal_catalog, params):
    response = client.get(CATALOG, params)
    assert response.status_code == 200
    assert len(names(response)) == 3
    warnings = [str(m) for m in response.context["messages"]]
    assert len(warnings) == 1
    assert "<script>" not in response.content.decode()


def test_invalid_filter_keeps_the_valid_ones(client: Client, portal_catalog) -> None:
    response = client.get(CATALOG, {"field": "ho-tich", "online": "bogus"})
    assert names(response) == ["Đăng ký kết hôn", "Đăng ký khai sinh"]
    assert response.context["criteria"] == {"field": "ho-tich"}


def test_pagination_keeps_the_criteria(client: Client, portal_catalog, settings) -> None:
    settings.EGOV_CATALOG_PAGE_SIZE = 1
    first = client.get(CATALOG, {"field": "ho-tich"})
    assert names(first) == ["Đăng ký kết hôn"]
    html = first.content.decode()
    assert 'href="?field=ho-tich&amp;page=2"' in html
    second = client.get(CATALOG, {"field": "ho-tich", "page": "2"})
    assert names(second) == ["Đăng ký khai sinh"]
    beyond = client.get(CATALOG, {"field": "ho-tich", "page": "99"})
    assert beyond.status_code == 200
    assert names(beyond) == ["Đăng ký khai sinh"]


def test_search_query_count_does_not_grow_with_results(
    client: Client, portal_catalog, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(12):
        client.get(CATALOG)


def test_detail_shows_the_procedure(client: Client, portal_catalog) -> None:
    response = client.get(reverse("portal:procedure_detail", args=["1.001193"]))
    assert response.status_code == 200
    html = response.content.decode()
    component = portal_catalog.birth.components.get(position=1)
    for text in [
        "Đăng ký khai sinh",
        "1.001193",
        "Hộ tịch",
        "Cấp xã",
        "Ủy ban nhân dân cấp xã",
        "UBND xã An Bình",
        "0,5 ngày làm việc",
        "Toàn trình",
        "Giấy chứng nhận",
        "Luật Hộ tịch 2014",
        "Nộp hồ sơ tại Bộ phận Một cửa.",
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
        "Miễn phí",
        "Tiếp nhận và giải quyết",
        "01/07/2025",
        reverse("catalog:template_download", args=[component.pk]),
    ]:
        assert text in html, text
    # Only the component with a template gets a download link.
    assert html.count("/bieu-mau/") == 1


def test_detail_fee_in_dong(client: Client, portal_catalog) -> None:
    html = client.get(reverse("portal:procedure_detail", args=["1.004227"])).content.decode()
    assert "50.000 đ" in html
    assert "Phí thẩm định" in html


def test_unknown_procedure_is_404(client: Client, portal_catalog) -> None:
    response = client.get(reverse("portal:procedure_detail", args=["9.999999"]))
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_switching_to_english(client: Client, portal_catalog) -> None:
    response = client.post(
        reverse("set_language"), {"language": "en", "next": CATALOG}, follow=True
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Administrative procedures" in html
    assert "3 procedures found" in html
    assert "0.5 working days" in html or "0,5 working days" in html
    assert "Tiếng Việt" in html


@pytest.mark.parametrize(
    "url",
    [
        reverse("portal:home"),
        CATALOG,
        reverse("portal:procedure_detail", args=["1.001193"]),
        reverse("portal:procedure_detail", args=["nope"]),
    ],
)
def test_pages_reference_no_external_host(client: Client, portal_catalog, url: str) -> None:
    html = client.get(url).content.decode()
    external = re.findall(r"""(?:src|href|action)=["']?(?:https?:)?//[^"' >]+""", html)
    assert external == []
    assert "@import" not in html
