"""An official's signature picture and an agency's seal picture (Decree 30/2020 Appendix I):
who may set them, what is accepted, what is stored, and the admin fields that use them."""

from __future__ import annotations

import struct
import zlib
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from egov.core.errors import PermissionRefused, ValidationFailed
from egov.core.models import AuditEvent
from egov.orgs import images
from egov.orgs.models import Agency, OfficialProfile, Role
from egov.orgs.selectors import seal_image_of, signature_image_of
from egov.orgs.services import agency_set_seal_image, official_set_signature_image
from egov.orgs.tests.factories import CitizenFactory, UserFactory

pytestmark = pytest.mark.django_db

BLUE = (20, 45, 170, 255)
RED = (200, 20, 30, 255)


def drawing(
    colour=BLUE,
    *,
    size=(300, 120),
    paper=(0, 0, 0, 0),
    dpi: float | None = 300,
    fmt: str = "PNG",
    mode: str = "RGBA",
) -> bytes:
    """A stroke of ``colour`` on ``paper`` (transparent by default)."""
    image = Image.new("RGBA", size, paper)
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.ellipse([width * 0.1, height * 0.1, width * 0.9, height * 0.9], outline=colour, width=8)
    draw.line([(0, height // 2), (width, height // 3)], fill=colour, width=6)
    out = BytesIO()
    extra = {"dpi": (dpi, dpi)} if dpi else {}
    image.convert(mode).save(out, format=fmt, **extra)
    return out.getvalue()


def seal(diameter_mm: float = 36, dpi: int = 300, colour=RED) -> bytes:
    side = round(diameter_mm / 25.4 * dpi)
    return drawing(colour, size=(side, side), dpi=dpi)


def stored(profile_or_agency, field: str) -> Image.Image:
    file = getattr(profile_or_agency, field)
    with default_storage.open(file.name, "rb") as handle:
        image = Image.open(BytesIO(handle.read()))
        image.load()
    return image


@pytest.fixture
def official(make_official, province):
    return make_official(agency=province.commune_a, roles=[Role.AGENCY_LEADER])


@pytest.fixture
def admin_a(make_official, province):
    return make_official(agency=province.commune_a, roles=[Role.AGENCY_ADMIN])


@pytest.fixture
def admin_b(make_official, province):
    return make_official(agency=province.commune_b, roles=[Role.AGENCY_ADMIN])


# --- the official's signature -------------------------------------------------------------


def test_an_official_sets_his_own_signature(official):
    profile = official_set_signature_image(user=official, image=drawing(), actor=official)
    assert profile.signature_image.name.startswith("orgs/signatures/")
    assert profile.signature_image.name.endswith(".png")
    picture = stored(profile, "signature_image")
    assert picture.mode == "RGBA" and picture.size == (300, 120)
    assert round(picture.info["dpi"][0]) == 300
    assert signature_image_of(official) == default_storage.open(profile.signature_image.name).read()
    event = AuditEvent.objects.get(action="official_signature_image_set")
    assert event.actor_id == official.pk and event.object_id == str(official.pk)
    assert event.data["made_transparent"] is False
    assert len(event.data["sha256"]) == 64


def test_the_agency_administrator_and_a_system_administrator_may_set_it(
    official, admin_a, sysadmin
):
    official_set_signature_image(user=official, image=drawing(), actor=admin_a)
    official_set_signature_image(user=official, image=drawing(), actor=sysadmin)
    assert AuditEvent.objects.filter(action="official_signature_image_set").count() == 2


def test_nobody_else_may_set_an_officials_signature(official, admin_b, make_official, province):
    colleague = make_official(agency=province.commune_a, roles=[Role.AGENCY_LEADER])
    citizen = CitizenFactory().user
    for actor in (colleague, admin_b, citizen):
        with pytest.raises(PermissionRefused):
            official_set_signature_image(user=official, image=drawing(), actor=actor)
    official.is_active = False
    official.save()
    with pytest.raises(PermissionRefused):
        official_set_signature_image(user=official, image=drawing(), actor=official)
    assert not OfficialProfile.objects.exclude(signature_image="").exists()
    assert not AuditEvent.objects.filter(action="official_signature_image_set").exists()


def test_only_an_official_has_a_signature_picture(db):
    citizen = CitizenFactory().user
    with pytest.raises(ValidationFailed):
        official_set_signature_image(user=citizen, image=drawing(), actor=None)
    assert signature_image_of(UserFactory()) is None


def test_white_paper_is_made_transparent(official):
    scanned = drawing(paper=(255, 255, 255, 255), mode="RGB")
    profile = official_set_signature_image(user=official, image=scanned, actor=None)
    picture = stored(profile, "signature_image")
    assert picture.getpixel((2, 2))[3] == 0, "the paper stays opaque"
    assert picture.getpixel((150, 12))[3] == 255, "the ink became transparent"
    assert AuditEvent.objects.get(action="official_signature_image_set").data["made_transparent"]


def test_a_signature_in_another_colour_is_refused(official):
    for colour in ((10, 10, 10, 255), RED):
        with pytest.raises(ValidationFailed) as refused:
            official_set_signature_image(user=official, image=drawing(colour), actor=official)
        assert refused.value.code == "image_colour"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (drawing(fmt="JPEG", mode="RGB"), "file_type_not_allowed"),
        (b"not a picture at all", "file_type_unknown"),
        (b"", "file_empty"),
        (drawing()[:200], "image_damaged"),
        (drawing(size=(30, 30)), "image_size"),
        (drawing((0, 0, 0, 0)), "image_empty"),
    ],
    ids=["jpeg", "text", "empty", "truncated", "tiny", "blank"],
)
def test_what_is_not_a_usable_png_is_refused(official, data, code):
    with pytest.raises(ValidationFailed) as refused:
        official_set_signature_image(user=official, image=data, actor=official)
    assert refused.value.code == code
    official.official.refresh_from_db()
    assert not official.official.signature_image


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims a huge picture: refused before anything is decoded."""
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    idat_data = zlib.compress(b"\x00" * 64)
    idat = (
        struct.pack(">I", len(idat_data))
        + b"IDAT"
        + idat_data
        + struct.pack(">I", zlib.crc32(b"IDAT" + idat_data))
    )
    end = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + idat + end


def test_an_oversized_picture_is_refused_by_its_header_or_its_length(official):
    with pytest.raises(ValidationFailed) as refused:
        official_set_signature_image(
            user=official, image=_png_header_only(50_000, 50_000), actor=official
        )
    assert refused.value.code == "image_size"
    noise = Image.frombytes("RGBA", (800, 800), bytes(range(256)) * 10_000)
    out = BytesIO()
    noise.save(out, format="PNG", compress_level=0)
    assert len(out.getvalue()) > images.MAX_BYTES
    with pytest.raises(ValidationFailed) as refused:
        official_set_signature_image(user=official, image=out.getvalue(), actor=official)
    assert refused.value.code == "file_too_large"


def test_an_uploaded_file_is_accepted_like_bytes(official):
    upload = SimpleUploadedFile("chu-ky.png", drawing(), content_type="image/png")
    profile = official_set_signature_image(user=official, image=upload, actor=official)
    assert profile.signature_image


def test_replacing_or_removing_deletes_the_old_file_after_the_commit(
    official, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = official_set_signature_image(user=official, image=drawing(), actor=official)
    first_name = first.signature_image.name
    with django_capture_on_commit_callbacks(execute=True):
        second = official_set_signature_image(user=official, image=drawing(), actor=official)
    assert second.signature_image.name != first_name
    assert not default_storage.exists(first_name)
    assert default_storage.exists(second.signature_image.name)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        removed = official_set_signature_image(user=official, image=None, actor=official)
    assert not removed.signature_image
    assert default_storage.exists(second.signature_image.name), "deleted before the commit"
    for callback in callbacks:
        callback()
    assert not default_storage.exists(second.signature_image.name)
    assert signature_image_of(official) is None
    assert AuditEvent.objects.filter(action="official_signature_image_removed").count() == 1


def test_a_picture_missing_from_storage_reads_as_none(official):
    profile = official_set_signature_image(user=official, image=drawing(), actor=None)
    default_storage.delete(profile.signature_image.name)
    assert signature_image_of(official) is None


# --- the agency's seal ---------------------------------------------------------------------


def test_the_agency_administrator_sets_the_seal(province, admin_a):
    agency = agency_set_seal_image(agency=province.commune_a, image=seal(), actor=admin_a)
    assert agency.seal_image.name.startswith("orgs/seals/")
    picture = stored(agency, "seal_image")
    assert picture.mode == "RGBA"
    assert seal_image_of(province.commune_a) is not None
    event = AuditEvent.objects.get(action="agency_seal_image_set")
    assert event.object_id == str(agency.pk) and event.data["dpi"] == 300


def test_an_administrator_above_or_a_system_administrator_may_set_the_seal(
    province, make_official, sysadmin
):
    province_admin = make_official(agency=province.committee, roles=[Role.AGENCY_ADMIN])
    agency_set_seal_image(agency=province.commune_a, image=seal(), actor=province_admin)
    agency_set_seal_image(agency=province.commune_a, image=seal(), actor=sysadmin)
    assert AuditEvent.objects.filter(action="agency_seal_image_set").count() == 2


def test_no_one_else_may_set_the_seal(province, admin_b, official):
    clerk = official  # a leader of the agency, but not its administrator
    for actor in (admin_b, clerk, CitizenFactory().user):
        with pytest.raises(PermissionRefused):
            agency_set_seal_image(agency=province.commune_a, image=seal(), actor=actor)
    assert not Agency.objects.exclude(seal_image="").exists()


def test_a_seal_must_be_red_and_of_a_real_size(province, admin_a):
    with pytest.raises(ValidationFailed) as refused:
        agency_set_seal_image(agency=province.commune_a, image=seal(colour=BLUE), actor=admin_a)
    assert refused.value.code == "image_colour"
    for diameter, dpi in ((10, 300), (90, 300)):
        with pytest.raises(ValidationFailed) as refused:
            agency_set_seal_image(
                agency=province.commune_a, image=seal(diameter, dpi), actor=admin_a
            )
        assert refused.value.code == "seal_size"
    # Without a declared resolution, 300 dpi is assumed: 425 pixels are 36 mm.
    no_dpi = drawing(RED, size=(425, 425), dpi=None)
    agency = agency_set_seal_image(agency=province.commune_a, image=no_dpi, actor=admin_a)
    assert round(stored(agency, "seal_image").info["dpi"][0]) == 300


def test_removing_the_seal(province, admin_a):
    agency_set_seal_image(agency=province.commune_a, image=seal(), actor=admin_a)
    agency = agency_set_seal_image(agency=province.commune_a, image=None, actor=admin_a)
    assert not agency.seal_image
    assert seal_image_of(agency) is None
    assert AuditEvent.objects.filter(action="agency_seal_image_removed").exists()


# --- the admin fields ------------------------------------------------------------------------


@pytest.fixture
def root(client):
    user = UserFactory(username="root", kind="official", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def _agency_form(agency: Agency) -> dict[str, object]:
    return {
        "code": agency.code,
        "name": agency.name,
        "short_name": agency.short_name,
        "kind": agency.kind,
        "unit": agency.unit_id,
        "parent": agency.parent_id or "",
        "office_hours": "",
        "address": "",
        "phone": "",
        "email": "",
        "is_active": "on",
        "departments-TOTAL_FORMS": "0",
        "departments-INITIAL_FORMS": "0",
    }


def test_the_agency_admin_uploads_a_seal_through_the_service(client, root, province):
    agency = province.commune_b
    url = f"/quan-tri/orgs/agency/{agency.pk}/change/"
    data = _agency_form(agency)
    data["new_picture"] = ContentFile(seal(), name="con-dau.png")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    agency.refresh_from_db()
    assert agency.seal_image
    event = AuditEvent.objects.get(action="agency_seal_image_set")
    assert event.actor_id == root.pk
    page = client.get(url).content.decode()
    assert "data:image/png;base64," in page


def test_the_admin_refuses_a_wrong_picture_in_the_form(client, root, province):
    agency = province.commune_b
    data = _agency_form(agency)
    data["new_picture"] = ContentFile(seal(colour=BLUE), name="con-dau.png")
    response = client.post(f"/quan-tri/orgs/agency/{agency.pk}/change/", data)
    assert response.status_code == 200
    assert "Ảnh con dấu phải có màu đỏ" in response.content.decode()
    agency.refresh_from_db()
    assert not agency.seal_image


def test_the_official_admin_uploads_and_removes_a_signature(client, root, official):
    profile = official.official
    url = f"/quan-tri/orgs/officialprofile/{profile.pk}/change/"
    data = {
        "user": official.pk,
        "agency": profile.agency_id,
        "department": "",
        "position": profile.position,
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
        "new_picture": ContentFile(drawing(), name="chu-ky.png"),
    }
    assert client.post(url, data).status_code == 302
    profile.refresh_from_db()
    assert profile.signature_image
    data.pop("new_picture")
    data["remove_picture"] = "on"
    assert client.post(url, data).status_code == 302
    profile.refresh_from_db()
    assert not profile.signature_image
    actions = list(
        AuditEvent.objects.filter(action__startswith="official_signature_image").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["official_signature_image_removed", "official_signature_image_set"]
