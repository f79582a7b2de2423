"""Partner keys: issued by system administrators (admin page or `egov open311_key`), kept
only as a hash, shown once, replaceable and revocable, every change audited."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from egov.core.errors import Conflict, PermissionRefused, ValidationFailed
from egov.core.models import AuditEvent
from egov.open311 import services
from egov.open311.keys import key_hash
from egov.open311.models import Open311Client
from egov.orgs.models import Role
from egov.orgs.tests.factories import UserFactory

from .conftest import call, post_data

pytestmark = pytest.mark.django_db


def posts(api, world, key: str) -> int:
    response, _body = call(api, "POST", "v2/requests", "xml", post_data(world, key))
    return int(response.status_code)


def stored_values(client: Open311Client) -> list[str]:
    row = Open311Client.objects.filter(pk=client.pk).values().get()
    return [str(value) for value in row.values()]


def test_only_a_hash_is_kept(world) -> None:
    issued = services.client_create(name="  Quận 11   trực tuyến ", actor=None)
    client = issued.client
    assert client.name == "Quận 11 trực tuyến"
    assert len(issued.key) >= 43
    assert client.key_hash == key_hash(issued.key)
    assert all(issued.key not in value for value in stored_values(client))
    assert AuditEvent.objects.filter(action="open311.client_create", object_id=str(client.pk))


def test_names_are_unique(world) -> None:
    services.client_create(name="Quận 11 trực tuyến", actor=None)
    with pytest.raises(ValidationFailed):
        services.client_create(name="quận 11 TRỰC TUYẾN", actor=None)
    with pytest.raises(ValidationFailed):
        services.client_create(name="   ", actor=None)


def test_only_system_administrators_manage_keys(world, make_official) -> None:
    leader = make_official(agency=world.committee, roles=[Role.AGENCY_LEADER])
    with pytest.raises(PermissionRefused):
        services.client_create(name="Ứng dụng lạ", actor=leader)
    admin = make_official(agency=world.committee, roles=[Role.SYSTEM_ADMIN])
    issued = services.client_create(name="Ứng dụng tỉnh", actor=admin)
    assert issued.client.created_by == admin
    with pytest.raises(PermissionRefused):
        services.client_revoke(issued.client, actor=leader)


def test_a_replacement_key_retires_the_old_one(api, world, partner) -> None:
    replacement = services.client_rekey(partner.client, actor=None)
    assert posts(api, world, partner.key) == 403
    assert posts(api, world, replacement.key) == 200
    services.client_revoke(partner.client, actor=None)
    assert posts(api, world, replacement.key) == 403
    with pytest.raises(Conflict):
        services.client_revoke(partner.client, actor=None)
    with pytest.raises(Conflict):
        services.client_rekey(partner.client, actor=None)
    actions = set(
        AuditEvent.objects.filter(
            object_type="open311.open311client", object_id=str(partner.client.pk)
        ).values_list("action", flat=True)
    )
    assert actions == {"open311.client_create", "open311.client_rekey", "open311.client_revoke"}


# --- egov open311_key ----------------------------------------------------------------------


def run(*args: str) -> str:
    out = io.StringIO()
    with translation.override("vi"):
        call_command("open311_key", *args, stdout=out)
    return out.getvalue()


def test_command_create_prints_a_key_that_works_and_revoke_stops_it(api, world) -> None:
    output = run("create", "Hậu Giang trực tuyến")
    lines = output.strip().splitlines()
    assert lines[0] == (
        "Khóa API của “Hậu Giang trực tuyến” (chỉ hiển thị một lần này; "
        "egov chỉ lưu giá trị băm của khóa):"
    )
    key = lines[-1]
    assert posts(api, world, key) == 200
    assert "đang hiệu lực" in run("list")
    assert run("revoke", "hậu giang trực tuyến").strip() == (
        "Đã thu hồi khóa của “Hậu Giang trực tuyến”."
    )
    assert posts(api, world, key) == 403
    listing = run("list")
    assert "Hậu Giang trực tuyến — cấp lúc" in listing and "đã thu hồi lúc" in listing


def test_command_refusals(world) -> None:
    assert run("list").strip() == "Chưa có ứng dụng đối tác nào được cấp khóa."
    run("create", "Quận 11 trực tuyến")
    with pytest.raises(CommandError, match="Đã có ứng dụng đối tác tên"):
        run("create", "Quận 11 trực tuyến")
    with pytest.raises(CommandError, match="Không có ứng dụng đối tác nào tên"):
        run("revoke", "Không có")
    run("revoke", "Quận 11 trực tuyến")
    with pytest.raises(CommandError, match="đã bị thu hồi"):
        run("revoke", "Quận 11 trực tuyến")


# --- the admin ------------------------------------------------------------------------------


@pytest.fixture
def superuser(world):
    return UserFactory(username="root", kind="official", is_staff=True, is_superuser=True)


def shown_key(response) -> str:
    html = response.content.decode()
    start = html.index('id="open311-key"')
    value = html.index('value="', start) + len('value="')
    return html[value : html.index('"', value)]


def test_admin_issues_a_key_once(api, client, world, superuser) -> None:
    client.force_login(superuser)
    add = reverse("admin:open311_open311client_add")
    page = client.get(add, HTTP_ACCEPT_LANGUAGE="vi")
    assert "Cấp khóa API cho ứng dụng đối tác" in page.content.decode()
    response = client.post(add, {"name": "Quận 11 trực tuyến"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "chỉ hiển thị một lần" in response.content.decode()
    key = shown_key(response)
    assert posts(api, world, key) == 200
    created = Open311Client.objects.get(name="Quận 11 trực tuyến")
    assert created.created_by == superuser
    # The key is never shown again.
    change = client.get(reverse("admin:open311_open311client_change", args=[created.pk]))
    listing = client.get(reverse("admin:open311_open311client_changelist"))
    for later in (change, listing):
        assert later.status_code == 200
        assert key not in later.content.decode()
    # The same name again is refused on the form.
    again = client.post(add, {"name": "Quận 11 trực tuyến"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert "Đã có ứng dụng đối tác tên" in again.content.decode()
    assert Open311Client.objects.count() == 1


def test_admin_replaces_and_revokes(api, client, world, superuser, partner) -> None:
    client.force_login(superuser)
    changelist = reverse("admin:open311_open311client_changelist")
    selected = {"_selected_action": [partner.client.pk]}
    confirm = client.post(changelist, {"action": "issue_replacement_key", **selected})
    assert confirm.status_code == 200 and 'name="apply"' in confirm.content.decode()
    assert posts(api, world, partner.key) == 200  # nothing changes before confirming
    done = client.post(changelist, {"action": "issue_replacement_key", "apply": "1", **selected})
    replacement = shown_key(done)
    assert posts(api, world, partner.key) == 403
    assert posts(api, world, replacement) == 200
    client.post(changelist, {"action": "revoke_selected", "apply": "1", **selected})
    assert posts(api, world, replacement) == 403
    partner.client.refresh_from_db()
    assert partner.client.revoked_at is not None


def test_admin_pages_need_an_administrator(client, world) -> None:
    staff = UserFactory(username="nhanvien", kind="official", is_staff=True)
    client.force_login(staff)
    response = client.post(reverse("admin:open311_open311client_add"), {"name": "Lạ"})
    assert response.status_code == 403
    assert not Open311Client.objects.exists()
