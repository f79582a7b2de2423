"""Officials' pages through the test client: who may open them, the work queues per role,
search without diacritics, filters, pages; the dossier page's content."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from egov.dossiers import services
from egov.dossiers.models import Dossier, Step
from egov.orgs.models import Role
from egov.orgs.tests.factories import PASSWORD

from .conftest import pdf_upload, received, submitted_online
from .official import page_url, text

QUEUE = "/can-bo/ho-so/"


def queue_codes(client, **params) -> str:
    response = client.get(QUEUE, params)
    assert response.status_code == 200
    return text(response)


def listed(client, dossier: Dossier, **params) -> bool:
    response = client.get(QUEUE, params)
    assert response.status_code == 200
    return page_url(dossier) in response.content.decode()


# --- Who may open the pages -----------------------------------------------------------------


def test_signed_out_visitors_are_sent_to_the_login_page(client, world):
    dossier = received(world)
    record = dossier.files.first()
    for url in (
        QUEUE,
        "/can-bo/tiep-nhan/moi/",
        page_url(dossier),
        f"{page_url(dossier)}tep/{record.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/dang-nhap/?next="), url
    response = client.post(f"{page_url(dossier)}thao-tac/forward/")
    assert response.status_code == 302 and response.url.startswith("/dang-nhap/")


def test_citizens_are_refused_the_officials_pages(client, world):
    dossier = received(world)
    client.force_login(world.citizen)
    for url in (QUEUE, page_url(dossier), "/can-bo/tiep-nhan/moi/"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Các trang này dành cho cán bộ." in response.content.decode()


def test_an_official_of_another_agency_gets_404_for_page_files_and_actions(client, world):
    dossier = received(world)
    record = dossier.files.first()
    client.force_login(world.desk_b)
    base = page_url(dossier)
    for url in (base, f"{base}tep/{record.pk}/", f"{base}giay-tiep-nhan/"):
        assert client.get(url).status_code == 404, url
    response = client.post(f"{base}thao-tac/forward/", {"forward-expected_version": 1})
    assert response.status_code == 404
    assert client.get(f"/can-bo/ho-so/{Dossier().public_id}/").status_code == 404, (
        "unknown and foreign codes look the same"
    )
    assert not listed(client, dossier, scope="department")
    # Nothing was done to the dossier.
    assert Dossier.objects.get(pk=dossier.pk).version == dossier.version


def test_files_download_only_through_the_checked_view(client, world):
    dossier = received(world)
    other = received(world)
    record = dossier.files.filter(kind="component").first()
    client.force_login(world.specialist)
    response = client.get(page_url(dossier))
    body = response.content.decode()
    assert f"{page_url(dossier)}tep/{record.pk}/" in body
    assert "/media/" not in body, "the page never links storage directly"
    download = client.get(f"{page_url(dossier)}tep/{record.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Type"] == "application/pdf"
    # A file of another dossier is not reachable under this dossier's address.
    foreign = other.files.first()
    assert client.get(f"{page_url(dossier)}tep/{foreign.pk}/").status_code == 404


# --- Queues ---------------------------------------------------------------------------------


def test_queues_follow_the_dossier_from_desk_to_return(client, world):
    online = submitted_online(world)
    client.force_login(world.desk)
    assert listed(client, online), "the desk checks online submissions"
    client.force_login(world.specialist)
    assert not listed(client, online)

    dossier = services.accept(online, actor=world.desk)
    client.force_login(world.desk)
    assert not listed(client, dossier)
    for user in (world.specialist, world.specialist2):
        client.force_login(user)
        assert listed(client, dossier), "an unassigned step is on every specialist's list"

    step = dossier.steps.get(state=Step.State.ACTIVE)
    services.assign(dossier, actor=world.head, step=step, handler=world.specialist2)
    client.force_login(world.specialist)
    assert not listed(client, dossier), "once assigned, only the handler has it"
    client.force_login(world.specialist2)
    assert listed(client, dossier)

    services.forward(dossier, actor=world.specialist2)
    client.force_login(world.head)
    assert listed(client, dossier)
    services.forward(dossier, actor=world.head)
    client.force_login(world.leader)
    assert listed(client, dossier)
    client.force_login(world.head)
    assert not listed(client, dossier)
    services.approve(dossier, actor=world.leader)
    client.force_login(world.clerk)
    assert listed(client, dossier)
    services.issue_result(dossier, actor=world.clerk, result=pdf_upload())
    assert listed(client, dossier), "the clerk hands the result to the desk"
    services.hand_to_desk(dossier, actor=world.clerk)
    assert not listed(client, dossier)
    client.force_login(world.desk)
    assert listed(client, dossier), "the desk returns the result"
    services.return_result(dossier, actor=world.desk, method="online")
    assert not listed(client, dossier)
    for user in (world.desk, world.specialist2, world.head, world.leader, world.clerk):
        client.force_login(user)
        assert listed(client, dossier, tab="done"), user
    client.force_login(world.specialist)
    assert not listed(client, dossier, tab="done"), "took no part in it"


def test_waiting_tab_holds_dossiers_waiting_for_the_applicant(client, world):
    dossier = received(world)
    services.request_supplement(
        dossier, actor=world.specialist, items=[("Bản sao CCCD", "chưa có trong hồ sơ")]
    )
    client.force_login(world.specialist)
    assert not listed(client, dossier)
    assert listed(client, dossier, tab="waiting")
    client.force_login(world.desk)
    assert listed(client, dossier, tab="waiting"), "the desk takes the supplement in"


def test_due_soon_and_overdue_tabs(client, world, settings, monkeypatch):
    dossier = received(world)  # due in 2 working days, the specialist's step in 1
    client.force_login(world.specialist)
    settings.EGOV_DUE_SOON_DAYS = 0
    assert not listed(client, dossier, tab="due_soon")
    settings.EGOV_DUE_SOON_DAYS = 1
    assert listed(client, dossier, tab="due_soon")
    assert not listed(client, dossier, tab="overdue")
    assert "badge--late" not in client.get(QUEUE).content.decode()

    later = dossier.due_at + dt.timedelta(hours=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert listed(client, dossier, tab="overdue")
    assert not listed(client, dossier, tab="due_soon")
    page = client.get(QUEUE, {"tab": "overdue"}).content.decode()
    assert 'class="is-late"' in page
    assert '<strong class="badge badge--late">Quá hạn</strong>' in page, (
        "overdue is said in words, not only shown in colour"
    )
    assert "Quá hạn" in text(client.get(page_url(dossier)))


def test_department_view_for_heads_and_leaders(client, world, make_official):
    mine = received(world)
    step = mine.steps.get(state=Step.State.ACTIVE)
    services.assign(mine, actor=world.head, step=step, handler=world.specialist)
    client.force_login(world.head)
    assert not listed(client, mine), "a specialist's work is not the head's to do"
    assert listed(client, mine, scope="department")
    assert "Toàn phòng ban" in text(client.get(QUEUE))
    client.force_login(world.leader)
    assert listed(client, mine, scope="department")
    client.force_login(world.specialist2)
    assert "Toàn phòng ban" not in text(client.get(QUEUE))
    assert not listed(client, mine, scope="department"), "no department view for specialists"
    other_head = make_official(
        agency=world.commune_a, department=world.desk_a, roles=[Role.DEPARTMENT_HEAD]
    )
    client.force_login(other_head)
    assert listed(client, mine, scope="department"), "the desk department took part too"


def test_search_ignores_diacritics_and_case(client, world):
    tuyet = received(world)
    other = submitted_online(world)
    client.force_login(world.desk)
    assert listed(client, other, q="nguyen thi anh")
    assert not listed(client, other, q="tran van duc")
    client.force_login(world.specialist)
    assert listed(client, tuyet, q="NGUYEN   thi ÁNH tuyet")
    assert listed(client, tuyet, q="dang ky khai sinh")
    assert listed(client, tuyet, q=tuyet.code.lower())
    assert listed(client, tuyet, q=tuyet.code[-4:])
    assert not listed(client, tuyet, q="ket hon")
    assert "0 hồ sơ" in queue_codes(client, q="ket hon")


def test_filters_by_status_channel_and_procedure(client, world):
    online = received(world)
    client.force_login(world.specialist)
    assert listed(client, online, status="in_progress", channel="2", procedure="1.001193")
    assert not listed(client, online, status="waiting_supplement")
    assert not listed(client, online, channel="1")
    response = client.get(QUEUE, {"channel": "banana"})
    assert response.status_code == 200
    assert "không hợp lệ" in response.content.decode(), "a bad filter is ignored and said so"


def test_queue_pages(client, world, settings):
    settings.EGOV_QUEUE_PAGE_SIZE = 1
    first, second = received(world), received(world)
    client.force_login(world.specialist)
    page_one = client.get(QUEUE).content.decode()
    page_two = client.get(QUEUE, {"page": 2}).content.decode()
    assert "page=2" in page_one
    shown = [d for d in (first, second) if page_url(d) in page_one]
    assert len(shown) == 1
    assert page_url(({first, second} - set(shown)).pop()) in page_two
    assert client.get(QUEUE, {"page": "x"}).status_code == 200


def test_queue_dates_are_vietnam_time(client, world):
    dossier = received(world)
    client.force_login(world.specialist)
    local = timezone.localtime(dossier.due_at, timezone.get_fixed_timezone(7 * 60))
    assert local.strftime("%d/%m/%Y %H:%M") in queue_codes(client)


# --- The dossier page -----------------------------------------------------------------------


def test_dossier_page_shows_summary_steps_history_and_documents(client, world):
    dossier = received(world)
    services.consult(
        dossier,
        actor=world.specialist,
        agency=world.commune_b,
        question="Đã cư trú bao lâu?",
        days=1,
    )
    client.force_login(world.specialist)
    page = text(client.get(page_url(dossier)))
    for shown in (
        dossier.code,
        "Nguyễn Thị Ánh Tuyết",
        "Thủ tục đăng ký khai sinh",
        "Trực tuyến",
        "Đang giải quyết",
        "Thẩm định hồ sơ",
        "Lê Văn Mốt (Cán bộ một cửa)",
        "Đã nộp, chờ Bộ phận Một cửa kiểm tra → Đang giải quyết",
        "Đã cư trú bao lâu?",
        "UBND phường Bình Minh",
        "Giấy chứng sinh",
        "8.000 đ",
    ):
        assert shown in page, shown
    local = timezone.localtime(dossier.received_at)
    assert local.strftime("%d/%m/%Y %H:%M") in page


@pytest.mark.parametrize(
    ("who", "sees", "hidden"),
    [
        (
            "specialist",
            ["Chuyển bước tiếp theo"],
            ["Phê duyệt kết quả", "Tiếp nhận và cấp giấy tiếp nhận"],
        ),
        ("clerk", [], ["Chuyển bước tiếp theo", "Phê duyệt kết quả"]),
        ("head", ["Giao người xử lý"], ["Chuyển bước tiếp theo"]),
    ],
)
def test_only_the_actions_this_user_may_take_are_shown(client, world, who, sees, hidden):
    dossier = received(world)
    client.force_login(getattr(world, who))
    page = text(client.get(page_url(dossier)))
    for title in sees:
        assert title in page, title
    for title in hidden:
        assert title not in page, title
    if not sees:
        assert "Hiện bạn không có việc cần làm với hồ sơ này." in page


def test_the_queue_costs_the_same_queries_for_one_or_many_dossiers(client, world):
    received(world)
    client.force_login(world.specialist)
    with CaptureQueriesContext(connection) as one:
        client.get(QUEUE)
    for _ in range(3):
        received(world)
    with CaptureQueriesContext(connection) as four:
        page = client.get(QUEUE)
    assert text(page).count("Thủ tục đăng ký khai sinh") >= 4
    assert len(four) == len(one)


def test_an_official_lands_on_the_work_queues_and_sees_them_in_the_menu(client, world):
    response = client.post("/dang-nhap/", {"username": world.desk.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/can-bo/ho-so/"
    home = client.get("/")
    assert b'href="/can-bo/ho-so/"' in home.content
    assert b'href="/ho-so-cua-toi/"' not in home.content


def test_a_citizen_sees_their_dossiers_and_the_lookup_in_the_menu(client, world):
    client.force_login(world.citizen)
    home = client.get("/")
    assert b'href="/ho-so-cua-toi/"' in home.content
    assert b'href="/tra-cuu/"' in home.content
    assert b'href="/can-bo/ho-so/"' not in home.content
