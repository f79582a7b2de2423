"""The whole lifecycle of one online dossier, through the services."""

from __future__ import annotations

import re

from egov.dossiers import services
from egov.dossiers.lifecycle import Action, Status
from egov.dossiers.models import Step

from .conftest import pdf_upload, received


def test_online_dossier_from_submission_to_rating(world):
    dossier = received(world)
    assert dossier.status == Status.IN_PROGRESS
    assert re.fullmatch(r"000\.01\.00\.H99-\d{6}-0001", dossier.code)
    assert dossier.due_at > dossier.received_at
    assert dossier.fees_owed == 8000
    active = [s for s in dossier.steps.all() if s.state == Step.State.ACTIVE]
    assert [s.name for s in active] == ["Thẩm định hồ sơ"]

    services.assign(dossier, actor=world.head, step=active[0], handler=world.specialist)
    services.forward(dossier, actor=world.specialist)
    services.forward(dossier, actor=world.head)
    services.approve(dossier, actor=world.leader)
    dossier.refresh_from_db()
    assert dossier.status == Status.APPROVED

    services.issue_result(dossier, actor=world.clerk, result=pdf_upload("giay-khai-sinh.pdf"))
    services.hand_to_desk(dossier, actor=world.clerk)
    services.return_result(dossier, actor=world.desk, method="online")
    services.rate(dossier, actor=world.citizen, rating=5, comment="Nhanh")
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
    assert dossier.rating == 5
    assert all(s.state == Step.State.DONE for s in dossier.steps.all())
    actions = list(dossier.events.values_list("action", flat=True))
    assert actions == [
        Action.CREATE,
        Action.SUBMIT,
        Action.ACCEPT,
        Action.ASSIGN,
        Action.FORWARD,
        Action.FORWARD,
        Action.APPROVE,
        Action.ISSUE_RESULT,
        Action.HAND_TO_DESK,
        Action.RETURN_RESULT,
        Action.RATE,
    ]
