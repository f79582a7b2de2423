"""The public lookup: the selector, the page and the API, wrong pairs, rate limiting."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from egov.core.errors import NotFound
from egov.core.models import FailureWindow
from egov.dossiers import services
from egov.dossiers.lifecycle import Status
from egov.dossiers.lookup import guarded_lookup, lookup
from egov.dossiers.models import Dossier

from .conftest import received, submitted_online

API = "/api/v1/dossiers/lookup"


# --- the selector ---------------------------------------------------------------------------


def test_the_last_four_digits_of_the_phone_or_the_id_number_open_the_dossier(world):
    dossier = received(world)  # phone 0912345678, ID 001190012345
    by_phone = lookup(dossier.code, "5678")
    by_id = lookup(dossier.code, "2345")
    assert by_phone is not None and by_id is not None
    assert by_phone == by_id
    assert by_phone.code == dossier.code
    assert by_phone.procedure_name == "Thủ tục đăng ký khai sinh"
    assert by_phone.status == Status.IN_PROGRESS
    assert by_phone.result_ready is False
    assert by_phone.due_at == dossier.due_at
    assert str(by_phone.due_at.tzinfo) == "Asia/Ho_Chi_Minh"
    assert [s.name for s in by_phone.steps][:2] == ["Tiếp nhận hồ sơ", "Thẩm định hồ sơ"]
    assert [s.state for s in by_phone.steps][:3] == ["done", "active", "waiting"]
    # The steps' moments come back exactly, in Vietnam time, from the JSON the database built.
    first = dossier.steps.get(position=1)
    assert by_phone.steps[0].started_at == first.started_at
    assert by_phone.steps[0].finished_at == first.finished_at
    assert str(by_phone.steps[0].finished_at.tzinfo) == "Asia/Ho_Chi_Minh"
    assert by_phone.steps[2].started_at is None


@pytest.mark.parametrize("secret", ["0000", "5679", "567", "45678", "", "abcd", "\x00\x00\x00\x00"])
def test_a_wrong_secret_finds_nothing(world, secret):
    dossier = received(world)
    assert lookup(dossier.code, secret) is None


def test_an_applicant_without_digits_cannot_be_looked_up_with_a_blank_secret(world):
    dossier = received(world)
    Dossier.objects.filter(pk=dossier.pk).update(applicant_phone="", applicant_id_number="abc")
    for secret in ("", "0000", "\x00\x00\x00\x00"):
        assert lookup(dossier.code, secret) is None


def test_the_code_is_read_as_typed_with_spaces_and_lower_case(world):
    dossier = received(world)
    assert lookup(f"  {dossier.code.lower()} ", "5678") is not None


def test_a_dossier_without_a_code_is_not_found(world):
    submitted_online(world)
    assert lookup("", "5678") is None


def test_a_refusal_under_review_reads_in_progress(world):
    dossier = received(world)
    services.propose_refusal(dossier, actor=world.specialist, reasons=["Sai thông tin"])
    dossier.refresh_from_db()
    assert dossier.status == Status.REFUSAL_PROPOSED
    assert lookup(dossier.code, "5678").status == Status.IN_PROGRESS


def test_one_query_whether_found_or_not(world, django_assert_num_queries):
    dossier = received(world)
    with django_assert_num_queries(1):
        assert lookup(dossier.code, "5678") is not None
    with django_assert_num_queries(1):
        assert lookup(dossier.code, "0000") is None
    with django_assert_num_queries(1):
        assert lookup("000.01.00.H99-991231-9999", "5678") is None


# --- the API --------------------------------------------------------------------------------


def test_the_api_answers_without_personal_data(client, world):
    dossier = received(world)
    response = client.get(API, {"code": dossier.code, "secret": "5678"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert set(body) == {
        "code",
        "procedure_name",
        "status",
        "received_at",
        "due_at",
        "result_ready",
        "steps",
        "returned_at",
    }
    # The view serialises by hand: the answer must still be what the OpenAPI schema says.
    from egov.dossiers.api import LookupOut

    LookupOut.model_validate(body, strict=False)
    assert body["status"] == {"code": "in_progress", "label": "Đang giải quyết"}
    assert body["result_ready"] is False and body["returned_at"] is None
    assert dt.datetime.fromisoformat(body["due_at"]) == dossier.due_at
    assert body["due_at"].endswith("+07:00")
    assert set(body["steps"][0]) == {
        "name",
        "state",
        "state_label",
        "started_at",
        "finished_at",
    }
    text = json.dumps(body, ensure_ascii=False)
    for personal in (
        "Tuyết",
        "0912345678",
        "001190012345",
        "tuyet@example.vn",
        "Lê Văn Mốt",  # the desk officer who accepted it
        "Phạm Thị Hai",
    ):
        assert personal not in text


def test_the_api_reports_a_returned_result(client, world):
    from .conftest import pdf_upload

    dossier = received(world)
    services.assign(
        dossier, actor=world.head, step=dossier.steps.get(position=2), handler=world.specialist
    )
    services.forward(dossier, actor=world.specialist)
    services.forward(dossier, actor=world.head)
    services.approve(dossier, actor=world.leader)
    services.issue_result(dossier, actor=world.clerk, result=pdf_upload("kq.pdf"))
    services.hand_to_desk(dossier, actor=world.clerk)
    ready = client.get(API, {"code": dossier.code, "secret": "2345"}).json()
    assert ready["result_ready"] is True and ready["returned_at"] is None
    services.return_result(dossier, actor=world.desk, method="online")
    body = client.get(API, {"code": dossier.code, "secret": "2345"}).json()
    assert body["status"]["code"] == "returned"
    assert body["result_ready"] is True and body["returned_at"]
    assert all(step["state"] == "done" for step in body["steps"])


def test_a_wrong_pair_and_an_unknown_code_get_the_same_404(client, world):
    dossier = received(world)
    wrong = client.get(API, {"code": dossier.code, "secret": "0000"})
    unknown = client.get(API, {"code": "000.01.00.H99-991231-9999", "secret": "5678"})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.content == unknown.content
    assert wrong.json()["code"] == "lookup_not_found"
    assert "Không tìm thấy hồ sơ" in wrong.json()["message"]


def test_a_malformed_secret_is_invalid_input(client, world):
    response = client.get(API, {"code": "X", "secret": "12a4"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert client.get(API, {"code": "X"}).status_code == 400


def test_repeated_failures_from_one_address_are_rate_limited(client, world, settings):
    settings.EGOV_LOOKUP_FAILURE_LIMIT = 3
    dossier = received(world)
    for _attempt in range(3):
        assert client.get(API, {"code": dossier.code, "secret": "0000"}).status_code == 404
    limited = client.get(API, {"code": dossier.code, "secret": "5678"})
    assert limited.status_code == 429
    assert limited.json()["code"] == "rate_limited"
    assert "thử lại sau 15 phút" in limited.json()["message"]
    # Another address is not affected; successes are never counted.
    other = client.get(API, {"code": dossier.code, "secret": "5678"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    for _attempt in range(5):
        client.get(API, {"code": dossier.code, "secret": "5678"}, REMOTE_ADDR="10.0.0.8")
    assert (
        client.get(API, {"code": dossier.code, "secret": "5678"}, REMOTE_ADDR="10.0.0.8")
    ).status_code == 200


def test_the_limit_counts_behind_a_trusted_proxy_by_the_real_client(client, world, settings):
    settings.EGOV_LOOKUP_FAILURE_LIMIT = 1
    settings.EGOV_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    client.get(API, {"code": "A", "secret": "0000"}, HTTP_X_FORWARDED_FOR="1.1.1.1", **proxy)
    blocked = client.get(
        API, {"code": "A", "secret": "0000"}, HTTP_X_FORWARDED_FOR="1.1.1.1", **proxy
    )
    other = client.get(
        API, {"code": "A", "secret": "0000"}, HTTP_X_FORWARDED_FOR="2.2.2.2", **proxy
    )
    assert (blocked.status_code, other.status_code) == (429, 404)


def test_the_api_runs_one_query(client, world):
    dossier = received(world)
    client.get(API, {"code": dossier.code, "secret": "5678"})  # warm up
    with CaptureQueriesContext(connection) as queries:
        assert client.get(API, {"code": dossier.code, "secret": "5678"}).status_code == 200
    # No session, no user: the one lookup query is all the database sees.
    assert len(queries) == 1, [q["sql"] for q in queries]


def test_the_guard_refuses_a_locked_out_client_without_writing(world, settings):
    from egov.core.errors import NotFound, RateLimited

    settings.EGOV_LOOKUP_FAILURE_LIMIT = 1
    dossier = received(world)
    with pytest.raises(NotFound):
        guarded_lookup(dossier.code, "0000", client="9.9.9.9")
    # The lookup's query saw the client's failure; the refusal reads its window's end (for
    # Retry-After) and writes nothing: the right secret reveals nothing either.
    for code in (dossier.code, "000.01.00.H99-991231-9999"):
        with CaptureQueriesContext(connection) as queries, pytest.raises(RateLimited):
            guarded_lookup(code, "5678", client="9.9.9.9")
        assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries)
    assert FailureWindow.objects.get().failures == 1


def test_a_success_is_one_query_and_a_failure_writes_once(world):
    dossier = received(world)
    with CaptureQueriesContext(connection) as found:
        guarded_lookup(dossier.code, "5678", client="9.9.9.9")
    with CaptureQueriesContext(connection) as wrong, pytest.raises(NotFound):
        guarded_lookup(dossier.code, "0000", client="9.9.9.9")
    assert len(found) == 1
    assert [q["sql"].split()[0].upper() for q in wrong] == ["SELECT", "DELETE", "INSERT"]
    assert FailureWindow.objects.get().failures == 1


def test_the_api_is_in_the_openapi_document(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/dossiers/lookup" in paths


# --- the page -------------------------------------------------------------------------------


def test_the_page_needs_no_login_and_prefills_the_code_from_the_qr(client, world):
    dossier = received(world)
    response = client.get(reverse("dossiers:lookup"), {"code": dossier.code})
    assert response.status_code == 200
    assert f'value="{dossier.code}"' in response.content.decode()
    secret_input = re.search(r'<input[^>]*name="secret"[^>]*>', response.content.decode())
    assert "autofocus" in secret_input.group(0)
    assert "autofocus" not in client.get(reverse("dossiers:lookup")).content.decode()
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_page_shows_the_status_and_steps(client, world):
    dossier = received(world)
    response = client.post(reverse("dossiers:lookup"), {"code": dossier.code, "secret": "5678"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Đang giải quyết" in text
    assert "Thẩm định hồ sơ" in text
    assert (
        dossier.due_at.astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%d/%m/%Y %H:%M")
        in text
    )
    for personal in ("Tuyết", "0912345678", "Lê Văn Mốt"):
        assert personal not in text


def test_the_page_answers_a_wrong_pair_like_an_unknown_code(client, world):
    dossier = received(world)
    wrong = client.post(reverse("dossiers:lookup"), {"code": dossier.code, "secret": "0000"})
    unknown = client.post(reverse("dossiers:lookup"), {"code": "X-1", "secret": "5678"})
    assert wrong.status_code == unknown.status_code == 404
    message = "Không tìm thấy hồ sơ với mã và 4 chữ số này."
    assert message in wrong.content.decode() and message in unknown.content.decode()


def test_the_page_checks_the_form(client, world):
    response = client.post(reverse("dossiers:lookup"), {"code": "", "secret": "12"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Nhập mã hồ sơ." in text and "Nhập đúng 4 chữ số." in text
    assert 'href="#id_code"' in text and 'href="#id_secret"' in text


def test_the_page_is_rate_limited_with_the_api(client, world, settings):
    settings.EGOV_LOOKUP_FAILURE_LIMIT = 2
    dossier = received(world)
    client.get(API, {"code": dossier.code, "secret": "0000"})
    client.post(reverse("dossiers:lookup"), {"code": dossier.code, "secret": "0000"})
    limited = client.post(reverse("dossiers:lookup"), {"code": dossier.code, "secret": "5678"})
    assert limited.status_code == 429
    assert "Bạn đã thử quá nhiều lần" in limited.content.decode()


def test_the_429_tells_when_to_retry(client, world, settings):
    """RFC 6585: a rate-limited answer carries Retry-After, in seconds."""
    settings.EGOV_LOOKUP_FAILURE_LIMIT = 2
    for _attempt in range(2):
        client.get(API, {"code": "000.01.00.H99-260101-0001", "secret": "0000"})
    limited = client.get(API, {"code": "000.01.00.H99-260101-0001", "secret": "0000"})
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 15 * 60


FAST = "egov.core.fastpath.FastPathMiddleware"


def _answers(client, code: str) -> list[tuple[int, object, str | None]]:
    FailureWindow.objects.all().delete()  # each run starts with no failures counted
    asks = [
        {"code": code, "secret": "5678"},
        {"code": code, "secret": "0000"},
        {"code": "KHONG-CO", "secret": "1234"},
        {"code": code, "secret": "12a4"},
        {"code": code},
        {"secret": "5678"},
        {"code": "x" * 41, "secret": "5678"},
        *[{"code": code, "secret": "0000"}] * 3,
        {"code": code, "secret": "5678"},  # now rate-limited
    ]
    answers = []
    for ask in asks:
        response = client.get(API, ask, HTTP_ACCEPT_LANGUAGE="vi")
        answers.append((response.status_code, response.json(), response.get("Retry-After")))
    post = client.post(API, {"code": code, "secret": "5678"})
    answers.append((post.status_code, None, None))
    return answers


def test_the_fast_path_answers_exactly_as_the_routed_api(client, world, settings):
    """The lookup is served ahead of the page middleware (egov.core.fastpath); without that
    middleware django-ninja serves it. Both must give the same answers, errors included."""
    settings.EGOV_LOOKUP_FAILURE_LIMIT = 4
    dossier = received(world)
    assert FAST in settings.MIDDLEWARE
    assert reverse("api-v1:dossiers_lookup") in settings.EGOV_FAST_PATHS
    fast = _answers(client, dossier.code)
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != FAST]
    routed = _answers(client, dossier.code)
    assert [a[0] for a in fast] == [200, 404, 404, 400, 400, 400, 400, 404, 404, 429, 429, 405]
    assert fast == routed


def test_the_fast_path_keeps_the_security_headers_and_host_check(client, world, settings):
    dossier = received(world)
    response = client.get(API, {"code": dossier.code, "secret": "5678"})
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Accept-Language" in response["Vary"]
    assert response["Content-Language"] == "vi"
    english = client.get(
        API, {"code": dossier.code, "secret": "5678"}, HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert english["status"]["label"] == "In progress"
    assert (
        client.get(API, {"code": "A", "secret": "1234"}, HTTP_HOST="evil.example").status_code
        == 400
    )
