"""Who may use the citizen's pages: a stranger's dossier is "not found" through every URL,
officials use their own pages, anonymous visitors log in first (except for the lookup)."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, reverse

from egov.dossiers import services, urls_citizen
from egov.dossiers.models import Dossier, DossierFile

from .citizen import pdf
from .conftest import pdf_upload, received

WIZARD_STEPS = [
    "nguoi-yeu-cau",
    "thong-tin",
    "noi-dung",
    "giay-to",
    "nhan-ket-qua",
    "kiem-tra",
    "cam-doan",
]
POST_ONLY = {"remove_file"}


def patterns() -> dict[str, URLPattern]:
    return {p.name: p for p in urls_citizen.urlpatterns if isinstance(p, URLPattern)}


def dossiers_of(world) -> list[Dossier]:
    """One dossier of ``world.citizen`` in each state where an action page is live."""
    draft = services.draft_create(
        owner=world.citizen, version=world.version, handling_agency=world.commune_a
    )
    services.component_upload(
        draft, pdf(), actor=world.citizen, component=world.version.components.first()
    )
    waiting = received(world)
    services.request_supplement(
        waiting, actor=world.specialist, items=[("Giấy xác nhận cư trú", "chưa có trong hồ sơ")]
    )
    done = received(world)
    services.assign(
        done, actor=world.head, step=done.steps.get(position=2), handler=world.specialist
    )
    services.forward(done, actor=world.specialist)
    services.forward(done, actor=world.head)
    services.approve(done, actor=world.leader)
    services.issue_result(done, actor=world.clerk, result=pdf_upload("ket-qua.pdf"))
    services.hand_to_desk(done, actor=world.clerk)
    services.return_result(done, actor=world.desk, method="online")
    running = received(world)
    return [Dossier.objects.get(pk=d.pk) for d in (draft, waiting, done, running)]


def urls_for(dossier: Dossier) -> dict[str, list[str]]:
    """Every citizen URL about ``dossier``, by URL name."""
    key = {"public_id": dossier.public_id}
    found: dict[str, list[str]] = {}
    for name, pattern in patterns().items():
        converters = set(pattern.pattern.converters)
        if "public_id" not in converters:
            continue
        if "step" in converters:
            kwargs = [{**key, "step": step} for step in WIZARD_STEPS]
        elif "file_id" in converters:
            files = dossier.files.all()
            if name in POST_ONLY:  # only the dossier's own documents can be taken out
                files = files.filter(kind=DossierFile.Kind.COMPONENT)
            kwargs = [{**key, "file_id": f.pk} for f in files]
        else:
            kwargs = [key]
        found[name] = [reverse(f"dossiers:{name}", kwargs=k) for k in kwargs]
    return found


def test_every_url_about_a_dossier_is_covered():
    """Adding a URL about a dossier without covering it here fails this test."""
    about_a_dossier = {
        name for name, p in patterns().items() if "public_id" in p.pattern.converters
    }
    assert about_a_dossier == {
        "detail",
        "step",
        "remove_file",
        "submitted",
        "file",
        "supplement",
        "stop",
        "rate",
    }
    assert set(patterns()) - about_a_dossier == {"apply", "mine", "lookup"}


def test_another_citizen_gets_not_found_through_every_url(client, world):
    owned = dossiers_of(world)
    client.force_login(world.other_citizen)
    checked = 0
    for dossier in owned:
        for name, addresses in urls_for(dossier).items():
            for address in addresses:
                # The method the page answers gets 404; the other may get 405 (method not
                # allowed), which says nothing about the dossier either.
                main, other = (
                    (client.post, client.get)
                    if name in POST_ONLY
                    else (
                        client.get,
                        client.post,
                    )
                )
                assert main(address).status_code == 404, (name, address)
                assert other(address).status_code in (404, 405), (name, address)
                checked += 1
    assert checked > 50
    # Nothing changed in the meantime.
    for before in owned:
        after = Dossier.objects.get(pk=before.pk)
        assert (after.status, after.version) == (before.status, before.version)
        assert after.files.filter(removed=True).count() == 0


def test_the_same_urls_are_live_for_the_owner(client, world):
    """The other test could not fail if these URLs were broken: here the owner reaches
    each of them (some redirect, e.g. a wizard page of a submitted dossier)."""
    owned = dossiers_of(world)
    client.force_login(world.citizen)
    reached: set[str] = set()
    for dossier in owned:
        # Removing a file last, so that its download is tried first.
        by_name = sorted(urls_for(dossier).items(), key=lambda item: item[0] in POST_ONLY)
        for name, addresses in by_name:
            for address in addresses:
                method = client.post if name in POST_ONLY else client.get
                status = method(address).status_code
                # A submitted dossier's documents can no longer be taken out (a refusal).
                refused = name in POST_ONLY and dossier.status != "draft"
                assert status in ((400,) if refused else (200, 302)), (name, address, status)
                reached.add(name)
    assert reached == set(urls_for(owned[0]))


def test_the_list_does_not_show_another_citizen_s_dossiers(client, world):
    owned = dossiers_of(world)
    client.force_login(world.other_citizen)
    text = client.get(reverse("dossiers:mine")).content.decode()
    for dossier in owned:
        assert str(dossier.public_id) not in text


def test_the_api_answers_a_logged_in_stranger_like_anyone_else(client, world):
    dossier = received(world)
    client.force_login(world.other_citizen)
    api = "/api/v1/dossiers/lookup"
    assert client.get(api, {"code": dossier.code, "secret": "0000"}).status_code == 404
    client.force_login(world.citizen)  # being the owner does not replace the secret
    assert client.get(api, {"code": dossier.code, "secret": "0000"}).status_code == 404


@pytest.mark.parametrize("name", ["apply", "mine"])
def test_anonymous_visitors_are_sent_to_log_in(client, world, name):
    kwargs = {"code": world.version.procedure.code} if name == "apply" else {}
    address = reverse(f"dossiers:{name}", kwargs=kwargs)
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={address}"


def test_anonymous_visitors_are_sent_to_log_in_from_every_dossier_url(client, world):
    for dossier in dossiers_of(world):
        for name, addresses in urls_for(dossier).items():
            for address in addresses:
                response = client.get(address)
                assert response.status_code == 302, (name, address)
                assert response["Location"].startswith(reverse("accounts:login"))


def test_the_lookup_needs_no_login(client, world):
    assert client.get(reverse("dossiers:lookup")).status_code == 200


def test_officials_cannot_use_the_citizen_pages(client, world):
    owned = dossiers_of(world)
    for official in (world.desk, world.leader):
        client.force_login(official)
        assert client.get(reverse("dossiers:mine")).status_code == 403
        apply = reverse("dossiers:apply", kwargs={"code": world.version.procedure.code})
        assert client.post(apply, {"agency": world.commune_a.pk}).status_code == 403
        for dossier in owned:
            for name, addresses in urls_for(dossier).items():
                for address in addresses:
                    assert client.get(address).status_code == 403, (name, address)
    assert Dossier.objects.count() == len(owned)
