"""The public catalogue API and the template download."""

from __future__ import annotations

import datetime as dt

import pytest

from egov.catalog.models import Component, Field, Procedure, ProcedureVersion
from egov.catalog.selectors import procedure_search
from egov.orgs.models import Agency


@pytest.mark.parametrize("q", ["dang ky khai sinh", "ĐĂNG KÝ KHAI SINH", "đăng ký khai sinh"])
def test_search_ignores_case_and_diacritics(catalog, client, q):
    assert [v.procedure.code for v in procedure_search(q=q)] == ["1.001193"]
    body = client.get("/api/v1/catalog/procedures", {"q": q}).json()
    assert [item["code"] for item in body["items"]] == ["1.001193"]


def test_list_items(catalog, client):
    body = client.get("/api/v1/catalog/procedures").json()
    assert body["count"] == 2
    land = body["items"][1]
    assert land == {
        "code": "1.004227",
        "name": "Đăng ký biến động đất đai",
        "field": "Đất đai",
        "level": "province",
        "processing_days": 7.5,
        "online_mode": "none",
        "legacy_level": 2,
        "total_fees": 0,
        "url": "/api/v1/catalog/procedures/1.004227",
    }
    assert body["items"][0]["legacy_level"] == 4


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        ({"field": "dat-dai"}, ["1.004227"]),
        ({"agency": "000.01.00.H99"}, ["1.001193"]),
        ({"online": "full"}, ["1.001193"]),
        ({"online": "none"}, ["1.004227"]),
        ({"online": "any"}, ["1.001193"]),
        ({"q": "dat", "online": "partial"}, []),
    ],
)
def test_filters(catalog, client, params, codes):
    body = client.get("/api/v1/catalog/procedures", params).json()
    assert [item["code"] for item in body["items"]] == codes


def test_invalid_online_filter_is_400(catalog, client):
    response = client.get("/api/v1/catalog/procedures", {"online": "level4"})
    assert response.status_code == 400
    assert "full, partial, none, any" in response.json()["message"]


def test_pagination_caps_page_size(catalog, client):
    body = client.get("/api/v1/catalog/procedures", {"page_size": 1, "page": 2}).json()
    assert body["count"] == 2 and [i["code"] for i in body["items"]] == ["1.004227"]
    body = client.get("/api/v1/catalog/procedures", {"page_size": 1000}).json()
    assert len(body["items"]) == 2


