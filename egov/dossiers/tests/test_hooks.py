"""What the apps above the dossiers add through ``egov.dossiers.hooks``, checked here with
hooks of the tests' own (the dossiers' tests run without the real ones: payments' tests
check theirs): a hold refuses the return or the reception with its message and changes
nothing, a reception hook sees the exemptions, panels show on both dossier pages; and
without any hook, the dossier flow is what it always was."""

from __future__ import annotations

import pytest
from django.template import Template

from egov.core.errors import Conflict, PermissionRefused
from egov.dossiers import hooks, services
from egov.dossiers.hooks import Hold, Panel
from egov.dossiers.lifecycle import Action, Status

from .conftest import submitted_online
from .helpers import refused
from .official import act, page_url, text
from .test_closing import ready


def fees_hold(dossier):
    return Hold("fees_unpaid", "Chưa nộp phí: còn 8.000 đồng.") if dossier.fees_owed else None


def test_no_hook_is_registered_in_the_dossiers_own_tests(_without_higher_apps):
    assert _without_higher_apps == hooks.Registry()


def test_without_holds_the_result_is_returned(world):
    dossier = ready(world)
    assert dossier.fees_owed == 8000  # owed, but nobody above says it must be paid
    assert hooks.holds(dossier, Action.RETURN_RESULT) == []
    returned = services.return_result(dossier, actor=world.desk, method="desk")
    assert returned.status == Status.RETURNED


def test_a_hold_refuses_the_return_with_its_message_and_changes_nothing(world):
    hooks.add_hold(Action.RETURN_RESULT, fees_hold)
    hooks.add_hold(Action.RETURN_RESULT, fees_hold)  # registered once
    dossier = ready(world)
    error = refused(
        Conflict,
        lambda: services.return_result(dossier, actor=world.desk, method="desk"),
        dossier,
    )
    assert error.code == "fees_unpaid"
    assert str(error.message) == "Chưa nộp phí: còn 8.000 đồng."
    assert dossier.status == Status.READY
    assert [h.code for h in hooks.holds(dossier, Action.RETURN_RESULT)] == ["fees_unpaid"]


def test_the_hold_is_checked_after_the_role_and_lifts_when_its_reason_goes(world):
    hooks.add_hold(Action.RETURN_RESULT, fees_hold)
    dossier = ready(world)
    with pytest.raises(PermissionRefused):
        services.return_result(dossier, actor=world.specialist, method="desk")
    dossier.fees_owed = 0  # what a higher app would record once the fees are paid
    dossier.save(update_fields=["fees_owed"])
    returned = services.return_result(dossier, actor=world.desk, method="desk")
    assert returned.status == Status.RETURNED


def test_every_hold_is_said_and_other_actions_are_not_held(world):
    hooks.add_hold(Action.ACCEPT, lambda d: Hold("first", "Một."))
    hooks.add_hold(Action.ACCEPT, lambda d: None)
    hooks.add_hold(Action.ACCEPT, lambda d: Hold("second", "Hai."))
    dossier = submitted_online(world)
    error = refused(Conflict, lambda: services.accept(dossier, actor=world.desk), dossier)
    assert (error.code, str(error.message)) == ("first", "Một. Hai.")
    assert dossier.code is None
    asked = services.ask_completion(
        dossier, actor=world.desk, items=[("Giấy chứng sinh", "chưa có trong hồ sơ")]
    )
    assert asked.status == Status.INCOMPLETE


def test_a_reception_hook_sees_the_checked_exemptions_and_may_refuse(world):
    seen = []

    def hook(dossier, *, actor, exemptions):
        seen.append((dossier.status, actor, exemptions))
        if exemptions.get(fee.pk) == "từ chối":
            raise Conflict("Không nhận.", code="hook_refused")

    hooks.add_reception_hook(hook)
    fee = world.version.fees.get()
    dossier = submitted_online(world)
    error = refused(
        Conflict,
        lambda: services.accept(dossier, actor=world.desk, exemptions={fee.pk: " từ chối "}),
        dossier,
    )
    assert error.code == "hook_refused"
    accepted = services.accept(dossier, actor=world.desk, exemptions={fee.pk: " Hộ nghèo "})
    assert seen[-1] == (Status.SUBMITTED, world.desk, {fee.pk: "Hộ nghèo"})
    assert accepted.fees_owed == 0


def test_panels_show_on_the_applicants_and_the_officials_pages(client, world):
    shown = Template("<p>{{ panel.context.word }} {{ dossier.code }}</p>")

    def citizen(dossier, user):
        return Panel(shown, {"word": f"Phần của công dân {user.pk}"})

    def official(dossier, user):
        return None if user == world.specialist else Panel(shown, {"word": "Phần của cán bộ"})

    hooks.add_panel("citizen", citizen)
    hooks.add_panel("official", official)
    dossier = services.accept(submitted_online(world), actor=world.desk)
    client.force_login(world.citizen)
    mine = text(client.get(f"/ho-so-cua-toi/{dossier.public_id}/"))
    assert f"Phần của công dân {world.citizen.pk} {dossier.code}" in mine
    client.force_login(world.desk)
    assert f"Phần của cán bộ {dossier.code}" in text(client.get(page_url(dossier)))
    client.force_login(world.specialist)
    assert "Phần của cán bộ" not in text(client.get(page_url(dossier)))


def test_the_desk_page_says_the_hold_before_the_return_and_shows_the_refusal(client, world):
    hooks.add_hold(Action.RETURN_RESULT, fees_hold)
    dossier = ready(world)
    client.force_login(world.desk)
    assert "Chưa nộp phí: còn 8.000 đồng." in text(client.get(page_url(dossier)))
    response = act(client, dossier, "return_result", {"method": "desk"})
    assert response.status_code == 409
    assert "Chưa nộp phí: còn 8.000 đồng." in text(response)
    dossier.refresh_from_db()
    assert dossier.status == Status.READY


def test_isolated_puts_back_what_was_registered(world):
    hooks.add_hold(Action.RETURN_RESULT, fees_hold)
    with hooks.isolated():
        assert hooks.holds(ready(world), Action.RETURN_RESULT) == []
    dossier = ready(world)
    assert [h.code for h in hooks.holds(dossier, Action.RETURN_RESULT)] == ["fees_unpaid"]


def test_a_held_result_is_not_the_applicants_yet(client, world):
    from egov.dossiers.models import DossierFile

    dossier = ready(world)
    result = dossier.files.get(kind=DossierFile.Kind.RESULT, removed=False)
    download = f"/ho-so-cua-toi/{dossier.public_id}/tep/{result.pk}/"
    client.force_login(world.citizen)
    assert client.get(download).status_code == 200  # nothing holds it
    hooks.add_hold(Action.RETURN_RESULT, fees_hold)
    page = client.get(f"/ho-so-cua-toi/{dossier.public_id}/")
    assert "Chưa nộp phí: còn 8.000 đồng." in text(page)
    assert download not in page.content.decode()
    assert client.get(download).status_code == 404
