"""The officials' queue: to classify, to answer, due soon, overdue, answered, closed."""

from __future__ import annotations

import datetime as dt

import pytest

from egov.feedback import selectors, services
from egov.feedback.selectors import Tab
from egov.workcalendar.deadlines import VN_TZ

from .conftest import submitted

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)


def codes(user, tab, now, q=""):
    return {r.code for r in selectors.queue(user, tab, now=now, q=q)}


def test_tabs_follow_the_deadlines(world) -> None:
    with services.clock_at(MONDAY):
        new = submitted(world)  # to classify by Monday 09/03 09:00
        handled = services.report_forward(
            submitted(world, title="Rác"), actor=world.hotline, agency=world.commune_a
        )  # to answer by Monday 09/03 09:00 (5 working days)
    friday = dt.datetime(2026, 3, 6, 10, 0, tzinfo=VN_TZ)
    tuesday = dt.datetime(2026, 3, 10, 10, 0, tzinfo=VN_TZ)

    assert codes(world.hotline, Tab.NEW, MONDAY) == {new.code}
    assert codes(world.handler_a, Tab.NEW, MONDAY) == set()  # not the receiving unit
    assert codes(world.handler_a, Tab.HANDLING, MONDAY) == {handled.code}
    assert codes(world.handler_b, Tab.HANDLING, MONDAY) == set()
    assert codes(world.hotline, Tab.DUE_SOON, MONDAY) == set()
    assert codes(world.hotline, Tab.DUE_SOON, friday) == {new.code, handled.code}
    assert codes(world.handler_a, Tab.DUE_SOON, friday) == {handled.code}
    assert codes(world.hotline, Tab.OVERDUE, friday) == set()
    assert codes(world.hotline, Tab.OVERDUE, tuesday) == {new.code, handled.code}
    assert codes(world.handler_a, Tab.OVERDUE, tuesday) == {handled.code}
    # Search is diacritic-insensitive and reaches the reporter's name for officials.
    assert codes(world.hotline, Tab.NEW, MONDAY, q="nguyen thi anh") == {new.code}
    assert codes(world.hotline, Tab.NEW, MONDAY, q="cau treo") == set()

    services.report_answer(handled, actor=world.handler_a, answer="Xong", resolution="resolved")
    assert codes(world.handler_a, Tab.ANSWERED, tuesday) == {handled.code}
    services.report_close(handled, actor=world.handler_a)
    services.report_reject(new, actor=world.hotline, reason="Trùng")
    assert codes(world.hotline, Tab.FINISHED, tuesday) == {new.code, handled.code}
    assert selectors.tab_counts(world.hotline, now=tuesday)[Tab.FINISHED] == 2
