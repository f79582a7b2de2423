"""Drafts, uploads and submission online; registration of a paper dossier at the desk; and
the uploads a service must refuse (lying extension, too large, empty, path-traversal name)."""

from __future__ import annotations

import zlib

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.catalog.models import Component, OnlineMode
from egov.core.errors import PermissionRefused, ValidationFailed
from egov.dossiers import services
from egov.dossiers.lifecycle import Action, ActionNotAllowed, Status
from egov.dossiers.models import Channel, Delivery, DossierFile

from .conftest import PDF_BYTES, applicant, make_procedure, pdf_upload, submitted_online
from .helpers import clock_fixture, fresh, history, last_event, refused, vn

__all__ = ["clock_fixture"]


@pytest.fixture
def draft(world, clock):
    return services.draft_create(
        owner=world.citizen,
        version=world.version,
        handling_agency=world.commune_a,
        applicant=applicant(),
    )


def components(world):
    return list(world.version.components.order_by("position"))


def fill(world, dossier):
    for component in components(world):
        services.component_upload(dossier, pdf_upload(), actor=world.citizen, component=component)


# --- drafts --------------------------------------------------------------------------------


def test_draft_created_for_a_citizen_account(world, draft):
    assert draft.status == Status.DRAFT and draft.channel == Channel.ONLINE
    assert (draft.owner, draft.agency, draft.handling_agency) == (
        world.citizen,
        world.commune_a,
        world.commune_a,
    )
    assert draft.delivery == Delivery.ONLINE  # the procedure has an electronic result
    assert draft.applicant_phone == "0912345678"
    assert history(draft) == [(Action.CREATE, "", Status.DRAFT)]


def test_draft_prefilled_from_the_account(world, clock):
    dossier = services.draft_create(
        owner=world.citizen, version=world.version, handling_agency=world.commune_a
    )
    assert dossier.applicant_phone == "0912345678"


def test_draft_refusals(world, clock):
    def create(**changes):
        values = {
            "owner": world.citizen,
            "version": world.version,
            "handling_agency": world.commune_a,
            "applicant": applicant(),
        }
        values.update(changes)
        return lambda: services.draft_create(**values)

    refused(PermissionRefused, create(owner=world.specialist))  # officials use the desk
    refused(PermissionRefused, create(owner=AnonymousUser()))
    assert refused(ValidationFailed, create(handling_agency=world.commune_b)).code == (
        "agency_not_competent"
    )
    error = refused(ValidationFailed, create(applicant=applicant(phone="12345", id_number="0011")))
    assert error.code == "applicant_invalid"
    assert set(error.extra["errors"]) == {"phone", "id_number"}
    error = refused(ValidationFailed, create(applicant=applicant(phone="", id_number="")))
    assert set(error.extra["errors"]) == {"phone"}
    # Only ASCII digits make a phone number: "\d" would take Arabic-Indic ones.
    for phone in ("0٩١٢٣٤٥٦٧٨", "091234567８"):
        error = refused(ValidationFailed, create(applicant=applicant(phone=phone)))
        assert set(error.extra["errors"]) == {"phone"}
    error = refused(ValidationFailed, create(applicant=applicant(on_behalf=True)))
    assert set(error.extra["errors"]) == {"submitter_name"}
    offline = make_procedure(world.commune_a, code="2.000001", online=OnlineMode.NONE)
    assert refused(ValidationFailed, create(version=offline)).code == "not_online"


def test_draft_update_by_its_owner_until_submitted(world, draft):
    services.draft_update(
        draft,
        actor=world.citizen,
        details={"ten_tre": "Nguyễn Văn An"},
        delivery="post",
        delivery_address=" 12 Lê Lợi ",
    )
    draft = fresh(draft)
    assert draft.details == {"ten_tre": "Nguyễn Văn An"}
    assert (draft.delivery, draft.delivery_address) == ("post", "12 Lê Lợi")
    refused(
        PermissionRefused,
        lambda: services.draft_update(draft, actor=world.other_citizen, details={}),
        draft,
    )
    refused(
        PermissionRefused, lambda: services.draft_update(draft, actor=world.desk, details={}), draft
    )
    error = refused(
        ValidationFailed,
        lambda: services.draft_update(draft, actor=world.citizen, delivery="fax"),
        draft,
    )
    assert error.code == "delivery"
    fill(world, draft)
    services.draft_update(draft, actor=world.citizen, declaration_accepted=True)
    services.submit(draft, actor=world.citizen)
    refused(
        ValidationFailed,
        lambda: services.draft_update(draft, actor=world.citizen, details={"x": 1}),
        draft,
    )


# --- submission ----------------------------------------------------------------------------


