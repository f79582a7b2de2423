"""Nothing personal leaves through Open311: reporters' names, phones, emails and accounts,
officials' names, reasons and comments meant for the reporter, the partner's device and
account identifiers."""

from __future__ import annotations

import pytest

from egov.feedback import services as feedback
from egov.feedback.models import Report

from .conftest import FORMATS, call, post_data, publish, submitted

pytestmark = pytest.mark.django_db

SECRETS = [
    "Nguyễn Thị Ánh",
    "Thị Ánh Nguyễn",
    "0912345678",
    "anh@example.vn",
    "congdan1",
    "Tổng Đài Viên",
    "Phạm Thị Hai",
    "Lê Văn Mốt",
    "device-42",
    "partner-user-7",
    "gọi lại cho tôi",
    "Trùng với số điện thoại",
]


def test_no_personal_data_in_any_read(api, world, partner) -> None:
    # A web report, answered, rated "not satisfied" with a comment and reopened.
    web = submitted(world)
    feedback.report_forward(web, actor=world.hotline, agency=world.commune_a)
    feedback.report_answer(
        web, actor=world.handler_a, answer="Đã thay bóng đèn.", resolution="resolved"
    )
    feedback.report_rate(web, actor=world.citizen, satisfied=False, comment="gọi lại cho tôi")
    feedback.report_reopen(web, actor=world.citizen, reason="gọi lại cho tôi")
    publish(world, web)
    # A partner's report, not accepted with a reason meant for the reporter, then published.
    _r, body = call(api, "POST", "v2/requests", "json", post_data(world, partner.key))
    via_api = Report.objects.get(code=body[0]["service_request_id"])
    feedback.report_reject(
        via_api, actor=world.hotline, reason="Trùng với số điện thoại 0912345678 đã báo"
    )
    publish(world, via_api)

    reads = [
        "v2/requests",
        f"v2/requests/{web.code}",
        f"v2/requests/{via_api.code}",
        "v2/servicerequestupdates",
        f"v2/tokens/{via_api.token}",
    ]
    for fmt in FORMATS:
        for path in reads:
            response, _body = call(api, "GET", path, fmt)
            assert response.status_code == 200, path
            text = response.content.decode()
            assert web.code in text or via_api.code in text, path
            for secret in SECRETS:
                assert secret not in text, (path, fmt, secret)
