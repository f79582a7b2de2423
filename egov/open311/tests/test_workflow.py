"""A report sent through Open311 goes through the same workflow as a web one: the hotline
sees it in its queue, forwards it, the commune answers, and the published answer shows in
requests/<id> and in servicerequestupdates."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.feedback import selectors as feedback_selectors
from egov.feedback import services as feedback
from egov.feedback.models import Report
from egov.notifications.models import Notification

from .conftest import call, post_data, requests_of, submitted, updates_of

pytestmark = pytest.mark.django_db


def test_from_open311_to_the_published_answer(api, client, world, partner) -> None:
    web = submitted(world)
    response, body = call(api, "POST", "v2/requests", "json", post_data(world, partner.key))
    assert response.status_code == 200
    report = Report.objects.get(code=body[0]["service_request_id"])

    # The hotline's queue holds it beside the web report.
    now = feedback.now()
    queued = feedback_selectors.queue(world.hotline, feedback_selectors.Tab.NEW, now=now)
    assert {r.code for r in queued} == {web.code, report.code}
    client.force_login(world.hotline)
    page = client.get(reverse("feedback:official_queue")).content.decode()
    assert report.code in page and web.code in page
    assert client.get(reverse("feedback:official_detail", args=[report.code])).status_code == 200

    # Not public before an official checks it.
    response, _body = call(api, "GET", f"v2/requests/{report.code}", "xml")
    assert response.status_code == 404

    feedback.report_forward(report, actor=world.hotline, agency=world.commune_a)
    feedback.report_answer(
        report,
        actor=world.handler_a,
        answer="Đã thay bóng đèn ba cột trên đường Lê Lợi.",
        resolution="resolved",
    )
    feedback.report_moderate(report, actor=world.hotline, publish=True)

    for fmt in ("xml", "json"):
        response, body = call(api, "GET", f"v2/requests/{report.code}", fmt)
        assert response.status_code == 200
        (row,) = requests_of(body, fmt)
        assert row["status"] == "closed"
        assert "Đã thay bóng đèn ba cột trên đường Lê Lợi." in row["status_notes"]
        assert row["agency_responsible"] == "UBND xã An Bình"
        response, body = call(api, "GET", "v2/servicerequestupdates", fmt)
        mine = [u for u in updates_of(body, fmt) if u["service_request_id"] == report.code]
        assert mine[-1]["status"] == "fixed"
        assert "Đã thay bóng đèn ba cột trên đường Lê Lợi." in mine[-1]["description"]

    # The reporter the partner named is told of the answer like a web reporter.
    answer_mail = Notification.objects.filter(
        dedupe_key__startswith=f"feedback:{report.pk}:", channel="email", recipient="anh@example.vn"
    )
    assert any("Đã thay bóng đèn" in n.body for n in answer_mail)
