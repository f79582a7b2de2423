"""Officials may attach a file to a processing action (forward, send back, consult, answer,
propose, approve or reject a refusal, approve): checked like every upload (type by content,
size, safe name), kept as an ``attachment`` on the action's history line, listed on the
dossier's timeline and downloaded only by officials who may see the dossier. Without a file
the services work as before."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.core.errors import ValidationFailed
from egov.dossiers import services
from egov.dossiers.lifecycle import Action
from egov.dossiers.models import DossierFile, Step
from egov.orgs.models import Role

from .conftest import PDF_BYTES, received
from .helpers import refused
from .official import act, page_url, text

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
)


def attached(name: str = "bien-ban.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def attachments(dossier) -> list[DossierFile]:
    return list(dossier.files.filter(kind=DossierFile.Kind.ATTACHMENT).order_by("id"))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def stored_files(media):
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_each_processing_action_keeps_its_attachment_on_its_history_line(world, make_official):
    dossier = received(world)
    leader = world.leader
    committee_leader = make_official(agency=world.committee, roles=[Role.AGENCY_LEADER])
    services.forward(dossier, actor=world.specialist, note="Đủ", attachment=attached("a.pdf"))
    services.send_back(dossier, actor=world.head, reason="Xem lại", attachment=attached("b.pdf"))
    consultation = services.consult(
        dossier,
        actor=world.specialist,
        agency=world.committee,
        question="?",
        days=1,
        attachment=attached("c.pdf"),
    )
    services.answer_consultation(
        consultation, actor=committee_leader, answer="Được", attachment=attached("d.pdf")
    )
    services.propose_refusal(
        dossier, actor=world.specialist, reasons=["x"], attachment=attached("e.pdf")
    )
    services.reject_refusal(dossier, actor=leader, note="Tiếp tục", attachment=attached("f.pdf"))
    services.forward(dossier, actor=world.specialist)
    services.forward(dossier, actor=world.head)
    services.approve(dossier, actor=leader, note="Ký", attachment=attached("g.pdf"))
    kept = attachments(dossier)
    assert [(f.name, f.event.action) for f in kept] == [
        ("a.pdf", Action.FORWARD),
        ("b.pdf", Action.SEND_BACK),
        ("c.pdf", Action.CONSULT),
        ("d.pdf", Action.ANSWER_CONSULTATION),
        ("e.pdf", Action.PROPOSE_REFUSAL),
        ("f.pdf", Action.REJECT_REFUSAL),
        ("g.pdf", Action.APPROVE),
    ]
    assert kept[0].uploaded_by == world.specialist and kept[3].uploaded_by == committee_leader
    assert all(f.content_type == "application/pdf" and f.size == len(PDF_BYTES) for f in kept)
    # The history lines without a file have none: an attachment stays optional.
    assert not dossier.events.filter(action=Action.FORWARD, files__isnull=False).exclude(
        files__name="a.pdf"
    )


def test_approving_a_refusal_keeps_its_attachment(world):
    dossier = received(world)
    services.propose_refusal(dossier, actor=world.specialist, reasons=["Sai thẩm quyền"])
    services.approve_refusal(dossier, actor=world.leader, attachment=attached("y-kien.pdf"))
    [kept] = attachments(dossier)
    assert kept.event.action == Action.APPROVE_REFUSAL


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("bien-ban.pdf", PNG_BYTES, "file_extension_mismatch"),  # a PNG called .pdf
        ("bien-ban.pdf", b"MZ\x90\x00\x03 a Windows program", "file_type_unknown"),
        ("trong.pdf", b"", "file_empty"),
    ],
)
def test_a_bad_attachment_refuses_the_whole_action(world, media, name, content, code):
    dossier = received(world)
    before = stored_files(media)
    error = refused(
        ValidationFailed,
        lambda: services.forward(
            dossier, actor=world.specialist, attachment=attached(name, content)
        ),
        dossier,
    )
    assert error.code == code
    assert dossier.steps.get(position=2).state == Step.State.ACTIVE, "the step did not move"
    assert attachments(dossier) == [] and stored_files(media) == before


def test_an_oversized_attachment_is_refused(world, media, settings):
    dossier = received(world)
    services.forward(dossier, actor=world.specialist)
    before = stored_files(media)
    settings.EGOV_UPLOAD_MAX_BYTES = 1024
    big = attached("lon.pdf", PDF_BYTES[:20] + b"0" * 2048 + b"\n%%EOF\n")
    error = refused(
        ValidationFailed,
        lambda: services.send_back(dossier, actor=world.head, reason="x", attachment=big),
        dossier,
    )
    assert error.code == "file_too_large"
    assert stored_files(media) == before


def test_an_attachment_name_is_sanitised(world, media):
    dossier = received(world)
    services.forward(
        dossier, actor=world.specialist, attachment=attached("../../../etc/bien ban.pdf")
    )
    [kept] = attachments(dossier)
    assert kept.name == "bien ban.pdf"
    path = (media / kept.file.name).resolve()
    assert path.is_relative_to(media.resolve()) and path.is_file()


# --- On the dossier page ----------------------------------------------------------------------


def test_forward_form_takes_a_file_listed_on_the_timeline_with_its_download(client, world):
    dossier = received(world)
    step = dossier.steps.get(state=Step.State.ACTIVE)
    client.force_login(world.specialist)
    page = client.get(page_url(dossier)).content.decode()
    form = re.search(rf'<form[^>]*action="[^"]*/forward/{step.pk}/"[^>]*>', page)
    assert form and 'enctype="multipart/form-data"' in form.group(0)
    assert f'name="forward-{step.pk}-attachment"' in page
    response = act(
        client,
        dossier,
        "forward",
        {"note": "Đã thẩm định", "attachment": attached("Biên bản thẩm định.pdf")},
        target=step.pk,
    )
    assert response.status_code == 302
    [kept] = attachments(dossier)
    assert kept.event.action == Action.FORWARD
    page = client.get(page_url(dossier)).content.decode()
    timeline = page[page.index('id="timeline-heading"') :]
    link = f"{page_url(dossier)}tep/{kept.pk}/"
    assert f'href="{link}">Biên bản thẩm định.pdf</a>' in timeline
    download = client.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    # Only officials who may see the dossier: not another commune's desk, not a citizen.
    client.force_login(world.desk_b)
    assert client.get(link).status_code == 404
    client.force_login(world.citizen)
    assert client.get(link).status_code in (403, 404)


def test_a_lying_attachment_is_refused_on_the_page(client, world):
    dossier = received(world)
    step = dossier.steps.get(state=Step.State.ACTIVE)
    client.force_login(world.specialist)
    response = act(
        client,
        dossier,
        "send_back",
        {"reason": "Thiếu", "attachment": attached("anh.pdf", PNG_BYTES)},
        target=step.pk,
    )
    assert response.status_code == 200
    assert attachments(dossier) == []
    assert "anh.pdf" not in text(client.get(page_url(dossier)))