def test_detail(catalog, client):
    body = client.get("/api/v1/catalog/procedures/1.001193").json()
    assert body["version"] == 1 and body["effective_from"] == "2025-07-01"
    assert body["agencies"] == [{"code": "000.01.00.H99", "name": "UBND xã An Bình"}]
    assert body["legal_basis"] == "Luật Hộ tịch 2014"
    assert [s["days"] for s in body["steps"]] == [0.5, 0.5]
    assert body["fees"][0]["amount"] == 0
    form, certificate = body["components"]
    assert form["template_url"].startswith("http://testserver/bieu-mau/")
    assert certificate["template_url"] is None
    download = client.get(form["template_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="to-khai-khai-sinh')
    assert b"".join(download.streaming_content).startswith(b"PK")


def test_detail_on_an_old_date(catalog, client):
    body = client.get("/api/v1/catalog/procedures/1.004227", {"on": "2024-05-01"}).json()
    assert body["version"] == 1 and body["total_fees"] == 50_000


def test_unknown_procedure_is_404(catalog, client):
    response = client.get("/api/v1/catalog/procedures/9.999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_download_without_template_is_404(catalog, client):
    bare = Component.objects.get(template="")
    assert client.get(f"/bieu-mau/{bare.pk}/").status_code == 404
    assert client.get("/bieu-mau/999999/").status_code == 404


@pytest.mark.parametrize("q", ["dat dai", "ĐẤT ĐAI", "đất đai", "Đat dai", "dất đài"])
def test_d_and_dj_match_each_other(catalog, client, q):
    assert [v.procedure.code for v in procedure_search(q=q)] == ["1.004227"]
    body = client.get("/api/v1/catalog/procedures", {"q": q}).json()
    assert [item["code"] for item in body["items"]] == ["1.004227"]


def test_search_by_code_and_every_word(catalog):
    assert [v.procedure.code for v in procedure_search(q="1.001193")] == ["1.001193"]
    assert list(procedure_search(q="khai sinh dat dai")) == []
    assert procedure_search(q="  ").count() == 2


@pytest.mark.parametrize(
    ("params", "word"),
    [({"field": "khong-co"}, "khong-co"), ({"agency": "999.99.99.H99"}, "999.99.99.H99")],
)
def test_unknown_field_or_agency_filter_is_400(catalog, client, params, word):
    response = client.get("/api/v1/catalog/procedures", params)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and word in response.json()["message"]


def test_bad_page_is_400(catalog, client):
    assert client.get("/api/v1/catalog/procedures", {"page": "x"}).status_code == 400
    assert client.get("/api/v1/catalog/procedures", {"page_size": 0}).status_code == 400


@pytest.mark.parametrize("page", ["99999999999999999999999", str(2**63), "100001"])
def test_page_beyond_the_limit_is_400_not_500(catalog, client, page):
    # The offset of such a page overflowed the database's integers (a 500 on both databases).
    response = client.get("/api/v1/catalog/procedures", {"page": page})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_page"
    en = client.get("/api/v1/catalog/procedures", {"page": page}, headers={"accept-language": "en"})
    assert en.json()["message"] == "The page number must be between 1 and 100000."
    vi = client.get("/api/v1/catalog/procedures", {"page": page}, headers={"accept-language": "vi"})
    assert vi.json()["message"] != en.json()["message"]


def test_last_allowed_page_is_empty_not_an_error(catalog, client):
    body = client.get("/api/v1/catalog/procedures", {"page": 100000, "page_size": 100}).json()
    assert body == {"items": [], "count": 2}


def test_page_size_is_capped_at_100(catalog, client, django_assert_max_num_queries):
    field = Field.objects.get(code="ho-tich")
    procedures = Procedure.objects.bulk_create(
        Procedure(code=f"9.{n:06d}", field=field, level="commune") for n in range(101)
    )
    ProcedureVersion.objects.bulk_create(
        ProcedureVersion(
            procedure=p,
            number=1,
            effective_from=dt.date(2025, 1, 1),
            name=f"Thủ tục {p.code}",
            processing_days=1,
            result_type="Văn bản",
        )
        for p in procedures
    )
    with django_assert_max_num_queries(4):
        body = client.get("/api/v1/catalog/procedures", {"page_size": 1000}).json()
    assert body["count"] == 103 and len(body["items"]) == 100
    last = client.get("/api/v1/catalog/procedures", {"page_size": 100, "page": 2}).json()
    assert len(last["items"]) == 3


def test_agency_filter_gives_each_procedure_once(catalog, client):
    birth = Procedure.objects.get(code="1.001193")
    birth.agencies.add(*Agency.objects.all())
    assert procedure_search().count() == 2
    assert [v.procedure.code for v in procedure_search(agency="000.01.00.H99")] == ["1.001193"]
    body = client.get("/api/v1/catalog/procedures", {"agency": "000.00.10.H99"}).json()
    assert [item["code"] for item in body["items"]] == ["1.001193", "1.004227"]


def test_detail_lists_the_procedures_own_fields(catalog, client):
    version = ProcedureVersion.objects.get(procedure__code="1.001193")
    assert client.get("/api/v1/catalog/procedures/1.001193").json()["form_fields"] == []
    version.form_fields = [
        {"key": "ho_ten_tre", "label": "Họ, chữ đệm, tên của trẻ", "type": "text"},
        {"key": "gioi_tinh", "label": "Giới tính", "type": "choice", "choices": ["Nam", "Nữ"]},
    ]
    version.save(update_fields=["form_fields"])
    fields = client.get("/api/v1/catalog/procedures/1.001193").json()["form_fields"]
    assert [f["key"] for f in fields] == ["ho_ten_tre", "gioi_tinh"]
    assert fields[0] == {
        "key": "ho_ten_tre",
        "label": "Họ, chữ đệm, tên của trẻ",
        "help": "",
        "type": "text",
        "required": True,
        "choices": [],
    }
    assert fields[1]["choices"] == ["Nam", "Nữ"]