def test_submit_a_complete_draft(world, draft, clock):
    fill(world, draft)
    services.draft_update(draft, actor=world.citizen, declaration_accepted=True)
    clock.advance(minutes=5)
    services.submit(draft, actor=world.citizen)
    draft = fresh(draft)
    assert draft.status == Status.SUBMITTED and draft.submitted_at == vn(2026, 3, 2, 9, 5)
    assert draft.code is None and draft.received_at is None  # not received yet
    assert history(draft)[-1] == (Action.SUBMIT, Status.DRAFT, Status.SUBMITTED)
    refused(ActionNotAllowed, lambda: services.submit(draft, actor=world.citizen), draft)


def test_submit_lists_everything_missing(world, draft):
    services.draft_update(draft, actor=world.citizen, delivery="post")
    error = refused(ValidationFailed, lambda: services.submit(draft, actor=world.citizen), draft)
    assert error.code == "submission_incomplete"
    assert set(error.extra["errors"]) == {"components", "delivery_address", "declaration"}
    assert "Giấy chứng sinh" in error.extra["errors"]["components"]


def test_only_the_owner_submits(world, draft):
    fill(world, draft)
    services.draft_update(draft, actor=world.citizen, declaration_accepted=True)
    for outsider in (world.other_citizen, world.desk, AnonymousUser()):
        refused(PermissionRefused, lambda o=outsider: services.submit(draft, actor=o), draft)


def test_removed_document_counts_as_missing(world, draft):
    fill(world, draft)
    first = draft.files.get(component=components(world)[0])
    refused(
        PermissionRefused, lambda: services.file_remove(first, actor=world.other_citizen), draft
    )
    services.file_remove(first, actor=world.citizen)
    assert DossierFile.objects.get(pk=first.pk).removed  # kept for the record
    assert services.missing_components(fresh(draft)) == [components(world)[0]]


# --- the desk registers a paper dossier ----------------------------------------------------


def test_desk_registers_and_scans_a_paper_dossier(world, clock):
    dossier = services.desk_register(
        actor=world.desk,
        version=world.version,
        handling_agency=world.commune_a,
        applicant=applicant(),
        channel=Channel.POSTAL,
        delivery="post",
        delivery_address="Thôn 3",
    )
    assert dossier.status == Status.SUBMITTED and dossier.channel == Channel.POSTAL
    assert dossier.owner is None and dossier.created_by == world.desk
    assert history(dossier) == [
        (Action.CREATE, "", Status.DRAFT),
        (Action.REGISTER, Status.DRAFT, Status.SUBMITTED),
    ]
    assert last_event(dossier).actor_role == "desk_officer"
    for component in components(world):
        services.component_upload(
            dossier, pdf_upload(), actor=world.desk, component=component, digitised=True
        )
    assert dossier.files.filter(digitised=True).count() == 2
    refused(
        PermissionRefused,
        lambda: services.component_upload(
            dossier, pdf_upload(), actor=world.desk_b, component=None
        ),
        dossier,
    )
    services.accept(dossier, actor=world.desk)
    refused(
        ValidationFailed,
        lambda: services.component_upload(dossier, pdf_upload(), actor=world.desk, component=None),
        dossier,
    )


def test_desk_register_refusals(world, clock):
    def register(**changes):
        values = {
            "actor": world.desk,
            "version": world.version,
            "handling_agency": world.commune_a,
            "applicant": applicant(),
        }
        values.update(changes)
        return lambda: services.desk_register(**values)

    for outsider in (world.specialist, world.desk_b, world.citizen):
        refused(PermissionRefused, register(actor=outsider))
    refused(ValidationFailed, register(channel=Channel.ONLINE))
    assert refused(ValidationFailed, register(delivery="fax")).code == "delivery"
    assert refused(ValidationFailed, register(handling_agency=world.commune_b)).code == (
        "agency_not_competent"
    )
    assert refused(ValidationFailed, register(applicant=applicant(name=" "))).code == (
        "applicant_invalid"
    )


# --- uploads that must be refused ------------------------------------------------------------


PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    + zlib.compress(b"x")
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def stored_files(media):
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("giay-chung-sinh.pdf", PNG_BYTES, "file_extension_mismatch"),  # a PNG called .pdf
        ("giay-chung-sinh.pdf", b"MZ\x90\x00\x03 a Windows program", "file_type_unknown"),
        ("to-khai.pdf", b"<html><script>alert(1)</script>", "file_type_unknown"),
        ("trong.pdf", b"", "file_empty"),
        ("cat-ngang.pdf", b"%PDF-1.4\n1 0 obj", "file_pdf_incomplete"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(world, draft, media, name, content, code):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    error = refused(
        ValidationFailed,
        lambda: services.component_upload(
            draft, upload, actor=world.citizen, component=components(world)[0]
        ),
        draft,
    )
    assert error.code == code
    assert not draft.files.exists()
    assert stored_files(media) == []


def test_oversized_upload_refused(world, draft, media, settings):
    settings.EGOV_UPLOAD_MAX_BYTES = 1024
    big = SimpleUploadedFile("lon.pdf", PDF_BYTES[:20] + b"0" * 2048 + b"\n%%EOF\n")
    error = refused(
        ValidationFailed,
        lambda: services.component_upload(draft, big, actor=world.citizen, component=None),
        draft,
    )
    assert error.code == "file_too_large"
    assert stored_files(media) == []


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("../../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\giay to.pdf", "giay to.pdf"),
        ("/var/www/../.hidden.pdf", "hidden.pdf"),
        ("Giấy\x00chứng sinh.pdf", None),  # a NUL byte is refused outright
    ],
)
def test_path_traversal_names_stay_inside_the_dossier_folder(world, draft, media, name, stored):
    upload = SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")
    if stored is None:
        error = refused(
            ValidationFailed,
            lambda: services.component_upload(draft, upload, actor=world.citizen, component=None),
            draft,
        )
        assert error.code == "file_name_invalid"
        return
    kept = services.component_upload(draft, upload, actor=world.citizen, component=None)
    assert kept.name == stored
    assert kept.file.name.startswith(f"dossiers/{draft.public_id}/")
    assert ".." not in kept.file.name and "\\" not in kept.file.name
    [path] = stored_files(media)
    assert path.resolve().is_relative_to((media / "dossiers").resolve())
    assert path.read_bytes() == PDF_BYTES


def test_component_of_another_procedure_refused(world, draft):
    other = make_procedure(world.commune_a, code="2.000002")
    foreign = Component.objects.filter(version=other).first()
    refused(
        ValidationFailed,
        lambda: services.component_upload(
            draft, pdf_upload(), actor=world.citizen, component=foreign
        ),
        draft,
    )


def test_uploads_closed_to_others_and_after_submission(world, draft):
    refused(
        PermissionRefused,
        lambda: services.component_upload(
            draft, pdf_upload(), actor=world.other_citizen, component=None
        ),
        draft,
    )
    refused(
        PermissionRefused,
        lambda: services.component_upload(draft, pdf_upload(), actor=world.desk, component=None),
        draft,
    )
    submitted = submitted_online(world)
    refused(
        PermissionRefused,
        lambda: services.component_upload(
            submitted, pdf_upload(), actor=world.citizen, component=None
        ),
        submitted,
    )


def test_a_departments_dossier_is_received_at_the_service_centre(world, make_official, clock):
    """Provincial departments receive through the Public Administration Service Centre: the
    centre's desk accepts and its identifier starts the code."""
    from egov.orgs.models import Agency
    from egov.orgs.services import agency_create

    centre = agency_create(
        code="000.00.20.H99",
        name="Trung tâm Phục vụ hành chính công",
        short_name="TTPVHCC",
        kind=Agency.Kind.SERVICE_CENTRE,
        unit=world.unit,
        parent=world.committee,
        actor=None,
    )
    version = make_procedure(
        world.justice,
        code="2.000003",
        steps=[
            ("Tiếp nhận", "desk_officer", "", "0"),
            ("Thẩm định", "specialist", "", "1.5"),
            ("Ký", "agency_leader", "", "0.5"),
        ],
    )
    assert services.receiving_agency_for(world.justice) == centre
    assert services.receiving_agency_for(world.commune_a) == world.commune_a
    dossier = services.draft_create(
        owner=world.citizen, version=version, handling_agency=world.justice, applicant=applicant()
    )
    assert (dossier.agency, dossier.handling_agency) == (centre, world.justice)
    for component in version.components.all():
        services.component_upload(dossier, pdf_upload(), actor=world.citizen, component=component)
    services.draft_update(dossier, actor=world.citizen, declaration_accepted=True)
    services.submit(dossier, actor=world.citizen)
    refused(PermissionRefused, lambda: services.accept(dossier, actor=world.desk), dossier)
    centre_desk = make_official(agency=centre, roles=["desk_officer"])
    services.accept(dossier, actor=centre_desk)
    dossier = fresh(dossier)
    assert dossier.code == "000.00.20.H99-260302-0001"
    steps = list(dossier.steps.order_by("position").values_list("agency", "state"))
    assert steps == [
        (centre.pk, "done"),
        (world.justice.pk, "active"),
        (world.justice.pk, "waiting"),
    ]
